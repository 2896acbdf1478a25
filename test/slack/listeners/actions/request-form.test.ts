import { type OrderField, type Scenario, scenariosFor, scenariosForProduct } from '../../../../src/catalog';
import { ACCOUNT } from '../../../../src/sandbox/partner-api/seed';
import type { Modal } from '../../../../src/sandbox/slack';
import { REQUEST_MODAL } from '../../../../src/slack/ids';
import { holdingKey } from '../../../../src/slack/options/holdings';
import { type EnteredOrderField, FIELD_INPUTS } from '../../../../src/slack/views/request-modal';
import { type RequestHarness, startRequestHarness } from '../../support/harness';
import {
  blockOf,
  chooseHolding,
  chooseProduct,
  fill,
  inputBlockIds,
  metaOf,
  openRequestModal,
  stateOf,
} from '../../support/modal-steps';

let h: RequestHarness;

beforeEach(async () => {
  h = await startRequestHarness();
});

afterEach(() => h.close());

const { actions: A } = REQUEST_MODAL;
const NORDLYS = '3102345678901234567';
const COLOR = '3076915454489739264';

const inputActions = (modal: Modal) =>
  modal.blocks.filter((b) => b.type === 'input').map((b) => b.element?.action_id);

/** What each purchase row shows once its product (and row) is chosen. */
const PURCHASE_SHOWN: Record<string, string[]> = {
  'purchase-rm-premium': [A.product, A.customer, A.billingContact, A.service, A.quantity, A.poNumber, A.note],
  'purchase-appliance-plan': [
    A.product,
    A.scenario,
    A.customer,
    A.billingContact,
    A.serialNumber,
    A.plan,
    A.term,
    A.poNumber,
    A.note,
  ],
};

/** The inputs a purchase row asks for, in the modal's order: its choices, then the term, then the texts. */
function askedInputs(scenario: Scenario): string[] {
  const isText = (name: string) => name === 'poNumber' || name === 'note';
  const asked = scenario.fields
    .map((f): OrderField => f.name)
    .filter((name): name is EnteredOrderField => name !== 'connectionPlanId');
  const several = scenariosForProduct('purchase', scenario.productId).length > 1;
  return [
    A.product,
    ...(several ? [A.scenario] : []),
    ...asked.filter((n) => !isText(n)).map((n) => A[FIELD_INPUTS[n]]),
    ...(scenario.billing.kind === 'chosen' ? [A.term] : []),
    ...asked.filter(isText).map((n) => A[FIELD_INPUTS[n]]),
  ];
}

/** What each renewal row renews on the sandbox's own account. */
const OWN_HOLDINGS: Record<string, { planId?: string; serviceId?: string }> = {
  'renew-ycm-white-label': { serviceId: '3341070434683027456' },
  'renew-turnkey-plan': { planId: '3048941892189077504' },
  'renew-turnkey-plan-and-service': { planId: '3048941892189077504', serviceId: '3048942310987654144' },
  'renew-rm-premium': { serviceId: '3375819276601303040' },
};

/** The options a person sees when they open a dropdown. */
async function offered(modal: Modal, actionId: string) {
  const answer = await modal.suggest(blockOf(modal, actionId), actionId, '');
  return (answer.options ?? []).map((o) => ({ value: o.value, text: o.text.text }));
}

