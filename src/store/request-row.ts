import type { RawBuilder, Selectable, Updateable, UpdateObject } from 'kysely';
import {
  type AuditEvent,
  type Doubt,
  type OrderRequest,
  type PlacedOrder,
  type PlacementFailure,
  REQUEST_STATES,
  type RequestState,
  type SlackCoordinates,
} from '../orders/model';
import type { TransitionPatch } from '../orders/ports';
import type { AuditEventsTable, Database, OrderRequestsTable } from './schema';

type Present<T> = { [K in keyof T]?: Exclude<T[K], null | undefined> };

/** Keeps only the fields that hold a value, so absent columns become absent properties. */
function present<T extends object>(fields: T): Present<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== null && v !== undefined),
  ) as Present<T>;
}

function toState(value: string): RequestState {
  const state = REQUEST_STATES.find((s) => s === value);
  if (!state) throw new Error(`stored request has an unknown state: ${JSON.stringify(value)}`);
  return state;
}

function toOptionalState(value: string | null): RequestState | null {
  return value === null ? null : toState(value);
}

function toOptionalDate(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

function toDetails(text: string): Record<string, unknown> {
  const details: unknown = JSON.parse(text);
  if (typeof details !== 'object' || details === null || Array.isArray(details)) {
    throw new Error('stored request details are not a JSON object');
  }
  return details as Record<string, unknown>;
}

export function toOrderRequest(row: Selectable<OrderRequestsTable>): OrderRequest {
  const request: OrderRequest = {
    id: row.id,
    reference: row.reference,
    state: toState(row.state),
    requesterId: row.requester_id,
    scenarioId: row.scenario_id,
    details: toDetails(row.details),
    slack: present({
      originChannelId: row.origin_channel_id,
      approvalChannelId: row.approval_channel_id,
      approvalMessageTs: row.approval_message_ts,
      requesterChannelId: row.requester_channel_id,
      requesterMessageTs: row.requester_message_ts,
      doubtMessageTs: row.doubt_message_ts,
      approvalPermalink: row.approval_permalink,
    }),
    ...present({
      decidedBy: row.decided_by,
      decidedAt: toOptionalDate(row.decided_at),
      firstApproval:
        row.first_approved_by === null || row.first_approved_at === null
          ? null
          : { by: row.first_approved_by, at: new Date(row.first_approved_at) },
      reason: row.reason,
      orderBody: row.order_body,
      doubt: toDoubt(row),
      statusCheck:
        row.status_check_after === null
          ? null
          : { checks: row.status_checks, checkAfter: new Date(row.status_check_after) },
      reminded:
        row.reminded_at === null ? null : { count: row.reminders_sent, at: new Date(row.reminded_at) },
    }),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
  // The repository writes each group's required columns together, so they are set or null together.
  if (row.order_no !== null && row.order_status !== null) {
    request.order = {
      orderNo: row.order_no,
      orderStatus: row.order_status,
      ...present({ orderId: row.order_id, transactionNo: row.transaction_no, instanceId: row.instance_id }),
    };
  }
  if (row.failure_code !== null && row.failure_message !== null) {
    request.failure = {
      code: row.failure_code,
      detailMessage: row.failure_message,
      ...present({
        apiRequestId: row.failure_request_id,
        httpStatus: row.failure_http_status,
        field: row.failure_field,
      }),
    };
  }
  return request;
}

/** The doubt columns stay after the request leaves `in_doubt`: they tell what was asked of people. */
function toDoubt(row: Selectable<OrderRequestsTable>): Doubt | null {
  if (row.doubt_since === null) return null;
  return {
    since: new Date(row.doubt_since),
    reason: row.doubt_reason ?? '',
    checks: row.doubt_checks,
    checkAfter: new Date(row.doubt_check_after ?? row.doubt_since),
    ...present({ raisedAt: toOptionalDate(row.doubt_raised_at) }),
  };
}

export function toAuditEvent(row: Selectable<AuditEventsTable>): AuditEvent {
  return {
    id: row.id,
    requestId: row.request_id,
    at: new Date(row.at),
    actor: row.actor,
    action: row.action,
    ...present({
      from: toOptionalState(row.from_state),
      to: toOptionalState(row.to_state),
      reason: row.reason,
    }),
  };
}

/** Only the coordinates given are written (Kysely skips `undefined` values in updates). */
export function slackColumns(coords: SlackCoordinates): Updateable<OrderRequestsTable> {
  return {
    origin_channel_id: coords.originChannelId,
    approval_channel_id: coords.approvalChannelId,
    approval_message_ts: coords.approvalMessageTs,
    requester_channel_id: coords.requesterChannelId,
    requester_message_ts: coords.requesterMessageTs,
    doubt_message_ts: coords.doubtMessageTs,
    approval_permalink: coords.approvalPermalink,
  };
}

function orderColumns(order: PlacedOrder): Updateable<OrderRequestsTable> {
  return {
    order_no: order.orderNo,
    order_id: order.orderId ?? null,
    transaction_no: order.transactionNo ?? null,
    instance_id: order.instanceId ?? null,
    order_status: order.orderStatus,
  };
}

function failureColumns(failure: PlacementFailure): Updateable<OrderRequestsTable> {
  return {
    failure_code: failure.code,
    failure_message: failure.detailMessage,
    failure_request_id: failure.apiRequestId ?? null,
    failure_http_status: failure.httpStatus ?? null,
    failure_field: failure.field ?? null,
  };
}

/** The columns a transition writes besides the state, at `now` (the store's clock). */
export function patchColumns(
  patch: TransitionPatch,
  now: RawBuilder<number>,
): UpdateObject<Database, 'order_requests'> {
  return {
    ...(patch.decidedBy !== undefined && { decided_by: patch.decidedBy, decided_at: now }),
    reason: patch.reason,
    ...(patch.order && {
      ...orderColumns(patch.order),
      status_checks: 0,
      status_check_after: patch.followOrder ? now : null,
    }),
    ...(patch.failure && failureColumns(patch.failure)),
    ...(patch.details && { details: JSON.stringify(patch.details) }),
    ...(patch.withdrawFirstApproval && { first_approved_by: null, first_approved_at: null }),
    ...(patch.doubt && {
      doubt_since: now,
      doubt_reason: patch.doubt.reason,
      doubt_checks: 0,
      doubt_check_after: now,
      doubt_raised_at: null,
      doubt_message_ts: null,
    }),
  };
}
