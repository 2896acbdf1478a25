import { type OrderFacts, type OrderField, validateOrderInput } from '../../src/catalog';
import { scenarioById, TUTORIAL_BILLING_ID, TUTORIAL_CASES } from './support';

/** The tutorial's accepted values for a scenario, with some fields replaced. */
function tutorialRaw(scenarioId: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const known = TUTORIAL_CASES.find((c) => c.scenarioId === scenarioId);
  return { ...(known?.raw ?? {}), ...changes };
}

const TURNKEY_BOTH = {
  billingContactId: TUTORIAL_BILLING_ID,
  planId: '3048941892189077504',
  quantity: 100,
  serviceId: '3048941892189077777',
  serviceQuantity: 5,
};

interface Refusal {
  when: string;
  scenarioId: string;
  raw: Record<string, unknown> | unknown;
  facts?: OrderFacts;
  field: OrderField;
  message: string;
}

const REFUSALS: Refusal[] = [
  {
    when: 'a Turnkey renewal quantity differs from the current extensions',
    scenarioId: 'renew-turnkey-plan',
    raw: tutorialRaw('renew-turnkey-plan', { quantity: 99 }),
    facts: { currentQuantity: 100 },
    field: 'quantity',
    message: 'Quantity must equal the current number of extensions (100) for a renewal',
  },
  {
    when: 'a Turnkey service renewal quantity differs from the current service quantity',
    scenarioId: 'renew-turnkey-plan-and-service',
    raw: { ...TURNKEY_BOTH, serviceQuantity: 4 },
    facts: { currentQuantity: 100, currentServiceQuantity: 5 },
    field: 'serviceQuantity',
    message: 'Service quantity must equal the current quantity of the service (5) for a renewal',
  },
  {
    when: 'an RM Premium renewal quantity differs from the current connections',
    scenarioId: 'renew-rm-premium',
    raw: tutorialRaw('renew-rm-premium', { quantity: 11 }),
    facts: { currentQuantity: 10 },
    field: 'quantity',
    message: 'Quantity must equal the current number of remote management connections (10) for a renewal',
  },
  {
    when: 'a renewal quantity is 0 and the current count is unknown',
    scenarioId: 'renew-turnkey-plan',
    raw: tutorialRaw('renew-turnkey-plan', { quantity: 0 }),
    field: 'quantity',
    message: 'Quantity must be at least 1',
  },
  {
    when: 'a renewal quantity is missing',
    scenarioId: 'renew-rm-premium',
    raw: tutorialRaw('renew-rm-premium', { quantity: undefined }),
    facts: { currentQuantity: 10 },
    field: 'quantity',
    message: 'Quantity is required',
  },
  {
    when: 'a purchase quantity is 0',
    scenarioId: 'purchase-rm-premium',
    raw: tutorialRaw('purchase-rm-premium', { quantity: 0 }),
    field: 'quantity',
    message: 'Quantity must be from 1 to 10000',
  },
  {
    when: 'a purchase quantity is above the bound',
    scenarioId: 'purchase-rm-premium',
    raw: tutorialRaw('purchase-rm-premium', { quantity: 10_001 }),
    field: 'quantity',
    message: 'Quantity must be from 1 to 10000',
  },
  {
    when: 'a quantity is a fraction',
    scenarioId: 'purchase-rm-premium',
    raw: tutorialRaw('purchase-rm-premium', { quantity: 2.5 }),
    field: 'quantity',
    message: 'Quantity must be a whole number',
  },
  {
    when: 'a quantity is text that is not a number',
    scenarioId: 'purchase-rm-premium',
    raw: tutorialRaw('purchase-rm-premium', { quantity: '12abc' }),
    field: 'quantity',
    message: 'Quantity must be a whole number',
  },
  {
    when: 'the billing contact is missing',
    scenarioId: 'renew-ycm-white-label',
    raw: tutorialRaw('renew-ycm-white-label', { billingContactId: undefined }),
    field: 'billingContactId',
    message: 'Billing contact is required',
  },
  {
    when: 'the billing contact is blank',
    scenarioId: 'renew-ycm-white-label',
    raw: tutorialRaw('renew-ycm-white-label', { billingContactId: '   ' }),
    field: 'billingContactId',
    message: 'Billing contact is required',
  },
  ...['12a', '0123', '31972181683798462180', '9223372036854775808', '-5', '1e5'].map(
    (id): Refusal => ({
      when: `the billing contact is ${JSON.stringify(id)}`,
      scenarioId: 'renew-ycm-white-label',
      raw: tutorialRaw('renew-ycm-white-label', { billingContactId: id }),
      field: 'billingContactId',
      message: 'Billing contact must be a Yeastar ID (digits only)',
    }),
  ),
  {
    when: 'the billing contact arrives as a JSON number (already rounded)',
    scenarioId: 'renew-ycm-white-label',
    raw: tutorialRaw('renew-ycm-white-label', { billingContactId: 3197218168379846000 }),
    field: 'billingContactId',
    message: 'Billing contact must be a Yeastar ID (digits only)',
  },
  {
    when: 'the subordinate customer is not an ID',
    scenarioId: 'purchase-rm-premium',
    raw: tutorialRaw('purchase-rm-premium', { partnerId: 'acme' }),
    field: 'partnerId',
    message: 'Customer must be a Yeastar ID (digits only)',
  },
  {
    when: 'a plan renewal has no plan',
    scenarioId: 'renew-turnkey-plan',
    raw: tutorialRaw('renew-turnkey-plan', { planId: undefined }),
    field: 'planId',
    message: 'Plan is required',
  },
  {
    when: 'a service renewal has no service',
    scenarioId: 'renew-ycm-white-label',
    raw: tutorialRaw('renew-ycm-white-label', { serviceId: null }),
    field: 'serviceId',
    message: 'Service is required',
  },
  {
    when: 'the plan and service renewal has no service',
    scenarioId: 'renew-turnkey-plan-and-service',
    raw: { ...TURNKEY_BOTH, serviceId: '' },
    field: 'serviceId',
    message: 'Service is required',
  },
  {
    when: 'the appliance plan has no serial number',
    scenarioId: 'purchase-appliance-plan',
    raw: tutorialRaw('purchase-appliance-plan', { serialNumber: undefined }),
    field: 'serialNumber',
    message: 'PBX serial number is required',
  },
  ...['3631e0997265', '3631E099726', '3631E0997265ABCDE', '3631-E0997265', 3631099726512].map(
    (serialNumber): Refusal => ({
      when: `the serial number is ${JSON.stringify(serialNumber)}`,
      scenarioId: 'purchase-appliance-plan',
      raw: tutorialRaw('purchase-appliance-plan', { serialNumber }),
      field: 'serialNumber',
      message: 'PBX serial number must be 12 to 16 capital letters or digits',
    }),
  ),
  {
    when: 'the appliance plan has no billing cycle',
    scenarioId: 'purchase-appliance-plan',
    raw: tutorialRaw('purchase-appliance-plan', { billingCycle: undefined }),
    field: 'billingCycle',
    message: 'Term is required',
  },
  {
    when: 'the appliance plan billing cycle is one it does not offer',
    scenarioId: 'purchase-appliance-plan',
    raw: tutorialRaw('purchase-appliance-plan', { billingCycle: 'once' }),
    field: 'billingCycle',
    message: 'Billing cycle must be Monthly or Annually',
  },
  ...[undefined, 0, 6, '2.5', 'three'].map(
    (multiCycle): Refusal => ({
      when: `an annual plan's term is ${JSON.stringify(multiCycle)}`,
      scenarioId: 'purchase-appliance-plan',
      raw: tutorialRaw('purchase-appliance-plan', { billingCycle: 'annually', multiCycle }),
      field: 'multiCycle',
      message: 'Choose 1 to 5 years for an annual plan',
    }),
  ),
  {
    when: 'a monthly plan is given a term',
    scenarioId: 'purchase-appliance-plan',
    raw: tutorialRaw('purchase-appliance-plan', { billingCycle: 'monthly', multiCycle: 2 }),
    field: 'multiCycle',
    message: 'A monthly plan runs month by month, with no term in years',
  },
  {
    when: 'the PO number is longer than 40 characters',
    scenarioId: 'purchase-rm-premium',
    raw: tutorialRaw('purchase-rm-premium', { poNumber: 'P'.repeat(41) }),
    field: 'poNumber',
    message: 'PO number must be at most 40 characters',
  },
  {
    when: 'the PO number is not text',
    scenarioId: 'purchase-rm-premium',
    raw: tutorialRaw('purchase-rm-premium', { poNumber: 4711 }),
    field: 'poNumber',
    message: 'PO number must be text',
  },
  {
    when: 'the note is longer than 500 characters',
    scenarioId: 'renew-ycm-white-label',
    raw: tutorialRaw('renew-ycm-white-label', { note: 'n'.repeat(501) }),
    field: 'note',
    message: 'Note for the approver must be at most 500 characters',
  },
];

