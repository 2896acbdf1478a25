import type { Logger } from '../logger';
import type { RequestRepository } from '../store';
import type { PartnerApiClient } from '../yeastar/client';
import type { OrderInfo } from '../yeastar/schemas';
import { describeError } from './describe-error';
import type { OrderRequest } from './model';
import { type OrderPlacer, placedOrderOf, SYSTEM_ACTOR } from './placement';
import { sentPoNumber } from './request-body';

export interface ReconcilerDeps {
  requests: RequestRepository;
  partnerApi: Pick<PartnerApiClient, 'findOrderByReference'>;
  placer: OrderPlacer;
  /**
   * A `placing` request younger than this may still have its Create an Order call in flight: looking it up
   * now could find nothing and place it twice. Keep it above the client's longest createOrder duration.
   */
  stalePlacingMs: number;
  logger?: Logger;
  now?: () => Date;
}

/**
 * Settles requests whose Create an Order answer never arrived (`in_doubt`) or was never recorded (stale
 * `placing`) by asking Query Order List for the request's reference: found means placed; certainly absent
 * means the order was never created, so it goes back to `approved` and through the normal claim again.
 */
export class Reconciler {
  constructor(private readonly deps: ReconcilerDeps) {}

  /** Returns the request as it ends; undefined when there is no such request. */
  async reconcile(requestId: string): Promise<OrderRequest | undefined> {
    const { requests } = this.deps;
    const request = await requests.get(requestId);
    if (!request || !this.needsReconciling(request)) return request;
    const log = this.deps.logger?.child({ requestId });

    let found: OrderInfo | undefined;
    try {
      found = await this.deps.partnerApi.findOrderByReference(sentPoNumber(request));
    } catch (err) {
      log?.warn(
        { err: describeError(err), state: request.state },
        'order lookup failed; request stays in doubt',
      );
      if (request.state === 'in_doubt') return request;
      return this.settle(request, { to: 'in_doubt', action: 'reconcile_lookup_failed' });
    }

    if (found) {
      log?.info({ orderNo: found.orderNo }, 'reconciliation found the order');
      return this.settle(request, {
        to: 'placed',
        action: 'reconcile_found',
        order: placedOrderOf({ ...found, orderId: found.id }),
      });
    }
    log?.info('reconciliation found no order; placing it again');
    const reopened = await requests.transition(request.id, {
      from: request.state,
      to: 'approved',
      actor: SYSTEM_ACTOR,
      action: 'reconcile_absent',
    });
    if (!reopened) return requests.get(request.id);
    return this.deps.placer.place(request.id);
  }

  needsReconciling(request: OrderRequest): boolean {
    if (request.state === 'in_doubt') return true;
    return request.state === 'placing' && request.updatedAt < this.staleBefore();
  }

  /** A `placing` request last updated before this moment (exclusive) is presumed abandoned. */
  staleBefore(): Date {
    const now = this.deps.now?.() ?? new Date();
    return new Date(now.getTime() - this.deps.stalePlacingMs);
  }

  /** Conditional on the state that was looked at, so a concurrent settle cannot be overwritten. */
  private async settle(
    request: OrderRequest,
    outcome: { to: 'placed' | 'in_doubt'; action: string; order?: OrderRequest['order'] },
  ): Promise<OrderRequest | undefined> {
    const updated = await this.deps.requests.transition(request.id, {
      from: request.state,
      to: outcome.to,
      actor: SYSTEM_ACTOR,
      action: outcome.action,
      patch: outcome.order ? { order: outcome.order } : {},
    });
    return updated ?? this.deps.requests.get(request.id);
  }
}
