import { type OrderField, SCENARIOS, type Scenario } from '../../../src/catalog';
import { REQUEST_MODAL } from '../../../src/slack/ids';
import {
  buildRequestModal,
  fieldBlockId,
  type RequestModalMeta,
  readRequestForm,
  scenarioBlockId,
  withOwner,
  withProduct,
} from '../../../src/slack/views/request-modal';

const { blocks: B, actions: A } = REQUEST_MODAL;

/** The contract with ids.ts: which block and action each catalog field is entered in. */
const FIELD_IDS: Record<OrderField, [string, string]> = {
  partnerId: [B.customer, A.customer],
  billingContactId: [B.billingContact, A.billingContact],
  planId: [B.plan, A.plan],
  serviceId: [B.service, A.service],
  serialNumber: [B.serialNumber, A.serialNumber],
  quantity: [B.quantity, A.quantity],
  serviceQuantity: [B.serviceQuantity, A.serviceQuantity],
  billingCycle: [B.billingCycle, A.billingCycle],
  multiCycle: [B.term, A.term],
  poNumber: [B.poNumber, A.poNumber],
  note: [B.note, A.note],
};

const SERIAL = '3631E0997265';

function metaFor(scenario: Scenario): RequestModalMeta {
  const meta = {
    ...withProduct(
      { command: scenario.command, channelId: 'CGENERAL' },
      scenario.productId,
      scenario.productName,
    ),
    scenarioId: scenario.id,
  };
  return scenario.fields.some((f) => f.name === 'serialNumber') ? { ...meta, serialNumber: SERIAL } : meta;
}

type InputBlockJson = {
  type: string;
  block_id: string;
  element: Record<string, unknown>;
  dispatch_action?: boolean;
};

function inputs(blocks: readonly object[]): InputBlockJson[] {
  return (blocks as InputBlockJson[]).filter((b) => b.type === 'input');
}

function expectedFields(scenario: Scenario): OrderField[] {
  const chosen = scenario.billing.kind === 'chosen' ? (['billingCycle', 'multiCycle'] as const) : [];
  return [...scenario.fields.map((f) => f.name), ...chosen];
}

/** What Slack would send back after a person entered `values` in the built view. */
function stateFor(
  blocks: readonly object[],
  values: Record<string, string>,
): Record<string, Record<string, unknown>> {
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of inputs(blocks)) {
    const actionId = String(block.element.action_id);
    const value = values[block.block_id];
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

const SAMPLE: Record<OrderField, string> = {
  partnerId: '3076915454489739264',
  billingContactId: '3197218168379846218',
  planId: '3048560232537899008',
  serviceId: '3375818821640175616',
  serialNumber: SERIAL,
  quantity: '10',
  serviceQuantity: '4',
  billingCycle: 'annually',
  multiCycle: '3',
  poNumber: 'PO-77',
  note: 'Renew <before> Friday & thanks',
};

describe('the request modal builder', () => {
  it.each(SCENARIOS.map((s) => ({ id: s.id, scenario: s })))(
    'when $id is chosen, then the modal has exactly its fields, with the ids of ids.ts',
    ({ scenario }) => {
      const view = buildRequestModal(metaFor(scenario));
      const found = inputs(view.blocks).map((b) => `${b.block_id.split('::')[0]}/${b.element.action_id}`);
      const several = SCENARIOS.filter(
        (s) => s.command === scenario.command && s.productId === scenario.productId,
      );
      const expected = [
        [B.product, A.product],
        ...(several.length > 1 ? [[B.scenario, A.scenario]] : []),
        ...expectedFields(scenario).map((f) => FIELD_IDS[f]),
      ].map(([block, action]) => `${block}/${action}`);

      expect(found[0]).toBe(`${B.product}/${A.product}`);
      expect([...found].sort()).toEqual([...expected].sort());
    },
  );

  it.each(SCENARIOS.map((s) => ({ id: s.id, scenario: s })))(
    'when $id is built with the longest metadata, then it respects Slack limits',
    ({ scenario }) => {
      const meta = withOwner(
        { ...metaFor(scenario), productLabel: 'P'.repeat(75), channelId: `C${'9'.repeat(39)}` },
        '9223372036854775807',
        { currentQuantity: 999_999_999, currentServiceQuantity: 999_999_999 },
      );
      const view = buildRequestModal(meta);
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
    },
  );

  it.each(SCENARIOS.map((s) => ({ id: s.id, scenario: s })))(
    'when the $id modal is filled in and read back, then every value, label and the metadata round-trip',
    ({ scenario }) => {
      const meta = metaFor(scenario);
      const view = buildRequestModal(meta);
      const fields = expectedFields(scenario);
      const values = Object.fromEntries(fields.map((f) => [fieldBlockId(f, meta), SAMPLE[f]]));

      const form = readRequestForm({
        private_metadata: view.private_metadata,
        state: { values: stateFor(view.blocks, values) },
      });

      expect(form?.meta).toEqual(meta);
      expect(form?.scenario?.id).toBe(scenario.id);
      expect(Object.fromEntries(Object.entries(form?.entries ?? {}).map(([f, e]) => [f, e.value]))).toEqual(
        Object.fromEntries(fields.map((f) => [f, SAMPLE[f]])),
      );
      expect(form?.labels).toMatchObject({
        scenario: scenario.label,
        product: scenario.productName,
        billingContact: `Label of ${SAMPLE.billingContactId}`,
      });
    },
  );

  it('when no product is chosen yet, then the modal shows only the dispatching product select', () => {
    const view = buildRequestModal({ command: 'renew' });

    expect(inputs(view.blocks)).toEqual([
      expect.objectContaining({
        block_id: B.product,
        dispatch_action: true,
        element: expect.objectContaining({ type: 'external_select', min_query_length: 0 }),
      }),
    ]);
  });

  it('when a product has several rows and none is chosen, then the modal asks which and shows no fields yet', () => {
    const meta = withProduct({ command: 'renew' }, 14, 'P-Series Turnkey Package');
    const view = buildRequestModal(meta);

    expect(inputs(view.blocks).map((b) => b.block_id)).toEqual([B.product, scenarioBlockId(meta)]);
    expect(inputs(view.blocks)[1]?.element.options).toHaveLength(2);
  });

  it('when the current count is known, then the renewal quantity is pre-filled with it and the hint says so', () => {
    const meta = withOwner(
      metaFor(SCENARIOS.find((s) => s.id === 'renew-turnkey-plan') as Scenario),
      undefined,
      { currentQuantity: 100 },
    );
    const block = inputs(buildRequestModal(meta).blocks).find(
      (b) => b.block_id === fieldBlockId('quantity', meta),
    );

    expect(block?.element.initial_value).toBe('100');
    expect(block).toMatchObject({ hint: { text: 'Current: 100 extensions' } });
  });

  it('when the product or serial number changes, then the dependent block ids change so Slack resets them', () => {
    const appliance = metaFor(SCENARIOS.find((s) => s.id === 'purchase-appliance-plan') as Scenario);

    expect(fieldBlockId('planId', appliance)).toBe(`plan::11::${SERIAL}`);
    expect(fieldBlockId('planId', { ...appliance, serialNumber: '3631E5520873' })).toBe(
      'plan::11::3631E5520873',
    );
    expect(fieldBlockId('serviceId', withProduct({ command: 'renew' }, 21, 'RM Premium'))).toBe(
      'service::21',
    );
    expect(fieldBlockId('billingContactId', appliance)).toBe(B.billingContact);
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
});