describe('validateOrderInput refusals', () => {
  it.each(REFUSALS)(
    'when $when, then only $field is refused: "$message"',
    ({ scenarioId, raw, facts, field, message }) => {
      const result = validateOrderInput(scenarioById(scenarioId), raw, facts);

      expect(result).toEqual({ ok: false, errors: { [field]: message } });
    },
  );

  it('when several fields are wrong, then each is named with its own message', () => {
    const result = validateOrderInput(scenarioById('purchase-appliance-plan'), { planId: 'x' });

    expect(result).toEqual({
      ok: false,
      errors: {
        billingContactId: 'Billing contact is required',
        serialNumber: 'PBX serial number is required',
        planId: 'Plan must be a Yeastar ID (digits only)',
        billingCycle: 'Term is required',
      },
    });
  });

  it.each([null, 'text', 42, ['3197218168379846218']])(
    'when the submission is not an object (%p), then the required fields are reported missing',
    (raw) => {
      const result = validateOrderInput(scenarioById('renew-ycm-white-label'), raw);

      expect(result).toEqual({
        ok: false,
        errors: { billingContactId: 'Billing contact is required', serviceId: 'Service is required' },
      });
    },
  );

  it('when a row lacks a field the order needs, then validation refuses instead of passing a broken request', () => {
    const scenario = scenarioById('renew-ycm-white-label');
    const broken = { ...scenario, fields: scenario.fields.filter((f) => f.name !== 'serviceId') };

    const result = validateOrderInput(broken, tutorialRaw('renew-ycm-white-label'));

    expect(result).toEqual({
      ok: false,
      errors: { serviceId: 'serviceId is missing or not valid for this order' },
    });
  });
});

