import type { Modal } from '../../../../src/sandbox/slack';
import { REQUEST_MODAL } from '../../../../src/slack/ids';
import {
  MESSAGE_VALUE,
  UNAVAILABLE_TEXT,
  UNAVAILABLE_VALUE,
} from '../../../../src/slack/options/option-list';
import { type RequestHarness, startRequestHarness } from '../../support/harness';
import {
  actionIdOf,
  blockIdOf,
  blockOf,
  chooseProduct,
  fill,
  metaOf,
  openRequestModal,
} from '../../support/modal-steps';

let h: RequestHarness;

beforeEach(async () => {
  h = await startRequestHarness({ deadlineMs: 200 });
});

afterEach(() => h.close());

const { actions: A } = REQUEST_MODAL;

const pairs = (answer: { options?: { text: { text: string }; value: string }[] }) =>
  (answer.options ?? []).map((o) => [o.text.text, o.value]);

async function applianceModal(serial?: string): Promise<Modal> {
  const modal = await openRequestModal(h, '/purchase', serial ?? '');
  // A serial number says its product once it is looked up.
  if (serial) await h.emulator.waitFor(() => metaOf(modal).productId, { what: 'the PBX to be looked up' });
  await chooseProduct(modal, 11, 'purchase-appliance-plan');
  return modal;
}

