import { REQUEST_MODAL } from '../../../../src/slack/ids';
import { type RequestHarness, startRequestHarness } from '../../support/harness';
import { blockIdOf, inputBlockIds, metaOf, openRequestModal, stateOf } from '../../support/modal-steps';

let h: RequestHarness;

beforeEach(async () => {
  h = await startRequestHarness();
});

afterEach(() => h.close());

const { blocks: B } = REQUEST_MODAL;

describe('/renew and /purchase', () => {
  it('when /renew is run while the Partner API hangs, then the modal opens at once with the product select', async () => {
    h.sandbox.faults.hang(true);

    const modal = await openRequestModal(h, '/renew');

    expect(h.emulator.calls('views.open')).toEqual([expect.objectContaining({ ok: true })]);
    expect(modal.view).toMatchObject({
      callback_id: REQUEST_MODAL.callbackId,
      title: { text: 'Renew a licence' },
    });
    expect(inputBlockIds(modal)).toEqual([B.product]);
    expect(metaOf(modal)).toEqual({ command: 'renew', channelId: 'CGENERAL' });
  });

  it('when /purchase 3631E0997265 is run, then the appliance product and that serial number are pre-filled', async () => {
    const modal = await openRequestModal(h, '/purchase', '3631E0997265');

    expect(metaOf(modal)).toMatchObject({
      productId: 11,
      scenarioId: 'purchase-appliance-plan',
      serialNumber: '3631E0997265',
    });
    expect(stateOf(modal, 'serialNumber')?.selected_option).toMatchObject({ value: '3631E0997265' });
    expect(inputBlockIds(modal)).toContain('plan::11::3631E0997265');
    expect(modal.view).toMatchObject({
      state: { values: { [B.product]: { product_select: { selected_option: { value: '11' } } } } },
    });
  });

  it('when /renew rm premium is run, then RM Premium is chosen and its quantity is pre-filled with the current count', async () => {
    const modal = await openRequestModal(h, '/renew', 'rm PREMIUM');
    // The count comes after views.open, in a views.update.
    await h.emulator.waitFor(() => h.emulator.calls('views.update').length === 1, { what: 'views.update' });

    expect(metaOf(modal)).toMatchObject({ productId: 21, scenarioId: 'renew-rm-premium' });
    expect(stateOf(modal, 'quantity')?.value).toBe('10');
    expect(modal.blocks.find((b) => b.block_id === blockIdOf(modal, 'quantity'))).toMatchObject({
      hint: { text: 'Current: 10 remote management connections' },
    });
    expect(h.emulator.calls().map((c) => c.method)).toEqual(['auth.test', 'views.open', 'views.update']);
  });

  it('when /renew turnkey is run, then the Turnkey product is chosen and the modal asks which renewal', async () => {
    const modal = await openRequestModal(h, '/renew', 'turnkey');

    expect(metaOf(modal)).toEqual({
      command: 'renew',
      channelId: 'CGENERAL',
      productId: 14,
      productLabel: 'P-Series Turnkey Package',
    });
    expect(inputBlockIds(modal)).toEqual([B.product, `${B.scenario}::14`]);
  });

  it('when the text names nothing the command offers, then the modal opens empty', async () => {
    const modal = await openRequestModal(h, '/purchase', 'turnkey');

    expect(inputBlockIds(modal)).toEqual([B.product]);
  });
});
