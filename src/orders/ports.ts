import type { CreateOrderBody } from '../catalog';
import type { Deadline } from './deadline';
import type {
  AuditEvent,
  OrderRequest,
  PlacedOrder,
  PlacementFailure,
  RequestState,
  SlackCoordinates,
} from './model';
import type { Price } from './price';

/**
 * What the order workflow needs from the outside, in its own terms. `store/` implements the request
 * store, `yeastar/` the Partner API orders, `slack/` the notifier; every implementation of a port passes
 * that port's contract suite under test/.
 */

export interface NewOrderRequest {
  id: string;
  reference: string;
  requesterId: string;
  scenarioId: string;
  details: Record<string, unknown>;
  slack?: SlackCoordinates;
  /** What makes a repeated submission of the same form the same request (Slack's view id). */
  submissionKey?: string;
}

/** Fields a transition may set besides the state. Times are the store's clock. */
export interface TransitionPatch {
  /** Sets `decidedBy`, and `decidedAt` to the time of the transition. */
  decidedBy?: string;
  reason?: string;
  order?: PlacedOrder;
  /** With `order`: its status is not final, so it is looked up from now on until it is. */
  followOrder?: boolean;
  failure?: PlacementFailure;
  /** Entering `in_doubt`: the outcome is unknown from now, for this reason, and is looked up at once. */
  doubt?: { reason: string };
  /** Replaces the stored details (a price read again while the request waits for approval). */
  details?: Record<string, unknown>;
  /** A first approval given at a price that changed since no longer counts. */
  withdrawFirstApproval?: boolean;
}

export interface Transition {
  /** The state the request must be in; otherwise nothing is written. */
  from: RequestState;
  to: RequestState;
  actor: string;
  action: string;
  reason?: string;
  patch?: TransitionPatch;
}

/** An audit event that changes no state: a refused click, a request raised to people. */
export interface RequestEvent {
  actor: string;
  action: string;
  reason?: string;
}

/** When a request nobody decides is brought back to its approvers, and when it expires. */
export interface PendingTiming {
  reminderAfterMs: number;
  /** 0: no reminders. */
  maxReminders: number;
  expireAfterMs: number;
}

/** A request whose order Yeastar confirmed, with what was sent: evidence of what Query Order List echoes. */
export interface KnownOrder {
  orderNo: string;
  reference: string;
  orderBody?: string;
}

/**
 * Requests, their audit trail, and the leases that keep two workers (two app instances, or a click and
 * recovery) off one request. Every time it writes or compares is the database's clock, so instances whose
 * own clocks disagree still agree on which lease has lapsed.
 */