describe('choosing in the request modal', () => {
  it.each(scenariosFor('purchase').map((s) => ({ id: s.id, scenario: s })))(
    'when $id is chosen, then views.update shows exactly its inputs',
    async ({ id, scenario }) => {
      const modal = await openRequestModal(h, '/purchase');
      const openedHash = modal.view.hash;

      await chooseProduct(modal, scenario.productId, id);

      // The own account's one Cloud PBX is chosen for the person, and its extensions are what High
      // Availability is bought for: shown as a fact, not asked.
      const looked: string[] = id === 'pce-high-availability' ? [A.quantity] : [];
      expect(inputActions(modal)).toEqual(
        PURCHASE_SHOWN[id] ?? askedInputs(scenario).filter((a) => !looked.includes(a)),
      );
      expect(h.emulator.calls('views.update')[0]?.args).toMatchObject({
        view_id: modal.id,
        hash: openedHash,
      });
      expect(metaOf(modal)).toMatchObject({ productId: scenario.productId, scenarioId: id });
    },
  );

  it.each(Object.entries(OWN_HOLDINGS))(
    'when what to renew is %s, then the modal shows it as facts and asks only for the billing contact, PO number and note',
    async (scenarioId, ids) => {
      const modal = await openRequestModal(h, '/renew');

      await chooseHolding(modal, holdingKey(scenarioId, ids, ACCOUNT.ucId));

      expect(inputActions(modal)).toEqual([A.customer, A.holding, A.billingContact, A.poNumber, A.note]);
      expect(metaOf(modal)).toMatchObject({ scenarioId, holding: { ...ids } });
      expect(JSON.stringify(modal.blocks)).toContain('*Term*: 1 year, billed annually');
    },
  );

  it('when /renew lists what to renew, then it offers exactly what the account holds, one entry per holding, each with its count and expiry', async () => {
    const modal = await openRequestModal(h, '/renew');

    expect((await offered(modal, A.holding)).map((o) => o.text)).toEqual([
      'YCM White Label, until 20 May 2027',
      'P-Series Turnkey Package (100 extensions), until 1 Apr 2027',
      'P-Series Turnkey Package (100 extensions) with Extensions (20), until 1 Ap…',
      'RM Premium (10 remote management connections), until 19 May 2027',
      'Remote Management Account, until 10 Jan 2027',
      'Standard Plan on PBX 3631E0997265, until 11 Mar 2027',
      'Enterprise Plan (50 extensions) on PBX 3658B4311196A2C1, until 15 Jan 2027',
      'Enterprise Plan (480 extensions) on PBX 3658B4311196E4F2, until 16 Dec 2026',
    ]);
  });

  it('when another customer is chosen for a renewal, then what to renew follows them, with their counts', async () => {
    const modal = await openRequestModal(h, '/renew');
    await chooseHolding(
      modal,
      holdingKey('renew-turnkey-plan', OWN_HOLDINGS['renew-turnkey-plan'] ?? {}, ACCOUNT.ucId),
    );

    await fill(modal, 'partnerId', NORDLYS);

    // Nordlys holds one thing to renew: it is chosen for the person, with Nordlys's count.
    expect(metaOf(modal)).toMatchObject({
      customer: { value: NORDLYS },
      holding: { counts: { quantity: 40 } },
    });
    expect(JSON.stringify(modal.blocks)).toContain('*Extensions*: 40, renewed as is');
  });

  it('when a customer was chosen, then the own account is still the first entry, and choosing it goes back', async () => {
    const modal = await openRequestModal(h, '/renew');
    await fill(modal, 'partnerId', COLOR);

    const customers = await offered(modal, A.customer);
    expect(customers[0]).toEqual({ value: 'own', text: 'Our own account (Harbor Telecom Distribution)' });
    await fill(modal, 'partnerId', 'own');

    expect(metaOf(modal).customer).toBeUndefined();
    expect(stateOf(modal, 'partnerId')?.selected_option).toMatchObject({ value: 'own' });
    expect(await offered(modal, A.holding)).toHaveLength(8);
  });

  it('when the only service of a product is the only choice, then it is chosen for the person', async () => {
    const modal = await openRequestModal(h, '/purchase');

    await chooseProduct(modal, 20);
    await h.emulator.waitFor(() => metaOf(modal).auto?.service, { what: 'the service to be chosen' });

    expect(stateOf(modal, 'serviceId')?.selected_option).toMatchObject({
      value: '3375818821640175616',
      text: { text: 'Remote Management Premium' },
    });
  });

  it('when another product is chosen, then the inputs that depended on the first are reset, the others kept', async () => {
    const modal = await openRequestModal(h, '/purchase');
    await chooseProduct(modal, 11);
    await fill(modal, 'serialNumber', '3631E0997265');
    await fill(modal, 'billingContactId', '3197218168379846218');

    await chooseProduct(modal, 20);

    expect(inputActions(modal)).not.toContain(A.serialNumber);
    expect(stateOf(modal, 'billingContactId')?.selected_option).toMatchObject({
      value: '3197218168379846218',
    });
  });

  it('when a PBX is chosen, then the plan input is rebuilt for that PBX', async () => {
    const modal = await openRequestModal(h, '/purchase');
    await chooseProduct(modal, 11);
    expect(inputBlockIds(modal)).toContain('plan::11');

    await fill(modal, 'serialNumber', '3631E5520873');

    expect(inputBlockIds(modal)).toContain('plan::11::3631E5520873');
    expect(inputBlockIds(modal)).not.toContain('plan::11');
  });

  it('when the customer changes, then the PBX list follows: it offers only their PBXs, and one alone is chosen', async () => {
    const modal = await openRequestModal(h, '/purchase');
    await chooseProduct(modal, 11);
    expect((await offered(modal, A.serialNumber)).map((o) => o.value)).toEqual([
      '3631E0997265',
      '3631E5520873',
    ]);

    await fill(modal, 'partnerId', COLOR);

    expect((await offered(modal, A.serialNumber)).map((o) => o.value)).toEqual(['3631E3418911']);
    expect(stateOf(modal, 'serialNumber')?.selected_option).toMatchObject({
      value: '3631E3418911',
      text: { text: '3631E3418911 — Color Ltd Madrid' },
    });
  });
});