describe('the request modal dropdowns', () => {
  it('when the product list is opened for /purchase, then it offers the products it sells with their API names', async () => {
    const modal = await openRequestModal(h, '/purchase');

    const answer = await modal.suggest(blockOf(modal, A.product), A.product, '');

    expect(pairs(answer)).toEqual([
      ['Linkus Cloud Service', '9'],
      ['P-Series Plan for Appliance Edition', '11'],
      ['Software PBX (PSE Self-hosted)', '12'],
      ['Cloud PBX (PCE Instance)', '13'],
      ['P-Series Turnkey Package', '14'],
      ['Remote Management', '15'],
      ['Add-on Service', '19'],
      ['Remote Management Premium', '20'],
      ['RM Premium', '21'],
    ]);
  });

  it('when billing contacts are searched, then labels are names and the values are the exact 19-digit IDs', async () => {
    const modal = await applianceModal();
    const blockId = blockIdOf(modal, 'billingContactId');

    const all = await modal.suggest(blockId, actionIdOf('billingContactId'), '');
    const acme = await modal.suggest(blockId, actionIdOf('billingContactId'), 'ACME');

    expect(all.options?.map((o) => o.value)).toEqual([
      '3197218168379846218',
      '3090000000000000001',
      '3201456789012345678',
    ]);
    expect(pairs(acme)).toEqual([
      ['Ann Lee, Acme Communications (billing@acme.example)', '3090000000000000001'],
    ]);
  });

  it('when customers are searched, then the query filters by company, name or e-mail, and the own account comes first', async () => {
    const modal = await applianceModal();

    const answer = await modal.suggest(blockIdOf(modal, 'partnerId'), actionIdOf('partnerId'), 'nordlys');
    const all = await modal.suggest(blockIdOf(modal, 'partnerId'), actionIdOf('partnerId'), '');

    expect(pairs(answer)).toEqual([
      ['Nordlys Hotels AS (Jonas Berg, it@nordlyshotels.example)', '3102345678901234567'],
    ]);
    expect(pairs(all)[0]).toEqual(['Our own account (Harbor Telecom Distribution)', 'own']);
    expect(all.options).toHaveLength(5);
  });

  it('when serial numbers are listed, then only the customer’s PBXs of the product are offered, searchable by comment', async () => {
    const modal = await applianceModal();

    const answer = await modal.suggest(blockIdOf(modal, 'serialNumber'), actionIdOf('serialNumber'), 'spare');

    expect(pairs(answer)).toEqual([['3631E5520873 — Spare unit', '3631E5520873']]);
  });

  it('when a PBX holds a plan and a service, then the PBX list offers it once', async () => {
    const modal = await openRequestModal(h, '/purchase');
    await chooseProduct(modal, 12, 'expand-pse');
    await fill(modal, 'partnerId', '3113456789012345678');

    const answer = await modal.suggest(blockIdOf(modal, 'serialNumber'), actionIdOf('serialNumber'), '');

    expect(pairs(answer)).toEqual([['3658B4311196B3F8 — Lotus Bengaluru data centre', '3658B4311196B3F8']]);
  });

  it('when the plans of a per-device product are listed, then they are those of the chosen serial number', async () => {
    const modal = await applianceModal('3631E0997265');

    await h.emulator.waitFor(() => metaOf(modal).serial?.label, { what: 'the PBX to be looked up' });

    const answer = await modal.suggest(blockOf(modal, A.plan), A.plan, 'PLAN');

    expect(pairs(answer)).toEqual([
      ['Standard Plan', '3048558946648207360'],
      ['Enterprise Plan', '3048560232537899008'],
      ['Ultimate Plan', '3048560606464323584'],
    ]);
  });

  it('when the plans of a per-device product are opened before the serial number, then they ask for it first', async () => {
    const modal = await applianceModal();

    const answer = await modal.suggest(blockOf(modal, A.plan), A.plan, '');

    expect(pairs(answer)).toEqual([['Choose the PBX first', MESSAGE_VALUE]]);
  });

  it('when the Partner API hangs and a list is cold, then the answer is the one "unavailable" entry', async () => {
    h.sandbox.faults.hang(true);
    const modal = await openRequestModal(h, '/purchase');
    await chooseProduct(modal, 20);

    const answer = await modal.suggest(blockIdOf(modal, 'serviceId'), actionIdOf('serviceId'), '');

    // Warmed when the modal opened, but that load is still hanging: nothing is cached yet.
    expect(pairs(answer)).toEqual([[UNAVAILABLE_TEXT, UNAVAILABLE_VALUE]]);
  });

  it('when the Partner API hangs after a list was loaded, then the cached list still answers', async () => {
    const modal = await openRequestModal(h, '/purchase');
    await chooseProduct(modal, 20);
    const blockId = blockIdOf(modal, 'billingContactId');
    const before = await modal.suggest(blockId, actionIdOf('billingContactId'), '');
    h.sandbox.faults.hang(true);

    const after = await modal.suggest(blockId, actionIdOf('billingContactId'), '');

    expect(after).toEqual(before);
    expect(after.options).toHaveLength(3);
  });

  it('when the Partner API is down, then the products still list with the catalog names', async () => {
    h.sandbox.faults.failNext(10);
    const modal = await openRequestModal(h, '/purchase');

    const answer = await modal.suggest(blockOf(modal, A.product), A.product, 'premium');

    // The catalog's names stand in for the API's.
    expect(pairs(answer)).toEqual([
      ['Remote Management Premium', '20'],
      ['RM Premium', '21'],
    ]);
    expect(h.logs).toContainEqual(
      expect.objectContaining({ msg: 'partner list unavailable', list: 'products' }),
    );
  });

  it('when a customer holds no PBX of the product, then the PBX list says so instead of an empty menu', async () => {
    const modal = await applianceModal();
    const customer = blockIdOf(modal, 'partnerId');
    await modal.select(customer, actionIdOf('partnerId'), await optionOf(modal, customer, 'nordlys'));
    await modal.waitForUpdate();

    const answer = await modal.suggest(blockIdOf(modal, 'serialNumber'), actionIdOf('serialNumber'), '');

    expect(pairs(answer)).toEqual([
      ['No PBX of Nordlys Hotels AS (Jonas Berg, it@nordlyshotels.example) is in t…', MESSAGE_VALUE],
    ]);
  });
});

/** The value of the customer option a search finds. */
async function optionOf(modal: Modal, blockId: string, query: string): Promise<string> {
  const [option] = (await modal.suggest(blockId, actionIdOf('partnerId'), query)).options ?? [];
  if (!option) throw new Error(`no customer matches ${query}`);
  return option.value;
}
