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
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** States a request never leaves. */
export const FINAL_STATES: readonly RequestState[] = ['placed', 'failed', 'rejected', 'cancelled'];

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

/** Why an order was not placed, as the Partner API said it. */
export interface PlacementFailure {
  code: string;
  detailMessage: string;
  requestId?: string;
  httpStatus?: number;
}

export interface OrderRequest {
  /** The app's ID for the request (a UUID). */
  id: string;
  /** Sent as `poNumber` unless the requester gave one; echoed by Query Order List for reconciliation. */
  reference: string;
  state: RequestState;
  /** Slack user ID of the person who asked. */
  requesterId: string;
  /** The catalog scenario this request follows (a catalog row ID). */
  scenarioId: string;
  /** The validated request fields, as the catalog defines them; IDs are decimal strings. */
  details: Record<string, unknown>;
  slack: SlackCoordinates;
  decidedBy?: string;
  decidedAt?: Date;
  /** Rejection reason. */
  reason?: string;
  order?: PlacedOrder;
  failure?: PlacementFailure;
  createdAt: Date;
  updatedAt: Date;
}

/** One line of the audit trail: a transition, or a refused attempt (then `to` is absent). */
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
