import { type OrderField, SCENARIOS, type Scenario, scenariosFor } from '../../../src/catalog';
import { REQUEST_MODAL } from '../../../src/slack/ids';
import { type Holding, holdingKey } from '../../../src/slack/options/holdings';
import {
  buildRequestModal,
  type EnteredOrderField,
  FIELD_INPUTS,
  fieldBlockId,
  holdingOptionText,
  inputBlockId,
  type ModalInput,
  type RequestModalMeta,
  readRequestForm,
  withCustomer,
  withHolding,
  withProduct,
  withSerial,
} from '../../../src/slack/views/request-modal';

const { actions: A } = REQUEST_MODAL;

const SERIAL = '3631E0997265';
const COLOR = { value: '3076915454489739264', label: 'Color Ltd (Color Lee, color123@yeastar.com)' };

/** A holding of each renewal row, with the counts its quantity fields keep. */
function holdingFor(
  scenario: Scenario,
  counts: Holding['counts'] = { quantity: 100, serviceQuantity: 20 },
): Holding {
  const ids = {
    ...(scenario.lines.some((l) => l.serviceType === 'plan') ? { planId: '3048941892189077504' } : {}),
    ...(scenario.lines.some((l) => l.serviceType === 'service') ? { serviceId: '3048942310987654144' } : {}),
  };
  const wanted = new Set(scenario.lines.flatMap((l) => (l.quantity ? [l.quantity] : [])));
  return {
    key: holdingKey(scenario.id, ids, '3076913644890832896'),
    scenarioId: scenario.id,
    productId: scenario.productId,
    productNo: '3076913644890832896',
    ...ids,
    ...(ids.planId ? { planName: 'P-Series Turnkey Package' } : {}),
    ...(ids.serviceId ? { serviceName: 'Extensions' } : {}),
    counts: Object.fromEntries(Object.entries(counts).filter(([f]) => wanted.has(f as 'quantity'))),
    expireTime: Date.UTC(2027, 3, 1),
  };
}

function metaFor(scenario: Scenario): RequestModalMeta {
  const start: RequestModalMeta = { command: scenario.command, channelId: 'CGENERAL', ownAccount: 'Harbor' };
  if (scenario.command === 'renew') return withHolding(start, holdingFor(scenario), scenario.productName);
  const meta = { ...withProduct(start, scenario.productId, scenario.productName), scenarioId: scenario.id };
  return scenario.fields.some((f) => f.name === 'serialNumber')
    ? withSerial(meta, { value: SERIAL, label: SERIAL })
    : meta;
}

type InputBlockJson = {
  type: string;
  block_id: string;
  label: { text: string };
  optional?: boolean;
  element: Record<string, unknown>;
  dispatch_action?: boolean;
};

function inputs(blocks: readonly object[]): InputBlockJson[] {
  return (blocks as InputBlockJson[]).filter((b) => b.type === 'input');
}

const actionOf = (block: InputBlockJson) => String(block.element.action_id);

/** The inputs a row's modal has, by name: a renewal's holding fixes its plan, service, PBX and counts. */
function expectedInputs(scenario: Scenario): ModalInput[] {
  const renewal = scenario.command === 'renew';
  const held = new Set<OrderField>(['planId', 'serviceId', 'serialNumber', 'quantity', 'serviceQuantity']);
  const fields = scenario.fields
    .map((f): OrderField => f.name)
    .filter((f): f is EnteredOrderField => f !== 'connectionPlanId' && !(renewal && held.has(f)));
  const chosen: ModalInput[] = scenario.billing.kind === 'chosen' ? ['term'] : [];
  const rows = scenariosFor(scenario.command).filter((s) => s.productId === scenario.productId);
  const head: ModalInput[] = renewal
    ? ['holding']
    : ['product', ...(rows.length > 1 ? (['scenario'] as const) : [])];
  return [...head, ...fields.map((f) => FIELD_INPUTS[f]), ...chosen];
}

