import type { Generated } from 'kysely';

/**
 * The tables as Kysely sees them. Times are epoch milliseconds (`bigint` columns; PostgreSQL's int8 is
 * parsed to a number by the pool), so both dialects compare and sort them the same way.
 * `state`, `from_state` and `to_state` hold `RequestState` values; rows are checked when read.
 */
export interface OrderRequestsTable {
  id: string;
  reference: string;
  state: string;
  requester_id: string;
  scenario_id: string;
  /** `details` as JSON text; IDs inside are decimal strings, so plain JSON keeps them exact. */
  details: string;
  origin_channel_id: string | null;
  approval_channel_id: string | null;
  approval_message_ts: string | null;
  requester_channel_id: string | null;
  requester_message_ts: string | null;
  decided_by: string | null;
  decided_at: number | null;
  /** A request that needs two approvals: who gave the first, and when. */
  first_approved_by: string | null;
  first_approved_at: number | null;
  reason: string | null;
  order_no: string | null;
  order_id: string | null;
  transaction_no: string | null;
  instance_id: string | null;
  order_status: string | null;
  failure_code: string | null;
  failure_message: string | null;
  failure_request_id: string | null;
  failure_http_status: number | null;
  failure_field: string | null;
  lease_owner: string | null;
  lease_until: number | null;
  /** Slack's view id of the submitted form: a repeated submission finds its request by it. */
  submission_key: string | null;
  /** The exact Create an Order body sent, saved with the first `placing` claim. */
  order_body: string | null;
  doubt_since: number | null;
  doubt_reason: string | null;
  doubt_checks: Generated<number>;
  doubt_check_after: number | null;
  doubt_raised_at: number | null;
  doubt_message_ts: string | null;
  /** Slack's link to the approval message, for the DMs and the orders notice. */
  approval_permalink: string | null;
  /** While a placed order's status is not final: lookups of it so far, and when to look again (null: not followed). */
  status_checks: Generated<number>;
  status_check_after: number | null;
  /** Reminders sent to the approvers of a pending request, and when the last one was. */
  reminders_sent: Generated<number>;
  reminded_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface AuditEventsTable {
  id: Generated<number>;
  request_id: string;
  at: number;
  actor: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  reason: string | null;
}

/**
 * Slack messages the app owes, delivered at least once by the outbox. `dedupe_key` makes queuing the same
 * message twice a no-op; `next_attempt_at` doubles as the delivery claim (pushed ahead while a delivery runs).
 */
export interface SlackOutboxTable {
  id: Generated<number>;
  request_id: string;
  dedupe_key: string;
  kind: string;
  method: string;
  /** The Web API call's arguments as JSON text. */
  args: string;
  attempts: Generated<number>;
  next_attempt_at: number;
  delivered_at: number | null;
  /** Set when Slack refused the message for good (e.g. channel_not_found); no more attempts. */
  abandoned_at: number | null;
  last_error: string | null;
  /** The last attempt may have posted the message (no answer): look for it before posting again. */
  outcome_unknown_at: number | null;
  created_at: number;
}

export interface Database {
  order_requests: OrderRequestsTable;
  audit_events: AuditEventsTable;
  slack_outbox: SlackOutboxTable;
}
