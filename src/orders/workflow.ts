import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { getScenario, type OrderInput, storedOrderBody } from '../catalog';
import type { Logger } from '../logger';
import { yieldToWaitingIo } from '../yield-to-waiting-io';
import { Deadline } from './deadline';
import { describeError } from './describe-error';
import {
  isFinalOrderStatus,
  type OrderRequest,
  type RequestState,
  type SlackCoordinates,
  SYSTEM_ACTOR,
} from './model';
import { type Placed, Placement, type PlacementTiming } from './placement';
import type { ApproverPolicy } from './policy';
import type {
  ListedOrder,
  Notifier,
  PartnerOrders,
  PartnerPrices,
  PendingTiming,
  RequestStore,
} from './ports';
import { type Price, priceText, samePrice, storedPrices, UNAVAILABLE, withoutPrices } from './price';
import { Reconciliation, type ReconciliationLimits } from './reconciliation';
import { newReference } from './reference';
import { NO_SECOND_APPROVAL, type SecondApprovalRules, secondApprovalReason } from './second-approval';

export const MAX_REASON_LENGTH = 500;

export interface WorkflowTiming extends PlacementTiming, PendingTiming {
  /** An order's absence is believed only this long after its outcome became unknown (Yeastar may commit late). */
  graceMs: number;
  /** First pause between two lookups of a request in doubt; it doubles, up to `maxCheckIntervalMs`. */
  checkIntervalMs: number;
  maxCheckIntervalMs: number;
}

export interface OrderWorkflowDeps {
  store: RequestStore;
  partner: PartnerOrders;
  notifier: Notifier;
  policy: ApproverPolicy;
  /** Asked what an order costs, at submission and again at approval; without it no price is shown or checked. */
  prices?: PartnerPrices;
  /** This app instance, named in the leases it takes. */
  instanceId: string;
  timing: WorkflowTiming;
  reconciliation?: ReconciliationLimits;
  /** Which requests need two approvers; none by default. */
  secondApproval?: SecondApprovalRules;
  logger?: Logger;
}

export type RefusalReason =
  | 'not_found'
  | 'not_approver'
  | 'own_request'
  | 'not_requester'
  | 'already_decided'
  | 'reason_required'
  /** Settling a doubt that is settled already. */
  | 'not_in_doubt'
  /** The order number a person gave is unknown to Yeastar, or belongs to another request or product. */
  | 'order_not_found'
  | 'order_taken'
  | 'order_mismatch'
  /** The Partner API could not be asked; `detail` says why. */
  | 'lookup_failed'
  /** The approvers' user group could not be read from Slack (`detail` says why), so nobody's right to decide could be checked. */
  | 'approvers_unavailable'
  /** A request that needs two approvals, approved again by the one who gave the first. */
  | 'second_approver_needed'
  /** Yeastar's price is not the one the approver was shown: nothing was ordered, the new one is shown. */
  | 'price_changed';

export type DecisionResult =
  | { ok: true; request: OrderRequest }
  | { ok: false; reason: RefusalReason; request?: OrderRequest; detail?: string };

type Refusal = Extract<DecisionResult, { ok: false }>;

/** What the follow-up of a pending request did to it. */
export type PendingFollowUp = { kind: 'reminded' | 'expired'; request: OrderRequest };

export interface SubmitCommand {
  requesterId: string;
  scenarioId: string;
  /** Already validated by the catalog. */
  input: OrderInput;
  slack?: SlackCoordinates;
  /** Slack's view id: a second submission of the same form is the same request. */
  submissionKey?: string;
  /** The price is asked for until then (and no longer than the prices port allows); later, it is not available. */
  priceBy?: Deadline;
}

/**
 * `created` a new request; `repeated` the same form sent again with the same values (the stored request);
 * `conflict` the same form sent again with other values, which are not taken: the first is already asked.
 */
export type SubmitResult = { kind: 'created' | 'repeated' | 'conflict'; request: OrderRequest };

