import { DEFAULT_CLIENT_SECRET } from '../../../../src/sandbox/partner-api';
import type { Modal } from '../../../../src/sandbox/slack';
import { REQUEST_MODAL } from '../../../../src/slack/ids';
import { NOT_SAVED } from '../../../../src/slack/listeners/views/submission-errors';
import { UNAVAILABLE_VALUE } from '../../../../src/slack/options/option-list';
import {
  eventually,
  type HarnessOptions,
  REQUESTER,
  type RequestHarness,
  startRequestHarness,
} from '../../support/harness';
import { actionIdOf, blockIdOf, chooseProduct, fill, openRequestModal } from '../../support/modal-steps';

let h: RequestHarness;

async function start(options: HarnessOptions = {}) {
  h = await startRequestHarness({ deadlineMs: 200, ...options });
}

afterEach(() => h.close());

const CONTACT = '3090000000000000001';
const LOTUS = '3113456789012345678';

async function rmPremiumPurchase(): Promise<Modal> {
  const modal = await openRequestModal(h, '/purchase');
  await chooseProduct(modal, 20);
  await fill(modal, 'partnerId', LOTUS);
  await fill(modal, 'billingContactId', CONTACT);
  await fill(modal, 'serviceId', '3375818821640175616');
  await fill(modal, 'quantity', 25);
  await fill(modal, 'poNumber', 'PO-2026-114');
  await fill(modal, 'note', 'For the <Bengaluru> clinics');
  return modal;
}

async function appliancePurchase(cycle: string, term?: string): Promise<Modal> {
  const modal = await openRequestModal(h, '/purchase', '3631E0997265');
  await fill(modal, 'billingContactId', CONTACT);
  await fill(modal, 'planId', '3048560606464323584');
  await fill(modal, 'billingCycle', cycle);
  if (term) await fill(modal, 'multiCycle', term);
  return modal;
}

describe('submitting the request modal', () => {
  it('when a valid request is submitted, then it is stored pending approval with exact IDs and labels, and posted once', async () => {
    await start();
    const modal = await rmPremiumPurchase();

    const answer = await modal.submit();

    expect(answer).toEqual({ status: 200, body: null });
    expect(modal.isOpen).toBe(false);
    const [posted] = await eventually(() => h.submitted.length > 0 && h.submitted, 'onSubmitted');
    const stored = await h.store.requests.get(posted?.id ?? '');
    expect(stored).toMatchObject({
      state: 'pending_approval',
      requesterId: REQUESTER,
      scenarioId: 'purchase-rm-premium',
      slack: { originChannelId: 'CGENERAL' },
      details: {
        scenarioId: 'purchase-rm-premium',
        partnerId: LOTUS,
        billingContactId: CONTACT,
        serviceId: '3375818821640175616',
        quantity: 25,
        poNumber: 'PO-2026-114',
        note: 'For the <Bengaluru> clinics',
        labels: {
          scenario: 'Purchase Remote Management Premium',
          product: 'Remote Management Premium',
          customer: 'Lotus Clinics Pvt Ltd (Priya Nair, priya.nair@lotusclinics.example)',
          billingContact: 'Ann Lee, Acme Communications (billing@acme.example)',
          service: 'Remote Management Premium',
        },
      },
    });
    expect(h.submitted).toHaveLength(1);
    const logged = JSON.stringify(h.logs);
    expect(logged).not.toContain(DEFAULT_CLIENT_SECRET);
    expect(logged).not.toContain(h.emulator.botToken);
  });

  it('when a renewal quantity is not the current count, then the error shows under the quantity and nothing is stored', async () => {
    await start();
    const modal = await openRequestModal(h, '/renew');
    await chooseProduct(modal, 14, 'renew-turnkey-plan');
    await fill(modal, 'billingContactId', CONTACT);
    await fill(modal, 'planId', '3048941892189077504');
    await fill(modal, 'quantity', 99);

    const answer = await modal.submit();

    const quantityBlock = blockIdOf(modal, 'quantity');
    expect(answer.body).toEqual({
      response_action: 'errors',
      errors: { [quantityBlock]: 'Quantity must equal the current number of extensions (100) for a renewal' },
    });
    expect(modal.errors).toEqual({
      [quantityBlock]: 'Quantity must equal the current number of extensions (100) for a renewal',
    });
    expect(modal.isOpen).toBe(true);
    expect(h.submitted).toEqual([]);
  });

  it('when a monthly plan is given a term, then the term error shows under the term', async () => {
    await start();
    const modal = await appliancePurchase('monthly', '3');

    const answer = await modal.submit();

    expect(answer.body).toEqual({
      response_action: 'errors',
      errors: { [blockIdOf(modal, 'multiCycle')]: 'A monthly plan has no term: leave the term empty' },
    });
  });

  it('when an annual plan has no term, then the term error says what to choose', async () => {
    await start();
    const modal = await appliancePurchase('annually');

    const answer = await modal.submit();

    expect(answer.body).toEqual({
      response_action: 'errors',
      errors: { [blockIdOf(modal, 'multiCycle')]: 'Choose 1 to 5 years for an annual plan' },
    });
  });

  it('when the serial number list was unavailable and its placeholder entry is submitted, then the serial number is refused', async () => {
    await start();
    h.sandbox.faults.hang(true);
    const modal = await openRequestModal(h, '/purchase');
    await chooseProduct(modal, 11);
    const serialBlock = blockIdOf(modal, 'serialNumber');
    await modal.suggest(serialBlock, actionIdOf('serialNumber'), '');
    // The app ignores the placeholder pick: the modal is not rebuilt.
    await modal.select(serialBlock, actionIdOf('serialNumber'), UNAVAILABLE_VALUE);
    await fill(modal, 'billingContactId', UNAVAILABLE_VALUE);
    await fill(modal, 'planId', UNAVAILABLE_VALUE);
    await fill(modal, 'billingCycle', 'monthly');

    const answer = await modal.submit();

    const refused = 'This list could not be loaded: open the dropdown again and pick an entry.';
    expect(answer.body).toEqual({
      response_action: 'errors',
      errors: {
        [serialBlock]: refused,
        [blockIdOf(modal, 'billingContactId')]: refused,
        [blockIdOf(modal, 'planId')]: refused,
      },
    });
    expect(h.submitted).toEqual([]);
  });

  it('when the request cannot be stored, then the modal stays open saying so and nothing is posted', async () => {
    await start();
    const modal = await rmPremiumPurchase();
    await h.store.close();

    const answer = await modal.submit();

    expect(answer.body).toEqual({
      response_action: 'errors',
      errors: { [REQUEST_MODAL.blocks.product]: NOT_SAVED },
    });
    expect(modal.isOpen).toBe(true);
    expect(h.submitted).toEqual([]);
    expect(h.logs).toContainEqual(expect.objectContaining({ level: 50, msg: 'order request not stored' }));
  });

  it('when posting for approval fails, then the modal still closes, the request stays stored and the failure is logged', async () => {
    await start({
      onSubmitted: async () => {
        throw new Error('channel_not_found');
      },
    });
    const modal = await rmPremiumPurchase();

    const answer = await modal.submit();

    expect(answer).toEqual({ status: 200, body: null });
    const line = await eventually(
      () => h.logs.find((l) => l.msg === 'people could not be told'),
      'the failure log line',
    );
    expect(line).toMatchObject({ step: 'submitted', err: { message: 'channel_not_found' } });
    const stored = await h.store.requests.get(String(line.requestId));
    expect(stored?.state).toBe('pending_approval');
  });
});