/** What Slack would send back after a person entered `values` (by input name) in the built view. */
function stateFor(blocks: readonly object[], values: Partial<Record<ModalInput, string>>) {
  const byAction = Object.fromEntries(
    Object.entries(A).map(([name, action]) => [action, name as ModalInput]),
  );
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of inputs(blocks)) {
    const actionId = actionOf(block);
    const name = byAction[actionId] as ModalInput;
    const initial = block.element.initial_option as { value: string; text: { text: string } } | undefined;
    const value = values[name] ?? initial?.value;
    const typed = block.element.type === 'number_input' || block.element.type === 'plain_text_input';
    state[block.block_id] = {
      [actionId]: typed
        ? { type: block.element.type, value: value ?? null }
        : {
            type: block.element.type,
            selected_option:
              value === undefined ? null : { text: { type: 'plain_text', text: `Label of ${value}` }, value },
          },
    };
  }
  return state;
}

const SAMPLE: Partial<Record<ModalInput, string>> = {
  customer: COLOR.value,
  billingContact: '3197218168379846218',
  plan: '3048560232537899008',
  service: '3375818821640175616',
  serialNumber: SERIAL,
  quantity: '10',
  term: 'annually:3',
  poNumber: 'PO-77',
  note: 'Renew <before> Friday & thanks',
};

const rows = SCENARIOS.map((s) => ({ id: s.id, scenario: s }));