interface Decision {
  action: 'approve' | 'reject' | 'cancel';
  to: RequestState;
  reason?: string;
}

/**
 * The order desk's use cases, each the whole story from a person's step (or recovery's) to what people
 * are told: submit; approve → claim → place → record → report; reject; cancel; settle a request in doubt
 * by looking it up; and let an approver settle what the app cannot. Slack listeners and the recovery
 * worker call these and nothing below them.
 */
/** The states a request ends in without an order, from which its requester may send it again. */
const RESUBMITTABLE: ReadonlySet<RequestState> = new Set(['rejected', 'expired', 'failed']);

export class OrderWorkflow {
  private readonly placement: Placement;
  private readonly reconciliation: Reconciliation;

  constructor(private readonly deps: OrderWorkflowDeps) {
    const { store, partner, timing, logger } = deps;
    this.placement = new Placement({ store, partner, timing, ...(logger && { logger }) });
    this.reconciliation = new Reconciliation({
      store,
      partner,
      ...(deps.reconciliation && { limits: deps.reconciliation }),
    });
  }

  async submit(command: SubmitCommand): Promise<SubmitResult> {
    const asked = { ...command.input };
    const price = await this.priceOf(
      { scenarioId: command.scenarioId, details: asked },
      command.priceBy ?? Deadline.after(Infinity),
    );
    const details = price ? { ...asked, price } : asked;
    const { request, created } = await this.deps.store.create(
      {
        id: randomUUID(),
        reference: newReference(),
        requesterId: command.requesterId,
        scenarioId: command.scenarioId,
        details,
        ...(command.slack && { slack: command.slack }),
        ...(command.submissionKey && { submissionKey: command.submissionKey }),
      },
      command.requesterId,
    );
    // A price read again may differ: the same form asks for the same order all the same.
    if (!created && !isDeepStrictEqual(withoutPrices(request.details), asked)) {
      return { kind: 'conflict', request };
    }
    // Also for a repeat: queuing is idempotent, and it heals a first attempt that stopped after storing.
    await this.tell('submitted', request);
    if (created) this.log(request, 'order request submitted', { scenarioId: request.scenarioId });
    return { kind: created ? 'created' : 'repeated', request };
  }

  /** Approve, stamp, and place the order at once; the result reaches people through the notifier. */
  async approve(requestId: string, userId: string): Promise<DecisionResult> {
    const allowed = await this.audited(await this.mayDecide(requestId, userId), userId, 'approve');
    if (!allowed.ok) return allowed;
    // The price comes first: no approval, the first of two included, counts for a price nobody saw.
    const repriced = await this.repriced(allowed.request, userId);
    if (repriced) return repriced;
    const first = await this.firstOfTwo(allowed.request, userId);
    if (first) return first;
    const decided = await this.decide(allowed.request, userId, { action: 'approve', to: 'approved' });
    if (!decided.ok) return decided;
    await this.tell('decided', decided.request);
    const placed = await this.placeAndReport(requestId, this.clickOwner());
    return { ok: true, request: placed.request ?? decided.request };
  }

  async reject(requestId: string, userId: string, reason: string): Promise<DecisionResult> {
    // Longer reasons are cut rather than refused: the Slack modal already caps the field at this length.
    const trimmed = [...reason.trim()].slice(0, MAX_REASON_LENGTH).join('').trim();
    const decided = await this.decideAsApprover(requestId, userId, {
      action: 'reject',
      to: 'rejected',
      reason: trimmed,
    });
    if (decided.ok) await this.told(decided.request);
    return decided;
  }

  async cancel(requestId: string, userId: string): Promise<DecisionResult> {
    const request = await this.deps.store.get(requestId);
    if (!request) return { ok: false, reason: 'not_found' };
    const check = this.deps.policy.canCancel(userId, request);
    if (!check.ok) return this.refuse(request, userId, 'cancel', check.reason);
    const decided = await this.decide(request, userId, { action: 'cancel', to: 'cancelled' });
    if (decided.ok) await this.told(decided.request);
    return decided;
  }

