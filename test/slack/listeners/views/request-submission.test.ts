import { DEFAULT_CLIENT_SECRET } from '../../../../src/sandbox/partner-api';
import { ACCOUNT } from '../../../../src/sandbox/partner-api/seed';
import type { Modal, SlackOption } from '../../../../src/sandbox/slack';
import { REQUEST_MODAL } from '../../../../src/slack/ids';
import { NOT_SAVED } from '../../../../src/slack/listeners/views/submission-errors';
import { holdingKey } from '../../../../src/slack/options/holdings';
import {
  MESSAGE_VALUE,
  UNAVAILABLE_VALUE,
  UNREADABLE_VALUE,
} from '../../../../src/slack/options/option-list';
import {
  eventually,
  type HarnessOptions,
  REQUESTER,
  type RequestHarness,
  startRequestHarness,
} from '../../support/harness';
import {
  actionIdOf,
  blockIdOf,
  blockOf,
  chooseHolding,
  chooseProduct,
  fill,
  metaOf,
  openRequestModal,
} from '../../support/modal-steps';

let h: RequestHarness;

async function start(options: HarnessOptions = {}) {
  h = await startRequestHarness({ deadlineMs: 200, ...options });
}

afterEach(() => h.close());

const CONTACT = '3090000000000000001';
const LOTUS = '3113456789012345678';
const TURNKEY_PLAN = '3048941892189077504';
const { actions: A } = REQUEST_MODAL;

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

async function appliancePurchase(term: string | SlackOption): Promise<Modal> {
  const modal = await openRequestModal(h, '/purchase', '3631E0997265');
  await h.emulator.waitFor(() => metaOf(modal).serial?.label, { what: 'the PBX to be looked up' });
  await chooseProduct(modal, 11, 'purchase-appliance-plan');
  await fill(modal, 'billingContactId', CONTACT);
  await fill(modal, 'planId', '3048560606464323584');
  modal.setValue(blockIdOf(modal, 'multiCycle'), actionIdOf('multiCycle'), term);
  return modal;
}

