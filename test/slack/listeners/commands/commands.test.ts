import type { Modal } from '../../../../src/sandbox/slack';
import { REQUEST_MODAL } from '../../../../src/slack/ids';
import { REQUESTER, type RequestHarness, startRequestHarness } from '../../support/harness';
import { chooseProduct, inputBlockIds, metaOf, openRequestModal, stateOf } from '../../support/modal-steps';

let h: RequestHarness;

beforeEach(async () => {
  h = await startRequestHarness();
});

afterEach(() => h.close());

const { actions: A } = REQUEST_MODAL;

const inputActions = (modal: Modal) =>
  modal.blocks.filter((b) => b.type === 'input').map((b) => b.element?.action_id);
const contextText = (modal: Modal) =>
  modal.blocks.filter((b) => b.type === 'context').map((b) => JSON.stringify(b.elements));

/** The views.update the lookups after views.open bring. */
async function lookedUp(modal: Modal): Promise<Modal> {
  await h.emulator.waitFor(() => h.emulator.calls('views.update').length === 1, { what: 'views.update' });
  return modal;
}

describe('/renew and /purchase', () => {
  it('when /renew is run while the Partner API hangs, then the modal opens at once with the customer and what to renew', async () => {
    h.sandbox.faults.hang(true);

    const modal = await openRequestModal(h, '/renew');

    expect(h.emulator.calls('views.open')).toEqual([expect.objectContaining({ ok: true })]);
    expect(modal.view).toMatchObject({
      callback_id: REQUEST_MODAL.callbackId,
      title: { text: 'Renew a subscription' },
    });
    expect(inputActions(modal)).toEqual([A.customer, A.holding]);
    expect(stateOf(modal, 'partnerId')?.selected_option).toMatchObject({
      value: 'own',
      text: { text: 'Our own account (Harbor Telecom Distribution)' },
    });
  });

  it('when /purchase 3631E0997265 is run, then the PBX says its product, and that PBX is chosen by its name', async () => {
    const modal = await lookedUp(await openRequestModal(h, '/purchase', '3631E0997265'));
    await chooseProduct(modal, 11, 'purchase-appliance-plan');

    expect(metaOf(modal)).toMatchObject({
      productId: 11,
      productLabel: 'P-Series Plan for Appliance Edition',
      scenarioId: 'purchase-appliance-plan',
      serial: { value: '3631E0997265', label: '3631E0997265 — Head office' },
    });
    expect(stateOf(modal, 'serialNumber')?.selected_option).toMatchObject({
      value: '3631E0997265',
      text: { text: '3631E0997265 — Head office' },
    });
    expect(inputBlockIds(modal)).toContain('plan::11::3631E0997265');
  });

  it('when the serial number is a customer’s PBX, then the order is for that customer: the device says whose it is', async () => {
    const modal = await lookedUp(await openRequestModal(h, '/purchase', '3631e3418911'));
    await chooseProduct(modal, 11, 'switch-appliance-plan');

    expect(metaOf(modal).customer).toEqual({
      value: '3076915454489739264',
      label: 'Color Ltd (Color Lee, color123@yeastar.com)',
    });
    expect(stateOf(modal, 'partnerId')?.selected_option).toMatchObject({ value: '3076915454489739264' });
    expect(stateOf(modal, 'serialNumber')?.selected_option).toMatchObject({ value: '3631E3418911' });
  });

  it('when the serial number is no PBX of the account, then a line says so and no PBX is chosen', async () => {
    const modal = await lookedUp(await openRequestModal(h, '/purchase', 'XXXX00000000'));

    expect(contextText(modal).join(' ')).toContain(
      'No PBX with serial number XXXX00000000 is in your Partner Portal account.',
    );
    expect(metaOf(modal).serial).toBeUndefined();
    expect(metaOf(modal).productId).toBeUndefined();
  });

  it('when /renew rm premium is run, then the one RM Premium the account holds is chosen, its count shown as kept', async () => {
    const modal = await lookedUp(await openRequestModal(h, '/renew', 'rm PREMIUM'));

    expect(metaOf(modal)).toMatchObject({ productId: 21, scenarioId: 'renew-rm-premium' });
    expect(JSON.stringify(modal.blocks)).toContain('*Remote management connections*: 10, renewed as is');
    expect(inputActions(modal)).toEqual([A.customer, A.holding, A.billingContact, A.poNumber, A.note]);
    expect(h.emulator.calls().map((c) => c.method)).toEqual(['auth.test', 'views.open', 'views.update']);
  });

  it('when /renew Color Ltd is run, then Color Ltd is chosen, and the one thing it holds with it', async () => {
    const modal = await lookedUp(await openRequestModal(h, '/renew', 'Color Ltd'));

    expect(metaOf(modal).customer?.value).toBe('3076915454489739264');
    // Its PCE White Label is not renewable through the API (the guide has no such tutorial).
    expect(metaOf(modal).holding).toMatchObject({
      planName: 'Ultimate Plan',
      serialNumber: '3631E3418911',
      scenarioId: 'renew-appliance-plan',
    });
  });

  it('when /renew rm premium nordlys is run, then Nordlys is chosen and a line says it holds no RM Premium', async () => {
    const modal = await lookedUp(await openRequestModal(h, '/renew', 'rm premium nordlys'));

    expect(metaOf(modal).customer?.label).toMatch(/^Nordlys Hotels AS/);
    expect(metaOf(modal).holding).toBeUndefined();
    expect(contextText(modal).join(' ')).toContain('holds nothing of that kind to renew: choose below.');
  });

  it('when /renew fjord is run, then the modal says Fjord Dental holds nothing renewable and points to /purchase', async () => {
    const modal = await lookedUp(await openRequestModal(h, '/renew', 'fjord'));

    expect(inputActions(modal)).toEqual([A.customer]);
    expect(JSON.stringify(modal.blocks)).toContain('holds nothing the app can renew now');
  });

  it.each([
    ['/renew', 'northwind', 'No product, customer or PBX matches “northwind”.'],
    ['/purchase', 'northwind', 'No product, customer or PBX matches “northwind”.'],
    ['/renew', 'ltd', '“ltd” matches 2 customers: choose one below.'],
  ] as const)(
    'when %s %s is run, then the text is not dropped silently: a line says what it matched',
    async (command, text, said) => {
      const modal = await lookedUp(await openRequestModal(h, command, text));

      expect(contextText(modal).join(' ')).toContain(said);
    },
  );

  it.each(['/renew', '/purchase'] as const)(
    'when %s help is run, then the usage is answered to the person alone, and no modal opens',
    async (command) => {
      const answer = await h.driver.command(REQUESTER, command, 'help', { channelId: 'CGENERAL' });

      expect(answer.status).toBe(200);
      const [usage] = await h.emulator.waitFor(
        () => h.emulator.ephemerals(REQUESTER).length > 0 && h.emulator.ephemerals(REQUESTER),
        {
          what: 'the usage',
        },
      );
      expect(usage?.text).toContain(`*${command}* opens a form`);
      expect(h.emulator.calls('views.open')).toEqual([]);
    },
  );
});