  /**
   * Whether this person may approve or reject the request now: asked before the reason for a rejection is
   * asked for. Audits nothing.
   */
  mayDecide(requestId: string, userId: string): Promise<DecisionResult> {
    return this.check(requestId, userId, 'pending_approval', 'already_decided');
  }

  /**
   * Whether this person may edit and send the request again: its requester, once it ended without an
   * order (rejected, expired or failed). Audits nothing: sending it again is a new request of its own.
   */
  async mayResubmit(requestId: string, userId: string): Promise<DecisionResult> {
    const request = await this.deps.store.get(requestId);
    if (!request) return { ok: false, reason: 'not_found' };
    if (request.requesterId !== userId) return { ok: false, reason: 'not_requester', request };
    return RESUBMITTABLE.has(request.state)
      ? { ok: true, request }
      : { ok: false, reason: 'already_decided', request };
  }

  /** Whether this person may settle the request's doubt now: asked before the order number is asked for. */
  maySettle(requestId: string, userId: string): Promise<DecisionResult> {
    return this.check(requestId, userId, 'in_doubt', 'not_in_doubt');
  }

  /**
   * An approver says the order was placed, naming its order number: checked with Get Order Details (it
   * exists, is for this product, and no other request holds it) before the request counts as placed.
   */
  async resolvePlaced(
    requestId: string,
    userId: string,
    orderNo: string,
    deadline: Deadline,
  ): Promise<DecisionResult> {
    const checked = await this.mayResolve(requestId, userId, 'resolve_placed');
    if (!checked.ok) return checked;
    const { request } = checked;
    let order: ListedOrder | undefined;
    try {
      order = await this.deps.partner.getOrder(orderNo, deadline);
    } catch (err) {
      return { ok: false, reason: 'lookup_failed', request, detail: describeError(err).message };
    }
    if (!order) return this.refuse(request, userId, 'resolve_placed', 'order_not_found');
    const refusal = await this.orderRefusal(request, order);
    if (refusal) return this.refuse(request, userId, 'resolve_placed', refusal);
    return { ok: true, request: await this.settleFound(request, order, userId, 'resolved_placed') };
  }

  /**
   * An approver says the order was not placed: one more search first (it may be there after all), then
   * the same bytes are sent again.
   */
  async resolveNotPlaced(requestId: string, userId: string): Promise<DecisionResult> {
    const checked = await this.mayResolve(requestId, userId, 'resolve_not_placed');
    if (!checked.ok) return checked;
    const { request } = checked;
    const lookup = await this.reconciliation.lookUp(request);
    if (lookup.kind === 'lookup_failed') {
      return { ok: false, reason: 'lookup_failed', request, detail: lookup.reason };
    }
    if (lookup.kind === 'found') {
      return {
        ok: true,
        request: await this.settleFound(request, lookup.order, SYSTEM_ACTOR, 'reconcile_found'),
      };
    }
    const why = lookup.kind === 'absent' ? 'the order list has no such order' : lookup.reason;
    const owner = this.clickOwner();
    return { ok: true, request: await this.reorder(request, owner, userId, 'resolved_not_placed', why) };
  }

  /**
   * Finishes one request recovery listed (the caller holds its lease): places an approved one, looks up
   * one whose placer's lease lapsed or that is in doubt. Returns the request when its stage changed.
   */
  async recover(requestId: string, leaseOwner: string): Promise<OrderRequest | undefined> {
    // Read again under the lease: another worker may have moved it on since it was listed.
    const request = await this.deps.store.get(requestId);
    switch (request?.state) {
      case 'approved': {
        const placed = await this.placeAndReport(request.id, leaseOwner);
        return placed.claimed ? placed.request : undefined;
      }
      case 'placing':
        // The caller holds the lease, so the placer's lapsed: it stopped without recording.
        return this.abandoned(request, leaseOwner);
      case 'in_doubt':
        return this.settleDoubt(request, leaseOwner);
      case 'placed':
        return this.followOrder(request);
      default:
        return undefined;
    }
  }