const option = (value: string, text = value): SlackOption => ({ text: { type: 'plain_text', text }, value });

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
        // 25 connections at 20.00 a year, as Yeastar quoted it at submission.
        price: { status: 'read', amount: '500.00', currency: 'USD' },
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

  it('when Yeastar prices later than the lists’ deadline, then the modal closes in time and the request is stored with its price not available', async () => {
    await start();
    const modal = await rmPremiumPurchase();
    h.sandbox.faults.setPricingLatency(5_000);

    expect(await modal.submit()).toEqual({ status: 200, body: null });

    const [posted] = await eventually(() => h.submitted.length > 0 && h.submitted, 'onSubmitted');
    expect(posted?.details.price).toEqual({ status: 'unavailable' });
    expect(h.logs).toContainEqual(expect.objectContaining({ msg: 'price not available from Yeastar' }));
  });

  it('when a renewal is submitted, then what it renews and its count come from Yeastar’s list, looked up again', async () => {
    await start();
    const modal = await openRequestModal(h, '/renew');
    await chooseHolding(modal, holdingKey('renew-turnkey-plan', { planId: TURNKEY_PLAN }, ACCOUNT.ucId));
    await fill(modal, 'billingContactId', CONTACT);

    expect(await modal.submit()).toEqual({ status: 200, body: null });

    const [posted] = await eventually(() => h.submitted.length > 0 && h.submitted, 'onSubmitted');
    expect((await h.store.requests.get(posted?.id ?? ''))?.details).toMatchObject({
      scenarioId: 'renew-turnkey-plan',
      planId: TURNKEY_PLAN,
      quantity: 100,
      labels: { scenario: 'Renew P-Series Turnkey Package', plan: 'P-Series Turnkey Package' },
    });
  });

  it('when what to renew is no longer held (a stale form), then the error says to choose again, under what to renew, and nothing is stored', async () => {
    await start();
    const modal = await openRequestModal(h, '/renew');
    await chooseHolding(modal, holdingKey('renew-turnkey-plan', { planId: TURNKEY_PLAN }, ACCOUNT.ucId));
    await fill(modal, 'billingContactId', CONTACT);
    // An entry listed a while ago, of something the account no longer holds: the app finds it gone.
    const gone = holdingKey('renew-rm-premium', { serviceId: '3375819276601303040' }, '3999999999999999999');
    await modal.select(blockOf(modal, A.holding), A.holding, option(gone, 'RM Premium'));

    const answer = await modal.submit();

    expect(answer.body).toEqual({
      response_action: 'errors',
      errors: {
        [blockOf(modal, A.holding)]:
          'Our own account (Harbor Telecom Distribution) no longer holds this, or its count changed: choose what to renew again.',
      },
    });
    expect(h.submitted).toEqual([]);
  });

  it('when an annual term is chosen, then the cycle and the years are stored from the one choice', async () => {
    await start();
    const modal = await appliancePurchase('annually:3');

    expect(await modal.submit()).toEqual({ status: 200, body: null });

    const [posted] = await eventually(() => h.submitted.length > 0 && h.submitted, 'onSubmitted');
    expect((await h.store.requests.get(posted?.id ?? ''))?.details).toMatchObject({
      billingCycle: 'annually',
      multiCycle: 3,
    });
  });

  it('when a term the select never offered comes back (monthly for 3 years), then it is refused under the term', async () => {
    await start();
    const modal = await appliancePurchase(option('monthly:3', 'Monthly'));

    const answer = await modal.submit();

    expect(answer.body).toEqual({
      response_action: 'errors',
      errors: {
        [blockIdOf(modal, 'multiCycle')]: 'A monthly plan runs month by month, with no term in years',
      },
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
    // With no PBX chosen the plan list only says to choose one first.
    await fill(modal, 'planId', MESSAGE_VALUE);
    await fill(modal, 'multiCycle', 'monthly:0');

    const answer = await modal.submit();

    const refused = 'This list could not be loaded: open the dropdown again and pick an entry.';
    expect(answer.body).toEqual({
      response_action: 'errors',
      errors: {
        [serialBlock]: refused,
        [blockIdOf(modal, 'billingContactId')]: refused,
        [blockIdOf(modal, 'planId')]:
          'That entry only says why there is nothing to pick yet: do what it says, then pick again.',
      },
    });
    expect(h.submitted).toEqual([]);
  });

  it('when the billing contacts came without their IDs and the entry saying so is submitted, then it is refused naming the doctor', async () => {
    await start();
    h.sandbox.faults.reshape([
      {
        endpoint: '/user/openapi/user/v1/client/billing_contact_list',
        field: '[].billingContactId',
        change: 'drop',
      },
    ]);
    const modal = await openRequestModal(h, '/purchase');
    await chooseProduct(modal, 20);
    await fill(modal, 'partnerId', LOTUS);
    await fill(modal, 'billingContactId', UNREADABLE_VALUE);
    await fill(modal, 'serviceId', '3375818821640175616');
    await fill(modal, 'quantity', 25);

    const answer = await modal.submit();

    expect(answer.body).toEqual({
      response_action: 'errors',
      errors: {
        [blockIdOf(modal, 'billingContactId')]:
          "Yeastar's answer lacks what this list needs: ask your admin to run npm run doctor, then try again.",
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
      errors: { [blockOf(modal, A.product)]: NOT_SAVED },
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

describe('the guide rules, inline under their fields', () => {
  it('when extensions would take the Cloud PBX past 500, then the quantity says how many fit, and the current plan shows as a fact', async () => {
    await start({ deadlineMs: 2000 });
    const modal = await openRequestModal(h, '/purchase');
    await chooseProduct(modal, 13, 'expand-pce-extensions');
    await h.emulator.waitFor(() => metaOf(modal).currentPlan, { what: 'the current plan' });
    await fill(modal, 'billingContactId', CONTACT);
    await fill(modal, 'quantity', 30);
    await fill(modal, 'multiCycle', 'monthly:0');

    const answer = await modal.submit();

    expect(JSON.stringify(modal.blocks)).toContain('*Current plan*: Enterprise Plan');
    expect(answer.body).toEqual({
      response_action: 'errors',
      errors: {
        [blockIdOf(modal, 'quantity')]:
          'Quantity can be at most 20: at most 500 extensions on a Cloud PBX, and there are 480 now',
      },
    });
    expect(h.submitted).toEqual([]);
  });

  it('when Disaster Recovery is asked for a PBX on the Enterprise Plan, then the service refuses it', async () => {
    await start({ deadlineMs: 2000 });
    const modal = await openRequestModal(h, '/purchase', '3658B4311196A2C1');
    await h.emulator.waitFor(() => metaOf(modal).serial?.label, { what: 'the PBX to be looked up' });
    await chooseProduct(modal, 12, 'pse-add-service');
    await fill(modal, 'billingContactId', CONTACT);
    await fill(modal, 'serviceId', '3048566344556677632');
    await fill(modal, 'multiCycle', 'annually:1');

    const answer = await modal.submit();

    expect(answer.body).toEqual({
      response_action: 'errors',
      errors: { [blockIdOf(modal, 'serviceId')]: 'Disaster Recovery is only supported on the Ultimate Plan' },
    });
  });

  it('when a customer has no plan to add to, then the modal says so and submission refuses it under the PBX', async () => {
    await start({ deadlineMs: 2000 });
    const modal = await openRequestModal(h, '/purchase', '3631E5520873');
    await h.emulator.waitFor(() => metaOf(modal).serial?.label, { what: 'the PBX to be looked up' });
    await chooseProduct(modal, 11, 'switch-appliance-plan');
    await h.emulator.waitFor(() => metaOf(modal).notice, { what: 'the notice' });

    const said =
      'PBX 3631E5520873 has no P-Series Plan for Appliance Edition plan to switch from: buy a plan for it first.';
    expect(metaOf(modal).notice).toBe(said);
    await fill(modal, 'billingContactId', CONTACT);
    await fill(modal, 'planId', '3048560232537899008');
    await fill(modal, 'multiCycle', 'monthly:0');

    const answer = await modal.submit();

    expect(answer.body).toEqual({
      response_action: 'errors',
      errors: { [blockIdOf(modal, 'serialNumber')]: said },
    });
    expect(h.submitted).toEqual([]);
  });
});
