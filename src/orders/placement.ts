import { orderBodyText } from '../catalog';
import type { Logger } from '../logger';
import { Deadline } from './deadline';
import { isFinalOrderStatus, type OrderRequest, type PlacementFailure, SYSTEM_ACTOR } from './model';
import type { PartnerOrders, PlaceOutcome, RequestStore, Transition } from './ports';

export interface PlacementTiming {
  /** One attempt, token and any 401 retry included, is over by then. */
  orderDeadlineMs: number;
  /** How long the placer's lease holds; safely above the deadline, so a live attempt never looks abandoned. */
  placingLeaseMs: number;
}

export interface PlacementDeps {
  store: RequestStore;
  partner: PartnerOrders;
  timing: PlacementTiming;
  logger?: Logger;
}

/** `claimed`: this call decided the request's fate (placed, failed, in doubt), so it reports it. */
export interface Placed {
  claimed: boolean;
  request?: OrderRequest;
}

/**
 * Places the order of an approved request, fenced:
 * - the access token is got first, so no slow token call runs under the claim;
 * - the claim `approved → placing` takes the lease and saves the exact body in one conditional update, so
 *   of all callers (clicks, recovery, other instances) one sends, and every later attempt sends the same
 *   bytes;
 * - one deadline bounds the whole attempt, well inside the lease.
 */
export class Placement {
  constructor(private readonly deps: PlacementDeps) {}

  /**
   * `owner` holds the lease while the order is sent: the caller's own lease (recovery), or a new owner for
   * a click. Owners are never shared between two workers, even of one instance.
   */
  async place(requestId: string, owner: string): Promise<Placed> {
    const { store, partner, timing } = this.deps;
    const request = await store.get(requestId);
    if (request?.state !== 'approved') return { claimed: false, request };
    // A body saved by an earlier claim is sent again unchanged; only a first attempt builds one.
    const body =
      request.orderBody === undefined
        ? orderBodyText(request)
        : { ok: true as const, text: request.orderBody };
    if (!body.ok) return this.notSent(request, { code: 'invalid_request', detailMessage: body.problem });
    const deadline = Deadline.after(timing.orderDeadlineMs);
    // Half of the deadline at most for the token: the call itself always keeps the other half.
    const ready = await partner.prepare(deadline.within(timing.orderDeadlineMs / 2));
    if (!ready.ok) return this.notSent(request, ready.failure);

    const claim = { owner, leaseMs: timing.placingLeaseMs, orderBody: body.text };
    const claimed = await store.claimPlacement(requestId, claim);
    if (!claimed) return { claimed: false, request: await store.get(requestId) };
    try {
      const outcome = await partner.place(claimed.orderBody ?? body.text, deadline);
      return { claimed: true, request: await this.record(claimed, outcome) };
    } finally {
      await store.releaseLease(requestId, owner);
    }
  }

  /** Nothing was sent: the request fails with why, unless another caller moved it on meanwhile. */
  private async notSent(request: OrderRequest, failure: PlacementFailure): Promise<Placed> {
    this.deps.logger?.warn({ requestId: request.id, failure }, 'order not sent');
    const failed = await this.deps.store.transition(request.id, {
      from: 'approved',
      to: 'failed',
      actor: SYSTEM_ACTOR,
      action: 'place_failed',
      reason: failure.detailMessage,
      patch: { failure },
    });
    return failed
      ? { claimed: true, request: failed }
      : { claimed: false, request: await this.deps.store.get(request.id) };
  }

  private async record(request: OrderRequest, outcome: PlaceOutcome): Promise<OrderRequest> {
    const log = this.deps.logger?.child({ requestId: request.id });
    if (outcome.kind === 'placed') log?.info({ ...outcome.order }, 'order placed');
    else if (outcome.kind === 'refused') log?.warn({ failure: outcome.failure }, 'order refused');
    else log?.warn({ reason: outcome.reason }, 'Create an Order outcome unknown; request is in doubt');
    const recorded = await this.deps.store.transition(request.id, {
      from: 'placing',
      actor: SYSTEM_ACTOR,
      ...transitionFor(outcome),
    });
    // This caller holds the claim, so the update cannot lose; if the row vanished, say what is stored.
    return recorded ?? (await this.deps.store.get(request.id)) ?? request;
  }
}

function transitionFor(outcome: PlaceOutcome): Omit<Transition, 'from' | 'actor'> {
  switch (outcome.kind) {
    case 'placed': {
      const { order } = outcome;
      return {
        to: 'placed',
        action: 'placed',
        patch: { order, followOrder: !isFinalOrderStatus(order.orderStatus) },
      };
    }
    case 'refused': {
      const { failure } = outcome;
      return { to: 'failed', action: 'place_failed', reason: failure.detailMessage, patch: { failure } };
    }
    case 'unknown': {
      const { reason } = outcome;
      return { to: 'in_doubt', action: 'place_outcome_unknown', reason, patch: { doubt: { reason } } };
    }
  }
}
