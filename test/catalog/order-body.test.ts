import { buildOrderBody, type OrderInput, orderInputSchema, validateOrderInput } from '../../src/catalog';
import { stringifyJson } from '../../src/yeastar/json';
import { scenarioById, TUTORIAL_BILLING_ID } from './support';

const PLAN_ID = '3048941892189077504';
const SERVICE_ID = '3375819276601303040';

function validated(scenarioId: string, raw: Record<string, unknown>, facts = {}): OrderInput {
  const result = validateOrderInput(scenarioById(scenarioId), raw, facts);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result.value;
}

const rmPurchase = { billingContactId: TUTORIAL_BILLING_ID, serviceId: '3375818821640175616', quantity: 10 };

describe('buildOrderBody', () => {
  it('when a Turnkey plan and its service are renewed together, then both lines are sent and the service line names the plan', () => {
    const input = validated(
      'renew-turnkey-plan-and-service',
      {
        billingContactId: TUTORIAL_BILLING_ID,
        planId: PLAN_ID,
        quantity: 100,
        serviceId: SERVICE_ID,
        serviceQuantity: 5,
      },
      { currentQuantity: 100, currentServiceQuantity: 5 },
    );

    const body = buildOrderBody(scenarioById('renew-turnkey-plan-and-service'), input);

    expect(body).toStrictEqual({
      operationType: 'renew_plan',
      productId: 14,
      billingId: BigInt(TUTORIAL_BILLING_ID),
      serviceList: [
        {
          serviceType: 'plan',
          serviceId: BigInt(PLAN_ID),
          quantity: 100,
          purchaseType: 'renew',
          billingModel: 'recurring',
          billingCycle: 'annually',
          multiCycle: 0,
        },
        {
          serviceType: 'service',
          serviceId: BigInt(SERVICE_ID),
          connectionPlanId: BigInt(PLAN_ID),
          quantity: 5,
          purchaseType: 'renew',
          billingModel: 'recurring',
          billingCycle: 'annually',
          multiCycle: 0,
        },
      ],
    });
    expect(stringifyJson(body)).toContain(`"connectionPlanId":${PLAN_ID}`);
  });

  it('when an appliance plan is bought for three years, then the chosen cycle and term are on the plan line', () => {
    const input = validated('purchase-appliance-plan', {
      billingContactId: TUTORIAL_BILLING_ID,
      serialNumber: '3631E0997265',
      planId: '3048560606464323584',
      billingCycle: 'annually',
      multiCycle: 3,
    });

    const body = buildOrderBody(scenarioById('purchase-appliance-plan'), input);

    expect(body.productNo).toBe('3631E0997265');
    expect(body.serviceList).toEqual([
      expect.objectContaining({ serviceType: 'plan', billingCycle: 'annually', multiCycle: 3 }),
    ]);
  });

  it('when the requester gave a PO number, then it is sent followed by the reference', () => {
    const input = validated('purchase-rm-premium', { ...rmPurchase, poNumber: 'PO-2026-17' });

    const body = buildOrderBody(scenarioById('purchase-rm-premium'), input, { reference: 'YOD-abc123' });

    expect(body.poNumber).toBe('PO-2026-17 / YOD-abc123');
  });

  it('when the requester gave no PO number, then the reference is sent as poNumber', () => {
    const body = buildOrderBody(
      scenarioById('purchase-rm-premium'),
      validated('purchase-rm-premium', rmPurchase),
      {
        reference: 'YOD-abc123',
      },
    );

    expect(body.poNumber).toBe('YOD-abc123');
  });

  it('when there is neither a PO number nor a reference, then poNumber is absent', () => {
    const body = buildOrderBody(
      scenarioById('purchase-rm-premium'),
      validated('purchase-rm-premium', rmPurchase),
    );

    expect(body).not.toHaveProperty('poNumber');
  });

  it('when the order is for a subordinate customer, then partnerId is sent as text; otherwise it is absent', () => {
    const scenario = scenarioById('purchase-rm-premium');
    const forCustomer = buildOrderBody(
      scenario,
      validated('purchase-rm-premium', { ...rmPurchase, partnerId: '3076913644890832896' }),
    );
    const forSelf = buildOrderBody(scenario, validated('purchase-rm-premium', rmPurchase));

    expect(stringifyJson(forCustomer)).toContain('"partnerId":"3076913644890832896"');
    expect(forSelf).not.toHaveProperty('partnerId');
  });

  it('when the request carries a note, then the note stays with the app and is not sent', () => {
    const body = buildOrderBody(
      scenarioById('purchase-rm-premium'),
      validated('purchase-rm-premium', { ...rmPurchase, note: 'for the Lisbon office' }),
    );

    expect(stringifyJson(body)).not.toContain('Lisbon');
  });

  it('when stored details hold fields the row does not ask for, then the body leaves them out', () => {
    const stored = orderInputSchema.parse({
      scenarioId: 'renew-ycm-white-label',
      billingContactId: TUTORIAL_BILLING_ID,
      serviceId: '3341070434683027456',
      serialNumber: '3631E0997265',
      quantity: 3,
      billingCycle: 'monthly',
      multiCycle: 2,
    });

    const body = buildOrderBody(scenarioById('renew-ycm-white-label'), stored);

    expect(body).not.toHaveProperty('productNo');
    expect(body.serviceList).toHaveLength(1);
    expect(body.serviceList[0]).not.toHaveProperty('quantity');
    expect(body.serviceList[0]).toMatchObject({ billingCycle: 'annually', multiCycle: 0 });
  });

  it('when the input belongs to another scenario, then building refuses', () => {
    const input = validated('purchase-rm-premium', rmPurchase);

    expect(() => buildOrderBody(scenarioById('renew-rm-premium'), input)).toThrow(
      'order input is for scenario purchase-rm-premium, not renew-rm-premium',
    );
  });

  it('when stored details lack a value the row needs, then building refuses and names it', () => {
    const stored = orderInputSchema.parse({
      scenarioId: 'renew-turnkey-plan',
      billingContactId: TUTORIAL_BILLING_ID,
    });

    expect(() => buildOrderBody(scenarioById('renew-turnkey-plan'), stored)).toThrow(
      'scenario renew-turnkey-plan needs planId',
    );
  });
});
