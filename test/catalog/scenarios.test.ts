import {
  type FieldSpec,
  getScenario,
  lineIdField,
  PORTAL_ONLY,
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
      for (const line of scenario.lines) expect(SERVICE_TYPES).toContain(line.serviceType);
      const { billing } = scenario;
      const terms =
        billing.kind === 'fixed'
          ? [billing]
          : billing.options.flatMap((o) => o.terms.map((multiCycle) => ({ ...o, multiCycle })));
      expect(terms.length).toBeGreaterThan(0);
      for (const term of terms) {
        if (term.billingModel !== undefined) expect(BILLING_MODELS).toContain(term.billingModel);
        if (term.billingCycle !== undefined) expect(BILLING_CYCLES).toContain(term.billingCycle);
        if (term.multiCycle !== undefined) expect([0, 1, 2, 3, 4, 5]).toContain(term.multiCycle);
      }
    },
  );

  it.each(rows)(
    'when row %s is read, then its billing keeps the documented rules: once with once, monthly for 0, annually for 0 to 5',
    (_, scenario) => {
      const { billing } = scenario;
      const terms =
        billing.kind === 'fixed'
          ? [billing]
          : billing.options.flatMap((o) => o.terms.map((multiCycle) => ({ ...o, multiCycle })));
      for (const term of terms) {
        if (term.billingModel === 'once' || term.billingCycle === 'once') {
          expect(term.billingCycle).toBe('once');
          expect(term.multiCycle).toBe(0);
        }
        if (term.billingCycle === 'monthly') expect(term.multiCycle).toBe(0);
      }
      if (scenario.purchaseType === 'trial') {
        expect(billing).toEqual(expect.objectContaining({ kind: 'fixed' }));
        expect(scenario.fields.map((f) => f.name)).not.toContain('billingContactId');
      }
      if (billing.kind === 'chosen') expect(billing.options.length).toBeGreaterThan(0);
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
      // A plan ordered with its service is a line of the row; a current plan is a field it looks up.
      if (line.connectionPlan === 'planId')
        expect(scenario.lines.map((l) => l.serviceType)).toContain('plan');
      if (line.connectionPlan) expect(field(scenario, line.connectionPlan)).toBeDefined();
    }
  });

  it.each(rows)(
    'when row %s is read, then the billing contact is required except on trials, and the subordinate customer optional',
    (_, scenario) => {
      const contact = field(scenario, 'billingContactId');
      if (scenario.purchaseType === 'trial') expect(contact).toBeUndefined();
      else expect(contact?.optional).toBeFalsy();
      expect(field(scenario, 'partnerId')?.optional).toBe(true);
      expect(new Set(scenario.fields.map((f) => f.name)).size).toBe(scenario.fields.length);
      for (const f of scenario.fields) expect(f.label.length).toBeGreaterThan(0);
      expect(scenario.guide.length).toBeGreaterThan(0);
    },
  );

  it.each(rows)(
    'when row %s builds on what is held, then it says where: a PBX for devices, the account otherwise',
    (_, scenario) => {
      const current = scenario.lines.some((l) => l.connectionPlan === 'connectionPlanId');
      expect(current).toBe(field(scenario, 'connectionPlanId') !== undefined);
      if (current) expect(scenario.operationType).toBe('purchase_service');
    },
  );

  it('when rows are listed, then every id is unique and found by getScenario', () => {
    const ids = SCENARIOS.map((scenario) => scenario.id);

    expect(new Set(ids).size).toBe(ids.length);
    for (const scenario of SCENARIOS) expect(getScenario(scenario.id)).toBe(scenario);
    expect(getScenario('upgrade-everything')).toBeUndefined();
  });

  it.each([
    ['renew', 19, ['renew-ycm-white-label', 'renew-pse-white-label']],
    ['renew', 14, ['renew-turnkey-plan', 'renew-turnkey-plan-and-service']],
    ['renew', 21, ['renew-rm-premium']],
    ['purchase', 20, ['purchase-rm-premium']],
    ['purchase', 21, ['trial-rm-premium', 'expand-rm-premium']],
    ['purchase', 11, ['purchase-appliance-plan', 'switch-appliance-plan', 'purchase-appliance-service']],
  ] as const)('when /%s is used for product %d, then its rows are offered', (command, productId, ids) => {
    expect(scenariosForProduct(command, productId).map((s) => s.id)).toEqual(ids);
  });

  it("when the guide's tutorials are counted, then each of T1 to T35 is a row or a Partner Portal order", () => {
    const named = new Set([...SCENARIOS, ...PORTAL_ONLY].flatMap((row) => row.guide));
    const missing = Array.from({ length: 35 }, (_, i) => `T${i + 1}`).filter((t) => !named.has(t));

    expect(missing).toEqual([]);
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
    expect(scenariosForProduct('renew', 9)).toEqual([]);
  });
});