describe('the request modal builder', () => {
  it.each(rows)(
    'when $id is chosen, then the modal has exactly its inputs, with the ids of ids.ts',
    ({ scenario }) => {
      const view = buildRequestModal(metaFor(scenario));
      const found = inputs(view.blocks).map(actionOf);
      const expected = expectedInputs(scenario).map((name) => A[name]);
      const renewal = scenario.command === 'renew';

      expect(found[0]).toBe(renewal ? A.customer : A.product);
      expect([...found].sort()).toEqual([...expected].sort());
    },
  );

  it.each(rows)(
    'when $id is built with the longest metadata, then it respects Slack limits',
    ({ scenario }) => {
      const long = 'P'.repeat(75);
      const meta: RequestModalMeta = {
        ...withCustomer(metaFor(scenario), { value: '9223372036854775807', label: long }),
        productLabel: long,
        ownAccount: long,
        channelId: `C${'9'.repeat(39)}`,
        notice: 'N'.repeat(300),
        sandbox: true,
      };
      const full =
        scenario.command === 'renew'
          ? withHolding(meta, holdingFor(scenario, { quantity: 999_999_999 }))
          : meta;
      const view = buildRequestModal(full);
      const options = inputs(view.blocks).flatMap((b) => [
        ...((b.element.options as { text: { text: string } }[]) ?? []),
        ...(b.element.initial_option ? [b.element.initial_option as { text: { text: string } }] : []),
      ]);

      expect(view.title.text.length).toBeLessThanOrEqual(24);
      expect(view.submit?.text.length).toBeLessThanOrEqual(24);
      expect(view.close?.text.length).toBeLessThanOrEqual(24);
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      expect(view.private_metadata?.length).toBeLessThanOrEqual(3000);
      expect(options.length).toBeGreaterThan(0);
      for (const option of options) expect(option.text.text.length).toBeLessThanOrEqual(75);
      for (const block of inputs(view.blocks)) expect(block.block_id.length).toBeLessThanOrEqual(255);
    },
  );

  it.each(rows)(
    'when the $id modal is filled in and read back, then every value and the metadata round-trip',
    ({ scenario }) => {
      const meta = metaFor(scenario);
      const view = buildRequestModal(meta);
      const names = expectedInputs(scenario);

      const form = readRequestForm({
        private_metadata: view.private_metadata,
        state: { values: stateFor(view.blocks, SAMPLE) },
      });

      expect(form?.meta).toEqual(meta);
      expect(form?.scenario?.id).toBe(scenario.id);
      const entries = Object.fromEntries(Object.entries(form?.entries ?? {}).map(([f, e]) => [f, e.value]));
      expect(entries).toMatchObject({
        partnerId: COLOR.value,
        ...(names.includes('billingContact') ? { billingContactId: SAMPLE.billingContact } : {}),
      });
      if (names.includes('term'))
        expect(entries).toMatchObject({ billingCycle: 'annually', multiCycle: '3' });
      if (scenario.command === 'renew') expect(form?.holdingKey).toBe(meta.holding?.key);
      for (const name of names) expect(form?.blockIds[name]).toBe(inputBlockId(name, meta));
    },
  );

  it('when the own account is left chosen, then the form names no customer', () => {
    const meta = metaFor(SCENARIOS.find((s) => s.id === 'purchase-rm-premium') as Scenario);
    const view = buildRequestModal(meta);

    const form = readRequestForm({
      private_metadata: view.private_metadata,
      state: { values: stateFor(view.blocks, {}) },
    });

    expect(form?.entries.partnerId).toBeUndefined();
  });

  it('when nothing is chosen yet, then /purchase asks for the product and /renew for the customer and what to renew', () => {
    expect(inputs(buildRequestModal({ command: 'purchase' }).blocks).map(actionOf)).toEqual([A.product]);
    const renew = inputs(buildRequestModal({ command: 'renew', ownAccount: 'Harbor' }).blocks);
    expect(renew.map(actionOf)).toEqual([A.customer, A.holding]);
    expect(renew.every((b) => b.dispatch_action === true && !b.optional)).toBe(true);
  });

  it('when a customer is chosen, then the customer select still shows the own account first as the way back: it is never empty', () => {
    const own = inputs(buildRequestModal({ command: 'renew', ownAccount: 'Harbor' }).blocks)[0];
    const customer = inputs(buildRequestModal(withCustomer({ command: 'renew' }, COLOR)).blocks)[0];

    expect(own?.element.initial_option).toEqual({
      text: { type: 'plain_text', text: 'Our own account (Harbor)' },
      value: 'own',
    });
    expect(customer?.element.initial_option).toMatchObject({ value: COLOR.value });
  });

  it('when a renewal keeps its counts, then they are shown as text, not as inputs', () => {
    const scenario = SCENARIOS.find((s) => s.id === 'renew-turnkey-plan-and-service') as Scenario;
    const view = buildRequestModal(metaFor(scenario));
    const text = JSON.stringify(view.blocks);

    expect(text).toContain('*Renews*: P-Series Turnkey Package with Extensions');
    expect(text).toContain('*Extensions*: 100, renewed as is');
    expect(text).toContain('*Extensions*: 20, renewed as is');
    expect(text).toContain('*Expires now*: 1 Apr 2027');
    expect(text).toContain('*Term*: 1 year, billed annually');
    expect(inputs(view.blocks).map(actionOf)).not.toContain(A.quantity);
  });

  it('when Yeastar’s list gives no count for a renewal, then the quantity is asked, saying why', () => {
    const scenario = SCENARIOS.find((s) => s.id === 'renew-rm-premium') as Scenario;
    const meta = withHolding({ command: 'renew' }, holdingFor(scenario, {}));

    const quantity = inputs(buildRequestModal(meta).blocks).find((b) => actionOf(b) === A.quantity);

    expect(quantity).toMatchObject({
      hint: { text: expect.stringMatching(/^Yeastar's list gives no current count/) },
    });
  });

  it('when the account holds nothing renewable, then the modal says so and points to /purchase', () => {
    const view = buildRequestModal({ ...withCustomer({ command: 'renew' }, COLOR), nothingHeld: true });

    expect(inputs(view.blocks).map(actionOf)).toEqual([A.customer]);
    expect(JSON.stringify(view.blocks)).toContain('holds nothing the app can renew now');
    expect(JSON.stringify(view.blocks)).toContain('`/purchase`');
  });

  it('when the cycle and term are asked, then they are one required select from Monthly to 5 years', () => {
    const meta = metaFor(SCENARIOS.find((s) => s.id === 'purchase-appliance-plan') as Scenario);
    const term = inputs(buildRequestModal(meta).blocks).find((b) => actionOf(b) === A.term);

    if (!term) throw new Error('no term input');
    expect(term.optional).toBeUndefined();
    expect(
      (term.element.options as { text: { text: string }; value: string }[]).map((o) => [
        o.value,
        o.text.text,
      ]),
    ).toEqual([
      ['monthly:0', 'Monthly'],
      ['annually:1', '1 year, billed annually'],
      ['annually:2', '2 years, billed annually'],
      ['annually:3', '3 years, billed annually'],
      ['annually:4', '4 years, billed annually'],
      ['annually:5', '5 years, billed annually'],
    ]);
  });

  it('when the customer, product or PBX changes, or the app picks the only option, then the dependent block ids change so Slack shows it', () => {
    const appliance = metaFor(SCENARIOS.find((s) => s.id === 'purchase-appliance-plan') as Scenario);
    const other = withSerial(appliance, { value: '3631E5520873', label: '3631E5520873 — Spare unit' });

    expect(fieldBlockId('planId', appliance)).toBe(`plan::11::${SERIAL}`);
    expect(fieldBlockId('planId', other)).toBe('plan::11::3631E5520873');
    expect(fieldBlockId('serialNumber', withCustomer(appliance, COLOR))).not.toBe(
      fieldBlockId('serialNumber', appliance),
    );
    expect(fieldBlockId('billingContactId', appliance)).toBe('billing_contact');
    const picked = {
      ...appliance,
      auto: { billingContact: { value: '3197218168379846218', label: 'Mia Chen' } },
    };
    expect(fieldBlockId('billingContactId', picked)).toMatch(/^billing_contact::.+/);
    const renewal = withHolding({ command: 'renew' }, holdingFor(SCENARIOS[0] as Scenario));
    expect(inputBlockId('holding', withCustomer(renewal, COLOR))).not.toBe(inputBlockId('holding', renewal));
  });

  it('when the metadata was tampered with, then the form is not read', () => {
    const view = buildRequestModal(metaFor(SCENARIOS[0] as Scenario));

    expect(
      readRequestForm({ private_metadata: '{"command":"delete"}', state: { values: {} } }),
    ).toBeUndefined();
    expect(readRequestForm({ private_metadata: 'not json', state: { values: {} } })).toBeUndefined();
    expect(readRequestForm({ private_metadata: view.private_metadata })).toBeUndefined();
  });

  it('when the metadata names a row of another command, then no row is chosen', () => {
    const meta: RequestModalMeta = { command: 'purchase', productId: 14, scenarioId: 'renew-turnkey-plan' };

    expect(
      readRequestForm({ private_metadata: JSON.stringify(meta), state: { values: {} } })?.scenario,
    ).toBeUndefined();
  });

  it('when a holding is listed, then its option text names each line with the count it keeps, and its expiry', () => {
    const plan = SCENARIOS.find((s) => s.id === 'renew-turnkey-plan-and-service') as Scenario;
    const white = SCENARIOS.find((s) => s.id === 'renew-ycm-white-label') as Scenario;

    expect(holdingOptionText(holdingFor(plan), plan)).toBe(
      'P-Series Turnkey Package (100 extensions) with Extensions (20), until 1 Apr 2027',
    );
    expect(holdingOptionText({ ...holdingFor(white), serviceName: 'YCM White Label' }, white)).toBe(
      'YCM White Label, until 1 Apr 2027',
    );
  });

  it('when orders go to the sandbox, or the command text said something the app could not use, then the modal says so at the top', () => {
    const view = buildRequestModal({ command: 'renew', sandbox: true, notice: 'No PBX matches “x”.' });

    expect(view.blocks.slice(0, 2)).toEqual([
      { type: 'context', elements: [{ type: 'mrkdwn', text: '🧪 *Sandbox*: no real order is placed.' }] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '⚠️ No PBX matches “x”.' }] },
    ]);
  });
});