  /**
   * Looks up the status of an order that is not final yet (`pending`: waiting for payment) with Get Order
   * Details. A change is recorded by one conditional update, so it is told once however many workers
   * saw it; no change, no answer or an unreadable one, and the order is looked up again later, each pause
   * twice the last, up to `maxCheckIntervalMs`.
   */
  private async followOrder(request: OrderRequest): Promise<OrderRequest | undefined> {
    const { store, partner, timing } = this.deps;
    const { order, statusCheck } = request;
    if (!order || !statusCheck) return undefined;
    let status: string | undefined;
    try {
      status = (await partner.getOrder(order.orderNo, Deadline.after(timing.orderDeadlineMs)))?.orderStatus;
    } catch (err) {
      this.log(request, 'order status could not be read', { reason: describeError(err).message });
    }
    if (status && status !== order.orderStatus) {
      const followed = await store.recordOrderStatus(
        request.id,
        { from: order.orderStatus, to: status, follow: !isFinalOrderStatus(status) },
        { actor: SYSTEM_ACTOR, action: 'order_status', reason: `${order.orderStatus} → ${status}` },
      );
      if (!followed) return undefined;
      this.log(followed, 'order status changed', { orderNo: order.orderNo, orderStatus: status });
      await this.tell('outcome', followed);
      return followed;
    }
    const pause = Math.min(timing.maxCheckIntervalMs, timing.checkIntervalMs * 2 ** statusCheck.checks);
    const checkAfter = new Date((await store.now()).getTime() + pause);
    await store.scheduleStatusCheck(request.id, { from: order.orderStatus, checkAfter });
    return undefined;
  }

  /**
   * Brings requests nobody decides back to their approvers, and ends them: each pending request that is due
   * expires, or gets its next reminder. No lease is taken (a click on the request must never wait for
   * one): the expiry is a conditional transition, and a reminder is queued under its number before it is
   * counted, so a crash in between queues the same reminder again (once) and two workers count it once.
   */
  async followUpPending(limit: number): Promise<PendingFollowUp[]> {
    const { store, timing } = this.deps;
    const due = await store.listDuePending(timing, limit);
    const now = (await store.now()).getTime();
    const done: PendingFollowUp[] = [];
    for (const request of due) {
      const followed =
        now >= request.createdAt.getTime() + timing.expireAfterMs
          ? await this.expire(request)
          : await this.remind(request);
      if (followed) done.push(followed);
    }
    return done;
  }

  private async expire(request: OrderRequest): Promise<PendingFollowUp | undefined> {
    const expired = await this.deps.store.transition(request.id, {
      from: 'pending_approval',
      to: 'expired',
      actor: SYSTEM_ACTOR,
      action: 'expire',
      reason: 'no approver decided in time',
    });
    if (!expired) return undefined;
    this.log(expired, 'request expired');
    await this.told(expired);
    return { kind: 'expired', request: expired };
  }

  private async remind(request: OrderRequest): Promise<PendingFollowUp | undefined> {
    const n = (request.reminded?.count ?? 0) + 1;
    if (n > this.deps.timing.maxReminders) return undefined;
    try {
      await this.deps.notifier.reminder(request, n);
    } catch (err) {
      // Not counted, so the next run tries again.
      this.deps.logger?.error(
        { requestId: request.id, err: describeError(err) },
        'reminder could not be queued',
      );
      return undefined;
    }
    const reminded = await this.deps.store.claimReminder(request.id, n, {
      actor: SYSTEM_ACTOR,
      action: 'reminded',
      reason: `reminder ${n} of ${this.deps.timing.maxReminders}`,
    });
    if (!reminded) return undefined;
    this.log(reminded, 'approvers reminded', { reminder: n });
    return { kind: 'reminded', request: reminded };
  }

