import fc from 'fast-check';
import {
  buildOrderBody,
  type FieldSpec,
  lineIdField,
  type OrderFacts,
  type OrderInput,
  orderInputSchema,
  PO_NUMBER_MAX_LENGTH,
  SCENARIOS,
  type Scenario,
  validateOrderInput,
} from '../../src/catalog';
import { parseJson, stringifyJson } from '../../src/yeastar/json';
import { BILLING_CYCLES } from '../../src/yeastar/order-body';

const ORDER_FIELDS = Object.keys(orderInputSchema.shape).filter((key) => key !== 'scenarioId');

const yeastarId = fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }).map(String);
const serialNumber = fc.stringMatching(/^[A-Z0-9]{12,16}$/);
const scenarioArb = fc.constantFrom(...SCENARIOS);

/** A piece of a submission: the raw values and the facts the app would have looked up for them. */
interface Submission {
  raw: Record<string, unknown>;
  facts: OrderFacts;
}

function validValue(field: FieldSpec): fc.Arbitrary<Submission> {
  const raw = (value: fc.Arbitrary<unknown>) => value.map((v) => ({ raw: { [field.name]: v }, facts: {} }));
  switch (field.name) {
    case 'partnerId':
    case 'billingContactId':
    case 'planId':
    case 'serviceId':
    case 'connectionPlanId':
      return raw(yeastarId);
    case 'serialNumber':
      return raw(serialNumber);
    case 'poNumber':
      return raw(fc.string({ maxLength: 64 }));
    case 'note':
      return raw(fc.string({ maxLength: 500 }));
    case 'quantity':
    case 'serviceQuantity': {
      const { rule } = field;
      if (rule.kind === 'range') return raw(fc.integer({ min: rule.min, max: rule.max }));
      if (rule.kind === 'totalUpTo') {
        return fc
          .tuple(fc.integer({ min: 0, max: rule.max - 1 }), fc.integer({ min: 1, max: rule.max }))
          .filter(([held, added]) => held + added <= rule.max)
          .map(([held, added]) => ({ raw: { [field.name]: added }, facts: { [rule.fact]: held } }));
      }
      return fc
        .integer({ min: 1, max: 1_000_000 })
        .map((n) => ({ raw: { [field.name]: n }, facts: { [rule.fact]: n } }));
    }
  }
}

/** Any submission the row describes as valid, derived from the row itself. */
function validSubmission(scenario: Scenario): fc.Arbitrary<Submission> {
  const fields = scenario.fields.map((field) => {
    const valid = validValue(field);
    return field.optional ? fc.option(valid, { nil: undefined }) : valid;
  });
  const { billing } = scenario;
  const cycle: fc.Arbitrary<Submission> =
    billing.kind === 'fixed'
      ? fc.constant({ raw: {}, facts: {} })
      : fc
          .constantFrom(...billing.options)
          .chain((option) =>
            fc
              .constantFrom(...option.terms)
              .map((multiCycle) => ({ raw: { billingCycle: option.billingCycle, multiCycle }, facts: {} })),
          );
  return fc
    .tuple(cycle, ...fields)
    .map((parts) =>
      parts.reduce<Submission>(
        (all, part) =>
          part ? { raw: { ...all.raw, ...part.raw }, facts: { ...all.facts, ...part.facts } } : all,
        { raw: {}, facts: {} },
      ),
    );
}

/** Anything a careless or hostile client might send, leaning towards almost-valid values. */
const looseId = fc.oneof(
  { arbitrary: yeastarId, weight: 6 },
  { arbitrary: yeastarId.map((id) => ` ${id}\t`), weight: 2 },
  fc.string(),
  fc.bigInt().map(String),
  fc.anything(),
);
const looseNumber = fc.oneof(
  { arbitrary: fc.integer({ min: -2, max: 20_000 }), weight: 4 },
  fc.nat().map(String),
  fc.double(),
  fc.anything(),
);
const looseText = (maxLength: number) =>
  fc.oneof({ arbitrary: fc.string({ maxLength: maxLength + 16 }), weight: 6 }, fc.anything());
