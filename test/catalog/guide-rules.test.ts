import {
  buildOrderBody,
  getScenario,
  type OrderFacts,
  type Scenario,
  validateOrderInput,
} from '../../src/catalog';
import { stringifyJson } from '../../src/yeastar/json';

/** The guide's rules beyond the five tutorials, each as the body it builds or the refusal it gives. */

const CONTACT = '3197218168379846218';
const PSE_PBX = '3658B4311196A2C1';
const PSE_ENTERPRISE = '3048565011122233344';
const PSE_ULTIMATE = '3048565433344455680';
const NORDLYS = '3102345678901234567';

function row(id: string): Scenario {
  const scenario = getScenario(id);
  if (!scenario) throw new Error(`no row ${id}`);
  return scenario;
}

function bodyOf(id: string, raw: Record<string, unknown>, facts: OrderFacts = {}): string {
  const scenario = row(id);
  const input = validateOrderInput(scenario, raw, facts);
  if (!input.ok) throw new Error(`refused: ${JSON.stringify(input.errors)}`);
  return stringifyJson(buildOrderBody(scenario, input.value));
}

function refusal(id: string, raw: Record<string, unknown>, facts: OrderFacts = {}) {
  const result = validateOrderInput(row(id), raw, facts);
  return result.ok ? undefined : result.errors;
}

describe('bodies of the guide scenarios', () => {
  it('when a free trial is built (T19), then it names no billing contact and carries only multiCycle 0', () => {
    expect(bodyOf('trial-turnkey', { partnerId: NORDLYS, planId: '3048941892189077504' })).toBe(
      '{"operationType":"trial_plan","productId":14,"partnerId":"3102345678901234567","serviceList":' +
        '[{"serviceType":"plan","serviceId":3048941892189077504,"purchaseType":"trial","multiCycle":0}]}',
    );
  });

  it('when an expansion is built (T13), then its service carries the current plan as connectionPlanId', () => {
    const raw = {
      billingContactId: CONTACT,
      serialNumber: PSE_PBX,
      connectionPlanId: PSE_ENTERPRISE,
      serviceId: '3048566011223344128',
      quantity: 10,
      billingCycle: 'annually',
      multiCycle: 2,
    };

    expect(bodyOf('expand-pse', raw)).toBe(
      `{"operationType":"purchase_service","productNo":"${PSE_PBX}","productId":12,"billingId":${CONTACT},` +
        '"serviceList":[{"serviceType":"service","serviceId":3048566011223344128,' +
        `"connectionPlanId":${PSE_ENTERPRISE},"quantity":10,"purchaseType":"purchase",` +
        '"billingModel":"recurring","billingCycle":"annually","multiCycle":2}]}',
    );
  });

  it('when a one-time payment is chosen where the billing model is cut off (T27), then the model follows: once, once, 0', () => {
    const raw = {
      billingContactId: CONTACT,
      serviceId: '3341069876543210496',
      billingCycle: 'once',
      multiCycle: 0,
    };

    expect(bodyOf('purchase-pce-white-label', raw)).toContain(
      '"purchaseType":"purchase","billingModel":"once","billingCycle":"once","multiCycle":0',
    );
  });

  it.each([
    ['purchase-appliance-service', '"billingModel":"once","billingCycle":"once","multiCycle":0'],
    ['renew-remote-management', '"billingModel":"recurring","billingCycle":"annually","multiCycle":1'],
    // T25 has no billingModel row: it is left out.
    ['expand-remote-management', '"purchaseType":"purchase","billingCycle":"once","multiCycle":0}'],
  ])('when %s is built, then its billing is what its page fixes', (id, billing) => {
    const raw = {
      billingContactId: CONTACT,
      serialNumber: '3631E0997265',
      planId: '3102233445566778880',
      connectionPlanId: '3102233445566778880',
      serviceId: '3102233667788990464',
      quantity: 5,
    };

    expect(bodyOf(id, raw)).toContain(billing);
  });
});