  /** What the order costs now, when a prices port is there: never a throw, `unavailable` when not read. */
  private async priceOf(
    request: { scenarioId: string; details: Record<string, unknown> },
    deadline: Deadline,
  ): Promise<Price | undefined> {
    if (!this.deps.prices) return undefined;
    const order = storedOrderBody(request);
    const { heldOn } = request.details;
    return order.ok
      ? this.deps.prices.price(order.body, deadline, typeof heldOn === 'string' ? heldOn : undefined)
      : UNAVAILABLE;
  }

  /**
   * The price is asked again before an approval counts, and the approval stands only for the price the
   * approver was shown: both reads agree, or neither could be read (the message said so). Otherwise (it
   * changed, or could be read only once) nothing is ordered: the request keeps waiting with what Yeastar
   * says now, and a fresh approval orders at that (and a first of two approvals given at the old price
   * is withdrawn). A request stored without a price counts as unread.
   */
  private async repriced(request: OrderRequest, userId: string): Promise<Refusal | undefined> {
    const shown = storedPrices(request.details).price ?? UNAVAILABLE;
    const now = await this.priceOf(request, Deadline.after(this.deps.timing.orderDeadlineMs));
    if (!now || samePrice(shown, now)) return undefined;
    // The first of two approvals was given at the old price: two approvals are asked for again.
    const withdrawn = request.firstApproval?.by;
    const updated = await this.deps.store.transition(request.id, {
      from: 'pending_approval',
      to: 'pending_approval',
      actor: SYSTEM_ACTOR,
      action: 'price_changed',
      reason: `${priceText(shown)} → ${priceText(now)}${withdrawn ? '; the first approval no longer counts' : ''}`,
      patch: {
        details: {
          ...withoutPrices(request.details),
          price: now,
          priceBefore: shown,
          ...(withdrawn && { approvalWithdrawn: withdrawn }),
        },
        withdrawFirstApproval: true,
      },
    });
    if (!updated) {
      const current = (await this.deps.store.get(request.id)) ?? request;
      return this.refuse(current, userId, 'approve', 'already_decided');
    }
    this.log(updated, 'price changed since the request: approval asked again', { actor: userId });
    await this.tell('repriced', updated);
    return this.refuse(updated, userId, 'approve', 'price_changed');
  }

  /** A lease owner for one click's work: unique, so that no two workers ever share a lease. */
  private clickOwner(): string {
    return `${this.deps.instanceId}/click/${randomUUID()}`;
  }

  /** The placer stopped (its lease lapsed) without recording: the outcome is unknown from now. */
  private async abandoned(request: OrderRequest, owner: string): Promise<OrderRequest | undefined> {
    const reason = 'the app stopped while it was placing the order';
    const doubted = await this.deps.store.transition(request.id, {
      from: 'placing',
      to: 'in_doubt',
      actor: SYSTEM_ACTOR,
      action: 'placing_abandoned',
      reason,
      patch: { doubt: { reason } },
    });
    if (!doubted) return undefined;
    const settled = await this.settleDoubt(doubted, owner);
    if (settled) return settled;
    await this.tell('outcome', doubted);
    return doubted;
  }

