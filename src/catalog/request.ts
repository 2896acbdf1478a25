import { z } from 'zod';
import { BILLING_CYCLES, type BillingCycle } from '../yeastar/order-body';
import {
  type Billing,
  type FieldSpec,
  lineIdField,
  type OrderField,
  type QuantityFact,
  type Scenario,
} from './scenario';

/** The API types these IDs as Java `long`; a larger number would be refused or wrap around. */
const LONG_MAX = '9223372036854775807';

/**
 * A Yeastar ID as the app keeps it: decimal text. No leading zero, so that the raw JSON integer sent to
 * the API has exactly the digits the app stored.
 */
export const decimalIdSchema = z
  .string()
  .regex(/^[1-9]\d{0,18}$/)
  // zod runs this even when the regex failed, so compare text: equal-length digit strings sort numerically.
  .refine((id) => id.length < LONG_MAX.length || (id.length === LONG_MAX.length && id <= LONG_MAX));

/** Yeastar PBX serial numbers: 12 to 16 capital letters or digits (e.g. 3631E0997265). */
export const serialNumberSchema = z.string().regex(/^[A-Z0-9]{12,16}$/);

/**
 * The requester's PO number is sent together with the app's reference (see buildOrderBody), and the two
 * must fit the API's `poNumber` (64 characters in the sandbox; the real limit is undocumented).
 */
export const PO_NUMBER_MAX_LENGTH = 40;
export const NOTE_MAX_LENGTH = 500;

const wholeNumber = z.number().int().positive();

/** A validated order request, as stored with the request and fed to `buildOrderBody`. */
export const orderInputSchema = z.object({
  scenarioId: z.string().min(1),
  partnerId: decimalIdSchema.optional(),
  billingContactId: decimalIdSchema.optional(),
  planId: decimalIdSchema.optional(),
  connectionPlanId: decimalIdSchema.optional(),
  serviceId: decimalIdSchema.optional(),
  serialNumber: serialNumberSchema.optional(),
  quantity: wholeNumber.optional(),
  serviceQuantity: wholeNumber.optional(),
  billingCycle: z.enum(BILLING_CYCLES).optional(),
  multiCycle: z.number().int().min(0).max(5).optional(),
  poNumber: z.string().min(1).max(PO_NUMBER_MAX_LENGTH).optional(),
  note: z.string().min(1).max(NOTE_MAX_LENGTH).optional(),
} satisfies Record<OrderField | 'scenarioId', z.ZodType>);

export type OrderInput = z.infer<typeof orderInputSchema>;

/** One human message per bad field, keyed so the Slack layer can show it under that input. */
export type FieldErrors = Partial<Record<OrderField, string>>;
export type ValidationResult = { ok: true; value: OrderInput } | { ok: false; errors: FieldErrors };

/**
 * What the app looked up about what is held now. Without a count a renewal quantity is only checked to
 * be positive; without the rest, the rules that need them are left to the Partner API.
 */
export interface OrderFacts extends Partial<Record<QuantityFact, number>> {
  /** The billing cycle held now, which a renewal (or a switch that may not change it) keeps. */
  currentBillingCycle?: BillingCycle;
  /** The plan held now: a switch goes to another one, and some services need a given plan. */
  currentPlan?: { id: string; name?: string };
  /** The chosen service's name, as the product's offers give it. */
  serviceName?: string;
}

type Check = { ok: true; value?: string | number } | { ok: false; message: string };

const accept = (value?: string | number): Check => ({ ok: true, value });
const refuse = (message: string): Check => ({ ok: false, message });

/** Blank inputs (Slack sends null for an empty optional input) count as absent. */
function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

/** Whole numbers arrive as numbers or, from Slack's number input, as digit strings. */
function readWholeNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? raw : undefined;
  if (typeof raw === 'string' && /^\d{1,15}$/.test(raw.trim())) return Number(raw.trim());
  return undefined;
}

function checkMatch(label: string, raw: unknown, schema: z.ZodType<string>, expected: string): Check {
  const text = typeof raw === 'string' ? raw.trim() : undefined;
  return text !== undefined && schema.safeParse(text).success
    ? accept(text)
    : refuse(`${label} must be ${expected}`);
}

function checkText(label: string, raw: unknown, maxLength: number): Check {
  if (typeof raw !== 'string') return refuse(`${label} must be text`);
  const text = raw.trim();
  return text.length <= maxLength ? accept(text) : refuse(`${label} must be at most ${maxLength} characters`);
}

function checkQuantity(
  field: Extract<FieldSpec, { rule: unknown }>,
  raw: unknown,
  facts: OrderFacts,
  renewal: boolean,
): Check {
  const n = readWholeNumber(raw);
  if (n === undefined) return refuse(`${field.label} must be a whole number`);
  const { rule } = field;
  if (rule.kind === 'range') {
    return n >= rule.min && n <= rule.max
      ? accept(n)
      : refuse(`${field.label} must be from ${rule.min} to ${rule.max}`);
  }
  if (n < 1) return refuse(`${field.label} must be at least 1`);
  const current = facts[rule.fact];
  if (rule.kind === 'totalUpTo') {
    const room = rule.max - (current ?? 0);
    if (n <= room) return accept(n);
    return refuse(
      current === undefined
        ? `${field.label} must be at most ${rule.max}: at most ${rule.max} ${rule.what}`
        : `${field.label} can be at most ${Math.max(0, room)}: at most ${rule.max} ${rule.what}, and there are ${current} now`,
    );
  }
  return current === undefined || n === current
    ? accept(n)
    : refuse(`${field.label} must equal ${rule.current} (${current})${renewal ? ' for a renewal' : ''}`);
}