export interface RequestStore {
  /** The store's clock. */
  now(): Promise<Date>;
  /** Stores a new request; a submission key already stored returns that request instead. */
  create(input: NewOrderRequest, actor: string): Promise<{ request: OrderRequest; created: boolean }>;
  get(id: string): Promise<OrderRequest | undefined>;
  /** One conditional state change with its audit event; undefined (nothing written) when not in `from`. */
  transition(id: string, t: Transition): Promise<OrderRequest | undefined>;
  /**
   * The first of two approvals, with its audit event, in one conditional update: only while the request
   * is pending and has none yet. Undefined (nothing written) otherwise.
   */
  recordFirstApproval(id: string, userId: string): Promise<OrderRequest | undefined>;
  /** Audits an event that changes no state; false for an unknown request. */
  recordEvent(id: string, event: RequestEvent): Promise<boolean>;
  /**
   * `approved → placing` and the lease for `leaseMs`, in one conditional update, unless another owner
   * holds an unexpired lease. The body is saved unless one is saved already: the saved one is sent.
   */
  claimPlacement(
    id: string,
    claim: { owner: string; leaseMs: number; orderBody: string },
  ): Promise<OrderRequest | undefined>;
  /** Takes or renews the right to work on a request for `ttlMs`; false while another owner holds it. */
  claimLease(id: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLease(id: string, owner: string): Promise<void>;
  /**
   * What recovery should finish, least recently changed first, none leased: approved requests, `placing`
   * ones whose placer's lease lapsed, requests in doubt that are due to be looked up, and placed ones
   * whose order's status is due to be looked up.
   */
  listRecoverable(limit: number): Promise<OrderRequest[]>;
  /**
   * The order's status is still `from`: counts the lookup and sets when to look again. Nothing is written
   * when the request is not placed with that status (another worker recorded a change).
   */
  scheduleStatusCheck(id: string, next: { from: string; checkAfter: Date }): Promise<void>;
  /**
   * The order's status went from `from` to `to`, with its audit event, in one conditional update: of
   * several workers that saw the change, one records it. `follow`: `to` is not final, look again from
   * now. Undefined when the request is not placed with status `from`.
   */
  recordOrderStatus(
    id: string,
    change: { from: string; to: string; follow: boolean },
    event: RequestEvent,
  ): Promise<OrderRequest | undefined>;
  /** A request in doubt stays so: counts the lookup, keeps why, and sets when to look again. */
  scheduleCheck(id: string, next: { checkAfter: Date; reason: string }): Promise<void>;
  /** Marks a request in doubt as raised to people, once: undefined when it is not in doubt or already raised. */
  raiseDoubt(id: string, event: RequestEvent): Promise<OrderRequest | undefined>;
  /** Requests whose recorded order carries one of these order numbers. */
  knownOrders(orderNos: readonly string[]): Promise<KnownOrder[]>;
  /**
   * Pending requests that are due to expire (`expireAfterMs` after they were made) or to remind their
   * approvers (fewer than `maxReminders` sent, the last one, or the request, `reminderAfterMs` old), oldest
   * first.
   */
  listDuePending(timing: PendingTiming, limit: number): Promise<OrderRequest[]>;
  /**
   * Counts reminder `n` as sent, with its audit event, in one conditional update: only while the request
   * is pending and `n - 1` were sent, so of several workers one counts it. Undefined otherwise.
   */
  claimReminder(id: string, n: number, event: RequestEvent): Promise<OrderRequest | undefined>;
  /** Where Slack shows the request; not a state change. */
  updateSlack(id: string, coords: SlackCoordinates): Promise<void>;
  audit(id: string): Promise<AuditEvent[]>;
}

/** How a Create an Order call ended. */
export type PlaceOutcome =
  | { kind: 'placed'; order: PlacedOrder }
  /** Yeastar certainly did not take the order. */
  | { kind: 'refused'; failure: PlacementFailure }
  /** It may or may not have: no answer, an unreadable one, a server error. */
  | { kind: 'unknown'; reason: string };

/** One entry of Query Order List. A reference the answer left out is undefined, not empty. */
export interface ListedOrder {
  orderNo: string;
  orderId?: string;
  orderStatus: string;
  transactionNo?: string;
  instanceId?: string;
  productId?: number;
  poNumber?: string;
  customReferenceNo?: string;
}

export interface OrderPage {
  orders: ListedOrder[];
  /** No page comes after this one. */
  last: boolean;
}

/** The Partner API's orders, with every call bounded by a deadline. */
export interface PartnerOrders {
  /**
   * Gets what a Create an Order call needs (an access token) before anything is claimed. A failure means
   * nothing was sent.
   */
  prepare(deadline: Deadline): Promise<{ ok: true } | { ok: false; failure: PlacementFailure }>;
  /** Sends Create an Order with exactly these bytes, once, or twice after a 401, all within the deadline. */
  place(orderBody: string, deadline: Deadline): Promise<PlaceOutcome>;
  /** One page of Query Order List (from 1). Throws when it cannot be read. */
  listOrders(pageNo: number, deadline: Deadline): Promise<OrderPage>;
  /** Get Order Details by order number; undefined when Yeastar has no such order. Throws when it cannot tell. */
  getOrder(orderNo: string, deadline: Deadline): Promise<ListedOrder | undefined>;
}

/** What Yeastar says an order costs now. */
export interface PartnerPrices {
  /**
   * The order's price, every line asked within the deadline; `unavailable` rather than a throw or a
   * guess. `heldOn` is where a renewal's subscription is held (the instance list's productNo), which the
   * renewal endpoints ask for although an account-level renewal's body names none.
   */
  price(order: CreateOrderBody, deadline: Deadline, heldOn?: string): Promise<Price>;
}

/** Tells people about a request's life. Delivery is the notifier's business; it never undoes a step. */
export interface Notifier {
  /** A new request: to the approvers, and a confirmation to the requester. */
  submitted(request: OrderRequest): Promise<void>;
  /** The decision, where the request is shown (the buttons give way to a stamp). */
  decided(request: OrderRequest): Promise<void>;
  /** The outcome so far (placed, failed, in doubt, raised to people, rejected, cancelled, expired), once per stage. */
  outcome(request: OrderRequest): Promise<void>;
  /**
   * Reminder `n` to the approvers of a pending request, queued once however often it is asked for; it is
   * not sent if the request is decided before it goes out. Throws when it could not be queued.
   */
  reminder(request: OrderRequest, n: number): Promise<void>;
  /** The price read at approval differs from the one shown: the request waits for a fresh approval. */
  repriced(request: OrderRequest): Promise<void>;
}
