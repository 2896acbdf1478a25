import {
  type FieldSpec,
  getScenario,
  lineIdField,
  SCENARIOS,
  type Scenario,
  scenariosFor,
  scenariosForProduct,
} from '../../src/catalog';
import {
  BILLING_CYCLES,
  BILLING_MODELS,
  OPERATION_TYPES,
  PURCHASE_TYPES,
  SERVICE_TYPES,
} from '../../src/yeastar/order-body';

const rows = SCENARIOS.map((scenario) => [scenario.id, scenario] as const);

function field(scenario: Scenario, name: string): FieldSpec | undefined {
  return scenario.fields.find((f) => f.name === name);
}

describe('catalog rows are data', () => {
  it.each(rows)(
    'when row %s is read, then every fixed value is one the Create an Order body allows',
    (_, scenario) => {
      expect(OPERATION_TYPES).toContain(scenario.operationType);
      expect(PURCHASE_TYPES).toContain(scenario.purchaseType);
      expect(BILLING_MODELS).toContain(scenario.billingModel);
      for (const line of scenario.lines) expect(SERVICE_TYPES).toContain(line.serviceType);
      const cycles =
        scenario.billing.kind === 'fixed'
          ? [{ billingCycle: scenario.billing.billingCycle, terms: [scenario.billing.multiCycle] }]
          : scenario.billing.options;
      expect(cycles.length).toBeGreaterThan(0);
      for (const cycle of cycles) {
        expect(BILLING_CYCLES).toContain(cycle.billingCycle);
        expect(cycle.terms.length).toBeGreaterThan(0);
        for (const term of cycle.terms) expect([0, 1, 2, 3, 4, 5]).toContain(term);
      }
    },
  );

  it.each(rows)(
    'when row %s is read, then its operation agrees with its purchase type and lines',
    (_, scenario) => {
      const [verb, target] = scenario.operationType.split('_');
      const lineTypes = scenario.lines.map((line) => line.serviceType);

      expect(scenario.purchaseType).toBe(verb);
      expect(lineTypes.length).toBeGreaterThan(0);
      if (target === 'plan') expect(lineTypes).toContain('plan');
      else expect(new Set(lineTypes)).toEqual(new Set(['service']));
    },
  );

  it.each(rows)('when row %s is read, then every line draws on fields the row asks for', (_, scenario) => {
    for (const line of scenario.lines) {
      const idField = field(scenario, lineIdField(line));
      expect(idField).toBeDefined();
      expect(idField?.optional).toBeFalsy();
      if (line.quantity !== undefined) expect(field(scenario, line.quantity)).toHaveProperty('rule');
      if (line.connectionPlan) expect(scenario.lines.map((l) => l.serviceType)).toContain('plan');
    }
  });

  it.each(rows)(
    'when row %s is read, then the billing contact is required and the subordinate customer optional',
    (_, scenario) => {
      expect(field(scenario, 'billingContactId')?.optional).toBeFalsy();
      expect(field(scenario, 'partnerId')?.optional).toBe(true);
      expect(new Set(scenario.fields.map((f) => f.name)).size).toBe(scenario.fields.length);
      for (const f of scenario.fields) expect(f.label.length).toBeGreaterThan(0);
    },
  );

  it('when rows are listed, then every id is unique and found by getScenario', () => {
    const ids = SCENARIOS.map((scenario) => scenario.id);

    expect(new Set(ids).size).toBe(ids.length);
    for (const scenario of SCENARIOS) expect(getScenario(scenario.id)).toBe(scenario);
    expect(getScenario('upgrade-everything')).toBeUndefined();
  });

  it.each([
    ['renew', 19, ['renew-ycm-white-label']],
    ['renew', 14, ['renew-turnkey-plan', 'renew-turnkey-plan-and-service']],
    ['renew', 21, ['renew-rm-premium']],
    ['purchase', 20, ['purchase-rm-premium']],
    ['purchase', 11, ['purchase-appliance-plan']],
  ] as const)('when /%s is used for product %d, then its rows are offered', (command, productId, ids) => {
    expect(scenariosForProduct(command, productId).map((s) => s.id)).toEqual(ids);
  });

  it('when each command is listed, then every (command, product) pair in the catalog has a row and no row is lost', () => {
    for (const command of ['renew', 'purchase'] as const) {
      const listed = scenariosFor(command);
      expect(listed.every((s) => s.command === command)).toBe(true);
      for (const productId of new Set(listed.map((s) => s.productId))) {
        expect(scenariosForProduct(command, productId).length).toBeGreaterThan(0);
      }
    }
    expect(scenariosFor('renew').length + scenariosFor('purchase').length).toBe(SCENARIOS.length);
    expect(scenariosForProduct('purchase', 19)).toEqual([]);
  });
});
