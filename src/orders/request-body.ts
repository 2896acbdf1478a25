import { buildOrderBody, getScenario, validateOrderInput } from '../catalog';
import type { CreateOrderBody } from '../yeastar/order-body';
import type { OrderRequest, PlacementFailure } from './model';

export type BodyOutcome = { ok: true; body: CreateOrderBody } | { ok: false; failure: PlacementFailure };

/**
 * The Create an Order body for a stored request, its details checked again by the catalog: a stored row
 * is data, and the catalog may have changed since it was written.
 */
export function bodyForRequest(request: OrderRequest): BodyOutcome {
  const scenario = getScenario(request.scenarioId);
  if (!scenario) {
    return {
      ok: false,
      failure: {
        code: 'unknown_scenario',
        detailMessage: `the catalog has no scenario ${request.scenarioId}`,
      },
    };
  }
  const input = validateOrderInput(scenario, request.details);
  if (!input.ok) {
    const problems = Object.values(input.errors).join('; ');
    return {
      ok: false,
      failure: { code: 'invalid_request', detailMessage: `stored details are not valid: ${problems}` },
    };
  }
  return { ok: true, body: buildOrderBody(scenario, input.value, { reference: request.reference }) };
}

/**
 * The `poNumber` the order is (or was) sent with, which Query Order List echoes: the requester's own PO
 * number when they gave one, else the request's generated reference.
 */
export function sentPoNumber(request: OrderRequest): string {
  const built = bodyForRequest(request);
  return (built.ok ? built.body.poNumber : undefined) ?? request.reference;
}
