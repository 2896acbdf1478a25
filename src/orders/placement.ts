import type { Logger } from '../logger';
import type { RequestRepository } from '../store';
import type { PartnerApiClient } from '../yeastar/client';
import { isOutcomeUnknown, PartnerApiError } from '../yeastar/errors';
import type { CreateOrderResult } from '../yeastar/schemas';
import { describeError } from './describe-error';
import type { OrderRequest, PlacedOrder, PlacementFailure } from './model';
import { bodyForRequest } from './request-body';

export const SYSTEM_ACTOR = 'system';

export interface OrderPlacerDeps {
  requests: RequestRepository;
  partnerApi: Pick<PartnerApiClient, 'createOrder'>;
  logger?: Logger;
}

export interface PlacementAttempt {
  request: OrderRequest;
  claimed: boolean;
}

/**
 * Places the order of an approved request, once. The claim `approved -> placing` is a conditional update,
 * so of many concurrent callers exactly one sends Create an Order; the others get the request as it is.
 * A crash between the claim and the record leaves `placing`, which recovery treats like `in_doubt`.
 */
export class OrderPlacer {
  constructor(private readonly deps: OrderPlacerDeps) {}

  /** Returns the request as it ends (or as another caller left it); undefined when there is no such request. */
  async place(requestId: string): Promise<OrderRequest | undefined> {
    return (await this.attempt(requestId))?.request;
  }

  /** Like place, and says whether this call won the claim (so only the winner reports the outcome). */
  async attempt(requestId: string): Promise<PlacementAttempt | undefined> {
    const { requests } = this.deps;
    const claimed = await requests.transition(requestId, {
      from: 'approved',
      to: 'placing',
      actor: SYSTEM_ACTOR,
      action: 'place',
    });
    if (!claimed) {
      const current = await requests.get(requestId);
      return current && { request: current, claimed: false };
    }
    return { request: await this.send(claimed), claimed: true };
  }

  private async send(claimed: OrderRequest): Promise<OrderRequest> {
    const requestId = claimed.id;
    const log = this.deps.logger?.child({ requestId });

    const built = bodyForRequest(claimed);
    if (!built.ok) return this.recordFailure(claimed, built.failure);

    let result: CreateOrderResult;
    try {
      result = await this.deps.partnerApi.createOrder(built.body);
    } catch (err) {
      if (err instanceof PartnerApiError && !isOutcomeUnknown(err))
        return this.recordFailure(claimed, failureOf(err));
      log?.warn({ err: describeError(err) }, 'Create an Order outcome unknown; request is in doubt');
      return this.record(claimed, {
        to: 'in_doubt',
        action: 'place_outcome_unknown',
        reason: describeError(err).message,
      });
    }
    log?.info({ orderNo: result.orderNo, orderStatus: result.orderStatus }, 'order placed');
    return this.record(claimed, { to: 'placed', action: 'placed', order: placedOrderOf(result) });
  }

  private recordFailure(request: OrderRequest, failure: PlacementFailure): Promise<OrderRequest> {
    this.deps.logger?.warn({ requestId: request.id, failure }, 'order refused');
    return this.record(request, {
      to: 'failed',
      action: 'place_failed',
      reason: failure.detailMessage,
      failure,
    });
  }

  private async record(
    request: OrderRequest,
    outcome: {
      to: 'placed' | 'failed' | 'in_doubt';
      action: string;
      reason?: string;
      order?: PlacedOrder;
      failure?: PlacementFailure;
    },
  ): Promise<OrderRequest> {
    const { to, action, reason, order, failure } = outcome;
    const updated = await this.deps.requests.transition(request.id, {
      from: 'placing',
      to,
      actor: SYSTEM_ACTOR,
      action,
      ...(reason === undefined ? {} : { reason }),
      patch: { ...(order ? { order } : {}), ...(failure ? { failure } : {}) },
    });
    // Only this caller holds the claim, so the update cannot lose; if the row vanished, say what is stored.
    return updated ?? (await this.deps.requests.get(request.id)) ?? request;
  }
}

export function placedOrderOf(result: {
  orderNo: string;
  orderStatus: string;
  orderId?: string;
  transactionNo: string;
  instanceId: string;
}): PlacedOrder {
  return {
    orderNo: result.orderNo,
    orderStatus: result.orderStatus,
    ...nonEmpty('orderId', result.orderId),
    ...nonEmpty('transactionNo', result.transactionNo),
    ...nonEmpty('instanceId', result.instanceId),
  };
}

function nonEmpty<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

function failureOf(err: PartnerApiError): PlacementFailure {
  return {
    code: err.code,
    detailMessage: err.detailMessage,
    ...(err.requestId ? { requestId: err.requestId } : {}),
    ...(err.httpStatus === undefined ? {} : { httpStatus: err.httpStatus }),
  };
}
