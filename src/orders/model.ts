/**
 * An order request as the app keeps it: what a person asked for, where it stands, and what Yeastar
 * answered. No Slack or HTTP types here; Slack coordinates are plain strings.
 */
export const REQUEST_STATES = [
  'pending_approval',
  'approved',
  'placing',
  'placed',
  'failed',
  'in_doubt',
  'rejected',
  'cancelled',
  /** Nobody decided within EXPIRE_AFTER. */
  'expired',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** The states of a request whose order went out: placed, refused, or not known yet. */
export const ORDER_OUTCOMES: readonly RequestState[] = ['placed', 'failed', 'in_doubt'];

/**
 * The order statuses after which an order changes no more, as the guide lists them. Any other (`pending`:
 * waiting for payment in the Partner Portal, or a status the guide's cut-off list does not name) is
 * looked up again until it is one of these.
 */
export const FINAL_ORDER_STATUSES: readonly string[] = [
  'succeed',
  'failed',
  'cancelled',
  'invalid',
  'refunded',
];

export function isFinalOrderStatus(status: string): boolean {
  return FINAL_ORDER_STATUSES.includes(status);
}

/** Where the request lives in Slack; filled in as the Slack layer posts messages. */
export interface SlackCoordinates {
  /** Channel the command was typed in. */
  originChannelId?: string;
  approvalChannelId?: string;
  /** ts of the approval message: the thread the result is posted in. */
  approvalMessageTs?: string;
  /** The requester's confirmation message (a DM with a Cancel button while pending). */
  requesterChannelId?: string;
  requesterMessageTs?: string;
  /** ts of the thread reply that asks an approver to settle a request in doubt (it carries the buttons). */
  doubtMessageTs?: string;
  /** Slack's link to the approval message, so that the other messages can point to it. */
  approvalPermalink?: string;
}

/**
 * What the requester saw when choosing (names, not IDs), kept with the request's details under `labels`
 * so that approval messages and notices read well even when the Partner API is unreachable.
 */
export interface RequestLabels {
  scenario?: string;
  product?: string;
  customer?: string;
  billingContact?: string;
  plan?: string;
  /** The plan an expansion or add-on hangs off, or a switch leaves. */
  currentPlan?: string;
  /** Edit and resubmit: the reference of the request this one sends again. */
  resubmitOf?: string;
  service?: string;
  serialNumber?: string;
}

/** What Yeastar answered to Create an Order (or what reconciliation found in Query Order List). */
export interface PlacedOrder {
  orderNo: string;
  orderId?: string;
  transactionNo?: string;
  instanceId?: string;
  orderStatus: string;
}

/** Why an order was not placed, as the Partner API (or the app, for an order it never sent) said it. */
export interface PlacementFailure {
  code: string;
  detailMessage: string;
  /** The Partner API's own ID of the refused call, for Yeastar support. */
  apiRequestId?: string;
  httpStatus?: number;
  /** The body field the API named as at fault (e.g. `serviceList[0].serviceId`), when it named one. */
  field?: string;
}

/**
 * A request whose Create an Order outcome is unknown (`in_doubt`): since when, why, when it is looked up
 * again, and whether people were asked to settle it because the app could not.
 */
export interface Doubt {
  /** When the outcome became unknown; absence is only believed a grace period after this. */
  since: Date;
  /** What keeps the outcome unknown, in words a person can act on. */
  reason: string;
  /** Order List searches made so far. */
  checks: number;
  /** Not looked up again before this. */
  checkAfter: Date;
  /** When the approval thread was told the app cannot settle it alone; once only. */
  raisedAt?: Date;
}

export interface OrderRequest {
  /** The app's ID for the request (a UUID). */
  id: string;
  /** Always part of the `poNumber` sent, so that Query Order List can find the order again. */
  reference: string;
  state: RequestState;
  /** Slack user ID of the person who asked. */
  requesterId: string;
  /** The catalog scenario this request follows (a catalog row ID). */
  scenarioId: string;
  /** The validated request fields, as the catalog defines them; IDs are decimal strings. */
  details: Record<string, unknown>;
  slack: SlackCoordinates;
  /** A request that needs two approvals, once one is given: it stays pending for the second. */
  firstApproval?: { by: string; at: Date };
  decidedBy?: string;
  decidedAt?: Date;
  /** Rejection reason. */
  reason?: string;
  /**
   * The exact Create an Order body, as sent. Saved with the first `placing` claim; every later attempt
   * sends these bytes unchanged and reconciliation looks for what they carry.
   */
  orderBody?: string;
  order?: PlacedOrder;
  failure?: PlacementFailure;
  doubt?: Doubt;
  /** While the order's status is not final: lookups of it so far, and when to look again. */
  statusCheck?: { checks: number; checkAfter: Date };
  /** Reminders sent to the approvers while the request waits for them: how many, and the last one's time. */
  reminded?: { count: number; at: Date };
  createdAt: Date;
  updatedAt: Date;
}

/** One line of the audit trail: a transition, or an event on the request (then `to` is absent). */
export interface AuditEvent {
  id: number;
  requestId: string;
  at: Date;
  /** Slack user ID, or `system` for the app's own steps. */
  actor: string;
  action: string;
  from?: RequestState;
  to?: RequestState;
  reason?: string;
}

/** The app's own steps in the audit trail. */
export const SYSTEM_ACTOR = 'system';

/**
 * Where a request's outcome stands for the people told of it: its state, except that each spell in doubt
 * is a stage of its own (a request can fall into doubt again after it was ordered again), and so is
 * handing that doubt to people; and an order whose status is not `succeed` is at a stage of that status
 * (`placed@pending`), so each status it goes through is told. Each stage is told once.
 */
export function outcomeStage(request: Pick<OrderRequest, 'state' | 'doubt' | 'order'>): string {
  if (request.state === 'placed' && request.order && request.order.orderStatus !== 'succeed') {
    return `placed@${request.order.orderStatus}`;
  }
  if (request.state !== 'in_doubt' || !request.doubt) return request.state;
  return `${request.doubt.raisedAt ? 'in_doubt_raised' : 'in_doubt'}@${request.doubt.since.getTime()}`;
}