describe('validateOrderInput acceptances', () => {
  it('when Slack sends the quantity as digit text, then it is accepted as a number', () => {
    const result = validateOrderInput(
      scenarioById('renew-turnkey-plan'),
      tutorialRaw('renew-turnkey-plan', { quantity: ' 100 ' }),
      { currentQuantity: 100 },
    );

    expect(result.ok && result.value.quantity).toBe(100);
  });

  it('when the current count is unknown, then any positive renewal quantity is accepted (the API has the last word)', () => {
    const result = validateOrderInput(
      scenarioById('renew-turnkey-plan'),
      tutorialRaw('renew-turnkey-plan', { quantity: 7 }),
    );

    expect(result.ok && result.value.quantity).toBe(7);
  });

  it.each([1, 5, '3'])('when an annual plan is given %p years, then the term is accepted', (multiCycle) => {
    const result = validateOrderInput(
      scenarioById('purchase-appliance-plan'),
      tutorialRaw('purchase-appliance-plan', { billingCycle: 'annually', multiCycle }),
    );

    expect(result.ok && result.value).toMatchObject({
      billingCycle: 'annually',
      multiCycle: Number(multiCycle),
    });
  });

  it('when a monthly plan comes without a term, then the term is 0', () => {
    const result = validateOrderInput(
      scenarioById('purchase-appliance-plan'),
      tutorialRaw('purchase-appliance-plan', { multiCycle: null }),
    );

    expect(result.ok && result.value).toMatchObject({ billingCycle: 'monthly', multiCycle: 0 });
  });

  it('when values carry surrounding spaces and optional ones are blank, then they are trimmed and left out', () => {
    const result = validateOrderInput(scenarioById('purchase-rm-premium'), {
      billingContactId: ` ${TUTORIAL_BILLING_ID} `,
      serviceId: '3375818821640175616\n',
      quantity: 10,
      partnerId: '',
      poNumber: '  PO-77  ',
      note: '   ',
    });

    expect(result).toEqual({
      ok: true,
      value: {
        scenarioId: 'purchase-rm-premium',
        billingContactId: TUTORIAL_BILLING_ID,
        serviceId: '3375818821640175616',
        quantity: 10,
        poNumber: 'PO-77',
      },
    });
  });

  it('when fields the row does not ask for are sent, then they are ignored', () => {
    const result = validateOrderInput(
      scenarioById('purchase-rm-premium'),
      tutorialRaw('purchase-rm-premium', {
        serialNumber: 'not a serial',
        planId: 'x',
        serviceQuantity: -1,
        billingCycle: 'monthly',
        multiCycle: 9,
        scenarioId: 'renew-rm-premium',
      }),
    );

    expect(result).toEqual({
      ok: true,
      value: {
        scenarioId: 'purchase-rm-premium',
        billingContactId: TUTORIAL_BILLING_ID,
        serviceId: '3375818821640175616',
        quantity: 10,
      },
    });
  });

  it('when limits are met exactly, then the largest Yeastar ID, a 40-character PO and a 500-character note pass', () => {
    const result = validateOrderInput(
      scenarioById('purchase-rm-premium'),
      tutorialRaw('purchase-rm-premium', {
        partnerId: '9223372036854775807',
        poNumber: 'P'.repeat(40),
        note: 'n'.repeat(500),
      }),
    );

    expect(result.ok && result.value).toMatchObject({ partnerId: '9223372036854775807' });
    expect(result.ok && result.value.poNumber).toHaveLength(40);
    expect(result.ok && result.value.note).toHaveLength(500);
  });
});