const looseRaw = fc.record(
  {
    partnerId: looseId,
    billingContactId: looseId,
    planId: looseId,
    serviceId: looseId,
    serialNumber: fc.oneof({ arbitrary: serialNumber, weight: 6 }, fc.string(), fc.anything()),
    quantity: looseNumber,
    serviceQuantity: looseNumber,
    billingCycle: fc.oneof({ arbitrary: fc.constantFrom(...BILLING_CYCLES), weight: 6 }, fc.anything()),
    multiCycle: looseNumber,
    poNumber: looseText(PO_NUMBER_MAX_LENGTH),
    note: looseText(500),
  },
  // Optional fields may be missing; the others mostly present so that a fair share is accepted.
  {
    requiredKeys: [
      'billingContactId',
      'planId',
      'serviceId',
      'serialNumber',
      'quantity',
      'serviceQuantity',
      'billingCycle',
      'multiCycle',
    ],
  },
);
const looseFacts = fc.record(
  {
    currentQuantity: fc.integer({ min: 0, max: 20_000 }),
    currentServiceQuantity: fc.integer({ min: 0, max: 20_000 }),
  },
  { requiredKeys: [] },
);

interface WireBody {
  billingId: unknown;
  partnerId?: unknown;
  serviceList: { serviceId: unknown; connectionPlanId?: unknown }[];
}

/** The IDs as they reach the API: read back from the serialised text, not from the in-memory body. */
function expectIdsOnTheWire(scenario: Scenario, input: OrderInput): void {
  const wire = parseJson(stringifyJson(buildOrderBody(scenario, input))) as WireBody;
  expect(wire.billingId === undefined ? undefined : String(wire.billingId)).toBe(input.billingContactId);
  expect(wire.partnerId).toBe(input.partnerId);
  expect(wire.serviceList).toHaveLength(scenario.lines.length);
  scenario.lines.forEach((line, i) => {
    expect(String(wire.serviceList[i]?.serviceId)).toBe(input[lineIdField(line)]);
    const connectionPlanId = wire.serviceList[i]?.connectionPlanId;
    expect(connectionPlanId === undefined ? undefined : String(connectionPlanId)).toBe(
      line.connectionPlan ? input[line.connectionPlan] : undefined,
    );
  });
}

describe('catalog properties', () => {
  it('when a submission fits its row, then it is accepted and the body carries exactly its decimal IDs', () => {
    fc.assert(
      fc.property(
        scenarioArb.chain((scenario) =>
          validSubmission(scenario).map((submission) => ({ scenario, ...submission })),
        ),
        ({ scenario, raw, facts }) => {
          const result = validateOrderInput(scenario, raw, facts);
          if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
          for (const field of ['partnerId', 'billingContactId', 'planId', 'serviceId'] as const) {
            expect(result.value[field]).toBe(raw[field]);
          }
          expectIdsOnTheWire(scenario, result.value);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('when any submission is accepted, then its IDs are the submitted text, trimmed, digit for digit on the wire', () => {
    let accepted = 0;
    fc.assert(
      fc.property(scenarioArb, looseRaw, looseFacts, (scenario, raw, facts) => {
        const result = validateOrderInput(scenario, raw, facts);
        if (!result.ok) return;
        accepted += 1;
        for (const field of ['partnerId', 'billingContactId', 'planId', 'serviceId'] as const) {
          const value = result.value[field];
          if (value !== undefined) expect(value).toBe(String(raw[field]).trim());
        }
        expectIdsOnTheWire(scenario, result.value);
      }),
      { numRuns: 500 },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it('when the submission is arbitrary junk, then validation never throws and answers in its contract', () => {
    fc.assert(
      fc.property(scenarioArb, fc.oneof(fc.anything(), looseRaw), (scenario, raw) => {
        const result = validateOrderInput(scenario, raw);
        if (result.ok) {
          expect(orderInputSchema.safeParse(result.value).success).toBe(true);
        } else {
          expect(Object.keys(result.errors).length).toBeGreaterThan(0);
          for (const [field, message] of Object.entries(result.errors)) {
            expect(ORDER_FIELDS).toContain(field);
            expect(typeof message === 'string' && message.length > 0).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