function checkField(field: FieldSpec, raw: unknown, facts: OrderFacts, renewal: boolean): Check {
  if (isBlank(raw)) return field.optional ? accept() : refuse(`${field.label} is required`);
  switch (field.name) {
    case 'partnerId':
    case 'billingContactId':
    case 'planId':
    case 'serviceId':
    case 'connectionPlanId':
      return checkMatch(field.label, raw, decimalIdSchema, 'a Yeastar ID (digits only)');
    case 'serialNumber':
      return checkMatch(field.label, raw, serialNumberSchema, '12 to 16 capital letters or digits');
    case 'poNumber':
      return checkText(field.label, raw, PO_NUMBER_MAX_LENGTH);
    case 'note':
      return checkText(field.label, raw, NOTE_MAX_LENGTH);
    case 'quantity':
    case 'serviceQuantity':
      return checkQuantity(field, raw, facts, renewal);
  }
}

const CYCLE_WORDS: Record<BillingCycle, string> = {
  monthly: 'monthly',
  annually: 'annual',
  once: 'one-time',
};

/** A fixed cycle is not the requester's to give: whatever they sent is ignored. */
function checkBilling(
  billing: Billing,
  rawCycle: unknown,
  rawTerm: unknown,
  facts: OrderFacts,
): Partial<Record<OrderField, Check>> {
  if (billing.kind === 'fixed') return {};
  // The modal asks cycle and term as one choice, under the term's label.
  if (isBlank(rawCycle)) return { billingCycle: refuse(`${billing.termLabel} is required`) };
  const cycle = typeof rawCycle === 'string' ? rawCycle.trim() : undefined;
  const option = billing.options.find((o) => o.billingCycle === cycle);
  if (option === undefined) {
    const choices = billing.options.map((o) => o.label).join(' or ');
    return { billingCycle: refuse(`${billing.cycleLabel} must be ${choices}`) };
  }
  const kept = facts.currentBillingCycle;
  if (billing.keepsCycle && kept !== undefined && option.billingCycle !== kept) {
    return {
      billingCycle: refuse(
        `${billing.termLabel} must stay ${CYCLE_WORDS[kept]}: this order cannot change the billing cycle`,
      ),
    };
  }
  // A cycle with one possible term (monthly => 0) does not need the term asked for.
  const term = isBlank(rawTerm) && option.terms.length === 1 ? option.terms[0] : readWholeNumber(rawTerm);
  return {
    billingCycle: accept(option.billingCycle),
    multiCycle: term !== undefined && option.terms.includes(term) ? accept(term) : refuse(option.termRule),
  };
}

/** The rules about what is held now: a switch changes the plan; some services need a given plan. */
function checkHeld(
  scenario: Scenario,
  source: Record<string, unknown>,
  facts: OrderFacts,
): Partial<Record<OrderField, Check>> {
  const held = facts.currentPlan;
  if (!held) return {};
  if (scenario.purchaseType === 'switch' && source.planId === held.id) {
    return { planId: refuse(`Plan must differ from the current plan${held.name ? ` (${held.name})` : ''}`) };
  }
  const rule = scenario.servicePlan;
  if (rule && facts.serviceName && rule.service.test(facts.serviceName) && !rule.plan.test(held.name ?? '')) {
    return { serviceId: refuse(rule.rule) };
  }
  return {};
}

/** Catches a row that lacks a field the order needs (a catalog mistake), instead of building a broken body. */
function schemaErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0]);
    if (field in orderInputSchema.shape && field !== 'scenarioId') {
      errors[field as OrderField] = `${field} is missing or not valid for this order`;
    }
  }
  return errors;
}

/**
 * Checks a submitted request against its catalog row: every field the row asks for, each by its rule.
 * Fields the row does not ask for are ignored. Never throws, whatever `raw` is.
 */
export function validateOrderInput(
  scenario: Scenario,
  raw: unknown,
  facts: OrderFacts = {},
): ValidationResult {
  const source = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const checks: Partial<Record<OrderField, Check>> = {
    ...Object.fromEntries(
      scenario.fields.map((f) => [
        f.name,
        checkField(f, source[f.name], facts, scenario.purchaseType === 'renew'),
      ]),
    ),
    ...checkBilling(scenario.billing, source.billingCycle, source.multiCycle, facts),
    ...checkHeld(scenario, source, facts),
  };
  const errors: FieldErrors = {};
  const collected: Record<string, string | number> = { scenarioId: scenario.id };
  for (const [field, check] of Object.entries(checks) as [OrderField, Check][]) {
    if (!check.ok) errors[field] = check.message;
    else if (check.value !== undefined) collected[field] = check.value;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const parsed = orderInputSchema.safeParse(collected);
  if (!parsed.success) return { ok: false, errors: schemaErrors(parsed.error) };
  const unfilled = lineGaps(scenario, parsed.data);
  return Object.keys(unfilled).length > 0
    ? { ok: false, errors: unfilled }
    : { ok: true, value: parsed.data };
}

/** Catches a row whose lines draw on a field it never fills (a catalog mistake), before any body is built. */
function lineGaps(scenario: Scenario, input: OrderInput): FieldErrors {
  const errors: FieldErrors = {};
  for (const line of scenario.lines) {
    for (const field of [lineIdField(line), line.connectionPlan]) {
      if (field && input[field] === undefined)
        errors[field] = `${field} is missing or not valid for this order`;
    }
  }
  return errors;
}