describe('refusals of the guide rules', () => {
  it('when extensions would take a Cloud PBX past 500 (T17), then the quantity says how many are left', () => {
    const raw = {
      billingContactId: CONTACT,
      serialNumber: '3658B4311196D7E5',
      connectionPlanId: '3048572026291630080',
      serviceId: '3048573516041273344',
      quantity: 300,
      billingCycle: 'annually',
      multiCycle: 1,
    };

    expect(refusal('expand-pce-extensions', raw, { currentQuantity: 250 })).toEqual({
      quantity: 'Quantity can be at most 250: at most 500 extensions on a Cloud PBX, and there are 250 now',
    });
    expect(
      refusal('expand-pce-extensions', { ...raw, quantity: 250 }, { currentQuantity: 250 }),
    ).toBeUndefined();
  });

  it('when a renewal changes the billing cycle held now (T4), then the term refuses it', () => {
    const raw = { billingContactId: CONTACT, serialNumber: '3631E0997265', planId: '3048558946648207360' };

    expect(
      refusal(
        'renew-appliance-plan',
        { ...raw, billingCycle: 'annually', multiCycle: 1 },
        { currentBillingCycle: 'monthly' },
      ),
    ).toEqual({ billingCycle: 'Term must stay monthly: this order cannot change the billing cycle' });
    expect(
      refusal(
        'renew-appliance-plan',
        { ...raw, billingCycle: 'monthly', multiCycle: 0 },
        { currentBillingCycle: 'monthly' },
      ),
    ).toBeUndefined();
  });

  it('when a switch names the plan held now, then the plan refuses it', () => {
    const raw = {
      billingContactId: CONTACT,
      serialNumber: PSE_PBX,
      planId: PSE_ENTERPRISE,
      billingCycle: 'annually',
      multiCycle: 1,
    };
    const held = { currentPlan: { id: PSE_ENTERPRISE, name: 'Enterprise Plan' } };

    expect(refusal('switch-pse-plan', raw, held)).toEqual({
      planId: 'Plan must differ from the current plan (Enterprise Plan)',
    });
    expect(refusal('switch-pse-plan', { ...raw, planId: PSE_ULTIMATE }, held)).toBeUndefined();
  });

  it('when Disaster Recovery is asked for a PBX on another plan than Ultimate (T12), then the service refuses it', () => {
    const raw = {
      billingContactId: CONTACT,
      serialNumber: PSE_PBX,
      connectionPlanId: PSE_ENTERPRISE,
      serviceId: '3048566344556677632',
      billingCycle: 'annually',
      multiCycle: 1,
    };
    const facts = (plan: string) => ({
      currentPlan: { id: PSE_ENTERPRISE, name: plan },
      serviceName: 'Disaster Recovery',
    });

    expect(refusal('pse-add-service', raw, facts('Enterprise Plan'))).toEqual({
      serviceId: 'Disaster Recovery is only supported on the Ultimate Plan',
    });
    expect(refusal('pse-add-service', raw, facts('Ultimate Plan'))).toBeUndefined();
  });

  it('when High Availability is bought for another count than the current extensions (T18), then the quantity refuses it', () => {
    const raw = {
      billingContactId: CONTACT,
      serialNumber: '3658B4311196D7E5',
      connectionPlanId: '3048572026291630080',
      serviceId: '3048573935752720384',
      quantity: 20,
      billingCycle: 'monthly',
      multiCycle: 0,
    };

    expect(refusal('pce-high-availability', raw, { currentQuantity: 50 })).toEqual({
      quantity: 'Quantity must equal the current number of extensions (50)',
    });
  });

  it('when an annual term is cut off the page (T12), then only 1 to 5 years are accepted', () => {
    const raw = {
      billingContactId: CONTACT,
      serialNumber: PSE_PBX,
      connectionPlanId: PSE_ENTERPRISE,
      serviceId: '3048566233445566464',
    };

    expect(refusal('pse-add-service', { ...raw, billingCycle: 'monthly', multiCycle: 0 })).toEqual({
      billingCycle: 'Billing cycle must be Annually',
    });
    expect(refusal('pse-add-service', { ...raw, billingCycle: 'annually', multiCycle: 0 })).toEqual({
      multiCycle: 'Choose 1 to 5 years for an annual plan',
    });
  });
});