  /**
   * Looks a request in doubt up. Found: placed. Proven absent after the grace period: ordered again with
   * the same bytes. Otherwise it stays in doubt and is looked up again later; once the grace period is
   * over, people are asked to settle it (once).
   */
  private async settleDoubt(request: OrderRequest, owner: string): Promise<OrderRequest | undefined> {
    const { store, timing } = this.deps;
    const lookup = await this.reconciliation.lookUp(request);
    if (lookup.kind === 'found')
      return this.settleFound(request, lookup.order, SYSTEM_ACTOR, 'reconcile_found');
    const now = await store.now();
    const since = request.doubt?.since ?? request.updatedAt;
    const graceEnds = since.getTime() + timing.graceMs;
    const graceOver = now.getTime() >= graceEnds;
    if (lookup.kind === 'absent' && graceOver) {
      return this.reorder(
        request,
        owner,
        SYSTEM_ACTOR,
        'reconcile_absent',
        'the order list has no such order',
      );
    }
    const reason =
      lookup.kind === 'absent'
        ? 'the order list does not show it yet, and Yeastar may still be recording it'
        : lookup.reason;
    this.log(request, 'request stays in doubt', { reason });
    const pause = Math.min(
      timing.maxCheckIntervalMs,
      timing.checkIntervalMs * 2 ** (request.doubt?.checks ?? 0),
    );
    const next = graceOver ? now.getTime() + pause : Math.min(now.getTime() + pause, graceEnds);
    await store.scheduleCheck(request.id, { checkAfter: new Date(next), reason });
    if (!graceOver || request.doubt?.raisedAt) return undefined;
    const raised = await store.raiseDoubt(request.id, {
      actor: SYSTEM_ACTOR,
      action: 'doubt_raised',
      reason,
    });
    if (raised) await this.tell('outcome', raised);
    return raised;
  }

  private async settleFound(
    request: OrderRequest,
    found: ListedOrder,
    actor: string,
    action: string,
  ): Promise<OrderRequest> {
    const { orderNo, orderId, orderStatus, transactionNo, instanceId } = found;
    const settled = await this.deps.store.transition(request.id, {
      from: 'in_doubt',
      to: 'placed',
      actor,
      action,
      patch: {
        order: { orderNo, orderStatus, orderId, transactionNo, instanceId },
        followOrder: !isFinalOrderStatus(orderStatus),
      },
    });
    if (!settled) return (await this.deps.store.get(request.id)) ?? request;
    this.log(settled, 'request in doubt settled: the order exists', { orderNo });
    await this.tell('outcome', settled);
    return settled;
  }

  /** Back to approved, then placed again: the saved body goes out unchanged. */
  private async reorder(request: OrderRequest, owner: string, actor: string, action: string, reason: string) {
    const reopened = await this.deps.store.transition(request.id, {
      from: 'in_doubt',
      to: 'approved',
      actor,
      action,
      reason,
    });
    if (!reopened) return (await this.deps.store.get(request.id)) ?? request;
    this.log(request, 'ordering again: the order was not placed', { actor });
    const placed = await this.placeAndReport(request.id, owner);
    return placed.request ?? reopened;
  }

  private async placeAndReport(requestId: string, owner: string): Promise<Placed> {
    // Placing is the heaviest step: what others are waiting for (their clicks' acks) goes first.
    await yieldToWaitingIo();
    const placed = await this.placement.place(requestId, owner);
    if (placed.claimed && placed.request) await this.tell('outcome', placed.request);
    return placed;
  }

  /** Why the named order cannot be this request's, if it cannot. */
  private async orderRefusal(
    request: OrderRequest,
    order: ListedOrder,
  ): Promise<'order_mismatch' | 'order_taken' | undefined> {
    const productId = getScenario(request.scenarioId)?.productId;
    if (order.productId !== undefined && productId !== undefined && order.productId !== productId) {
      return 'order_mismatch';
    }
    const holders = await this.deps.store.knownOrders([order.orderNo]);
    return holders.length > 0 ? 'order_taken' : undefined;
  }

  /** maySettle, for the step itself: a refusal is audited. */
  private async mayResolve(requestId: string, userId: string, action: string): Promise<DecisionResult> {
    return this.audited(await this.maySettle(requestId, userId), userId, action);
  }

  /** An approver's step on a request that must be in `state`; `otherwise` is the refusal when it is not. */
  private async check(
    requestId: string,
    userId: string,
    state: RequestState,
    otherwise: RefusalReason,
  ): Promise<DecisionResult> {
    const request = await this.deps.store.get(requestId);
    if (!request) return { ok: false, reason: 'not_found' };
    const check = await this.deps.policy.canDecide(userId, request);
    if (!check.ok) return { ...check, request };
    if (request.state !== state) return { ok: false, reason: otherwise, request };
    return { ok: true, request };
  }

