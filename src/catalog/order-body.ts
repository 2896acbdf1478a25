import { jsonInteger, stringifyJson } from '../yeastar/json';
import type { CreateOrderBody, ServiceLine } from '../yeastar/order-body';
import { type OrderInput, validateOrderInput } from './request';
import { asksFor, type EnteredField, type LineSpec, lineIdField, type Scenario, type Term } from './scenario';
import { getScenario } from './scenarios';

export interface BuildOptions {
  /**
   * The app's reconciliation reference. It is always part of `poNumber` (after the requester's own PO
   * number, when given): Query Order List echoes `poNumber`, and only a unique value finds exactly the
   * order whose answer was lost, never an older one with the same PO number.
   */
  reference?: string;
}

/** A value the row requires; a validated input always has it, so its absence is a programming error. */
function need<K extends keyof OrderInput>(
  scenario: Scenario,
  input: OrderInput,
  key: K,
): NonNullable<OrderInput[K]> {
  const value = input[key];
  if (value === undefined) {
    throw new Error(`scenario ${scenario.id} needs ${key}, which the order input lacks`);
  }
  return value;
}

/** The input's value for a field, but only when the row asks for that field. */
function rowValue<K extends EnteredField>(
  scenario: Scenario,
  input: OrderInput,
  key: K,
): OrderInput[K] | undefined {
  return asksFor(scenario, key) ? input[key] : undefined;
}

/** The line's billing fields: as the row fixes them, or as chosen (the model follows the cycle). */
function billingOf(scenario: Scenario, input: OrderInput): Term {
  const { billing } = scenario;
  if (billing.kind === 'fixed') {
    const { kind: _fixed, ...term } = billing;
    return term;
  }
  const billingCycle = need(scenario, input, 'billingCycle');
  const option = billing.options.find((o) => o.billingCycle === billingCycle);
  if (!option) throw new Error(`scenario ${scenario.id} offers no billing cycle ${billingCycle}`);
  return { billingModel: option.billingModel, billingCycle, multiCycle: need(scenario, input, 'multiCycle') };
}

function buildLine(scenario: Scenario, line: LineSpec, input: OrderInput): ServiceLine {
  const { billingModel, billingCycle, multiCycle } = billingOf(scenario, input);
  return {
    serviceType: line.serviceType,
    serviceId: jsonInteger(need(scenario, input, lineIdField(line))),
    ...(line.connectionPlan
      ? { connectionPlanId: jsonInteger(need(scenario, input, line.connectionPlan)) }
      : {}),
    ...(line.quantity && input[line.quantity] !== undefined ? { quantity: input[line.quantity] } : {}),
    purchaseType: scenario.purchaseType,
    ...(billingModel ? { billingModel } : {}),
    ...(billingCycle ? { billingCycle } : {}),
    ...(multiCycle !== undefined ? { multiCycle } : {}),
  };
}

/**
 * The exact Create an Order body for a validated request. Every choice of shape (which lines, which
 * optional fields, the fixed values) comes from the scenario row.
 */
export function buildOrderBody(
  scenario: Scenario,
  input: OrderInput,
  options: BuildOptions = {},
): CreateOrderBody {
  if (input.scenarioId !== scenario.id) {
    throw new Error(`order input is for scenario ${input.scenarioId}, not ${scenario.id}`);
  }
  const partnerId = rowValue(scenario, input, 'partnerId');
  const poNumber =
    [rowValue(scenario, input, 'poNumber'), options.reference].filter(Boolean).join(' / ') || undefined;
  return {
    operationType: scenario.operationType,
    ...(asksFor(scenario, 'serialNumber') ? { productNo: need(scenario, input, 'serialNumber') } : {}),
    productId: scenario.productId,
    ...(partnerId !== undefined ? { partnerId } : {}),
    // Trials name no billing contact: their pages list no billingId (the body table marks it required).
    ...(asksFor(scenario, 'billingContactId')
      ? { billingId: jsonInteger(need(scenario, input, 'billingContactId')) }
      : {}),
    ...(poNumber !== undefined ? { poNumber } : {}),
    serviceList: scenario.lines.map((line) => buildLine(scenario, line, input)),
  };
}

export type OrderBodyText = { ok: true; text: string } | { ok: false; problem: string };
export type StoredOrderBody = { ok: true; body: CreateOrderBody } | { ok: false; problem: string };

/**
 * The Create an Order body of a stored request: its details checked again by the catalog (a stored row
 * is data, and the catalog may have changed since it was written).
 */
export function storedOrderBody(request: {
  scenarioId: string;
  details: Record<string, unknown>;
  reference?: string;
}): StoredOrderBody {
  const scenario = getScenario(request.scenarioId);
  if (!scenario) return { ok: false, problem: `the catalog has no scenario ${request.scenarioId}` };
  const input = validateOrderInput(scenario, request.details);
  if (!input.ok) {
    return { ok: false, problem: `stored details are not valid: ${Object.values(input.errors).join('; ')}` };
  }
  const options = request.reference === undefined ? {} : { reference: request.reference };
  return { ok: true, body: buildOrderBody(scenario, input.value, options) };
}

/** The exact bytes of Create an Order for a stored request, written losslessly. */
export function orderBodyText(request: {
  scenarioId: string;
  details: Record<string, unknown>;
  reference: string;
}): OrderBodyText {
  const built = storedOrderBody(request);
  return built.ok ? { ok: true, text: stringifyJson(built.body) } : built;
}
