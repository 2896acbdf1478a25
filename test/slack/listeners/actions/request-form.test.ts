import { SCENARIOS } from '../../../../src/catalog';
import { REQUEST_MODAL } from '../../../../src/slack/ids';
import { type RequestHarness, startRequestHarness } from '../../support/harness';
import {
  blockIdOf,
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

const { blocks: B } = REQUEST_MODAL;

/** What each row shows after its product (and row) is chosen, by block_id without its dependencies. */
const SHOWN: Record<string, string[]> = {
  'renew-ycm-white-label': ['product', 'customer', 'billing_contact', 'service', 'po_number', 'note'],
  'renew-turnkey-plan': [
    'product',
    'scenario',
    'customer',
    'billing_contact',
    'plan',
    'quantity',
    'po_number',
    'note',
  ],
  'renew-turnkey-plan-and-service': [
    'product',
    'scenario',
    'customer',
    'billing_contact',
    'plan',
    'quantity',
    'service',
    'service_quantity',
    'po_number',
    'note',
  ],
  'renew-rm-premium': ['product', 'customer', 'billing_contact', 'service', 'quantity', 'po_number', 'note'],
  'purchase-rm-premium': [
    'product',
    'customer',
    'billing_contact',
    'service',
    'quantity',
    'po_number',
    'note',
  ],
  'purchase-appliance-plan': [
    'product',
    'customer',
    'billing_contact',
    'serial_number',
    'plan',
    'billing_cycle',
    'term',
    'po_number',
    'note',
  ],
};

describe('choosing in the request modal', () => {
  it.each(SCENARIOS.map((s) => ({ id: s.id, scenario: s })))(
    'when $id is chosen, then views.update shows exactly its fields',
    async ({ id, scenario }) => {
      const modal = await openRequestModal(h, `/${scenario.command}`);
      const openedHash = modal.view.hash;

      await chooseProduct(modal, scenario.productId, id);

      expect(inputBlockIds(modal).map((b) => b.split('::')[0])).toEqual(SHOWN[id]);
      expect(h.emulator.calls('views.update')[0]?.args).toMatchObject({
        view_id: modal.id,
        hash: openedHash,
      });
      expect(metaOf(modal)).toMatchObject({ productId: scenario.productId, scenarioId: id });
    },
  );

  it('when a customer is chosen for a Turnkey renewal, then the quantity is rebuilt with their current count', async () => {
    const modal = await openRequestModal(h, '/renew');
    await chooseProduct(modal, 14, 'renew-turnkey-plan');
    expect(stateOf(modal, 'quantity')?.value).toBe('100');

    await fill(modal, 'partnerId', '3102345678901234567');

    expect(metaOf(modal)).toMatchObject({
      partnerId: '3102345678901234567',
      current: { currentQuantity: 40 },
    });
    expect(stateOf(modal, 'quantity')?.value).toBe('40');
    expect(modal.blocks.find((b) => b.block_id === blockIdOf(modal, 'quantity'))).toMatchObject({
      hint: { text: 'Current: 40 extensions' },
    });
  });

  it('when another product is chosen, then the inputs that depended on the first are reset', async () => {
    const modal = await openRequestModal(h, '/renew');
    await chooseProduct(modal, 21);
    await fill(modal, 'serviceId', '3375819276601303040');
    await fill(modal, 'billingContactId', '3197218168379846218');

    await chooseProduct(modal, 19);

    expect(inputBlockIds(modal)).toContain('service::19');
    expect(stateOf(modal, 'serviceId')?.selected_option).toBeNull();
    // Not product-dependent: kept.
    expect(stateOf(modal, 'billingContactId')?.selected_option).toMatchObject({
      value: '3197218168379846218',
    });
  });

  it('when a serial number is chosen, then the plan input is rebuilt for that PBX', async () => {
    const modal = await openRequestModal(h, '/purchase');
    await chooseProduct(modal, 11);
    expect(inputBlockIds(modal)).toContain('plan::11');

    await fill(modal, 'serialNumber', '3631E3418911');

    expect(inputBlockIds(modal)).toContain('plan::11::3631E3418911');
    expect(inputBlockIds(modal)).not.toContain(`${B.plan}::11`);
  });
});