  /**
   * A request that needs two approvals: the first approval keeps it pending (and tells people so); the
   * same approver cannot give the second. Undefined when this approval is the one that decides.
   */
  private async firstOfTwo(request: OrderRequest, userId: string): Promise<DecisionResult | undefined> {
    if (!secondApprovalReason(request, this.deps.secondApproval ?? NO_SECOND_APPROVAL)) return undefined;
    if (request.firstApproval?.by === userId) {
      return this.refuse(request, userId, 'approve', 'second_approver_needed');
    }
    if (request.firstApproval) return undefined;
    const recorded = await this.deps.store.recordFirstApproval(request.id, userId);
    if (!recorded) {
      // A first approval was recorded meanwhile: by another approver this is the second, by the same
      // one (a double click) it is not.
      const now = (await this.deps.store.get(request.id)) ?? request;
      return now.firstApproval?.by === userId
        ? this.refuse(now, userId, 'approve', 'second_approver_needed')
        : undefined;
    }
    this.log(recorded, 'request approved once, a second approval is needed', { actor: userId });
    await this.tell('decided', recorded);
    return { ok: true, request: recorded };
  }

  /** A refusal of a person's step on an existing request goes into its audit trail. */
  private async audited(checked: DecisionResult, userId: string, action: string): Promise<DecisionResult> {
    if (checked.ok || !checked.request) return checked;
    return this.refuse(checked.request, userId, action, checked.reason, checked.detail);
  }

  private async decideAsApprover(
    requestId: string,
    userId: string,
    decision: Decision,
  ): Promise<DecisionResult> {
    const allowed = await this.audited(await this.mayDecide(requestId, userId), userId, decision.action);
    if (!allowed.ok) return allowed;
    if (decision.reason === '')
      return this.refuse(allowed.request, userId, decision.action, 'reason_required');
    return this.decide(allowed.request, userId, decision);
  }

  /** One conditional transition out of pending_approval; losing the race means someone decided first. */
  private async decide(request: OrderRequest, userId: string, decision: Decision): Promise<DecisionResult> {
    const updated = await this.deps.store.transition(request.id, {
      from: 'pending_approval',
      to: decision.to,
      actor: userId,
      action: decision.action,
      ...(decision.reason !== undefined && { reason: decision.reason }),
      patch: { decidedBy: userId, ...(decision.reason !== undefined && { reason: decision.reason }) },
    });
    if (updated) {
      this.log(updated, `request ${updated.state}`, { actor: userId });
      return { ok: true, request: updated };
    }
    const current = (await this.deps.store.get(request.id)) ?? request;
    return this.refuse(current, userId, decision.action, 'already_decided');
  }

  /** A decision that ends the request: stamped, then its outcome told. */
  private async told(request: OrderRequest): Promise<void> {
    await this.tell('decided', request);
    await this.tell('outcome', request);
  }

  private async refuse(
    request: OrderRequest,
    userId: string,
    action: string,
    reason: RefusalReason,
    detail?: string,
  ): Promise<Refusal> {
    await this.deps.store.recordEvent(request.id, { actor: userId, action, reason });
    this.log(request, 'request action refused', { actor: userId, action, reason, ...(detail && { detail }) });
    return { ok: false, reason, request, ...(detail && { detail }) };
  }

  /** Tells people of a step; a failure to tell is logged and never undoes the step. */
  private async tell(step: Exclude<keyof Notifier, 'reminder'>, request: OrderRequest): Promise<void> {
    try {
      await this.deps.notifier[step](request);
    } catch (err) {
      this.deps.logger?.error(
        { requestId: request.id, step, err: describeError(err) },
        'people could not be told',
      );
    }
  }

  private log(request: OrderRequest, message: string, fields: Record<string, unknown> = {}): void {
    this.deps.logger?.info({ requestId: request.id, ...fields }, message);
  }
}
