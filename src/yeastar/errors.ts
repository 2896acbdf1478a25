import type { FieldDifference } from './shape';

/**
 * The Partner API error tree. Every failure of a call becomes one of these, so callers branch on the
 * class, not on strings. Messages are built from already-scrubbed parts (see redactor.ts): no token or
 * client secret can reach a message, a log line or the audit trail through an error.
 */

export interface PartnerApiErrorInit {
  /** Method and path, e.g. `POST /order/openapi/order/v1/save`; never a query string. */
  endpoint: string;
  httpStatus?: number;
  /** The envelope's `code`, or a local one (`timeout`, `connection_failed`, `invalid_response`, `http_502`). */
  code: string;
  detailMessage?: string;
  requestId?: string;
  /** [RECON] The field the API names in its error `result` ({field, tag}), when it names one. */
  field?: string;
  cause?: unknown;
}

/** `(parameter_validation_failed, HTTP 400, request 7249…)`: the facts that identify a failure. */
function facts(init: PartnerApiErrorInit): string {
  const parts = [init.code];
  if (init.httpStatus !== undefined) parts.push(`HTTP ${init.httpStatus}`);
  if (init.requestId) parts.push(`request ${init.requestId}`);
  return `(${parts.join(', ')})`;
}

function said(init: PartnerApiErrorInit): string {
  return init.detailMessage || 'no detail given';
}

export class PartnerApiError extends Error {
  readonly httpStatus?: number;
  readonly code: string;
  readonly detailMessage: string;
  readonly requestId?: string;
  readonly field?: string;
  readonly endpoint: string;

  constructor(
    init: PartnerApiErrorInit,
    message = `Partner API refused ${init.endpoint}: ${said(init)} ${facts(init)}`,
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.httpStatus = init.httpStatus;
    this.code = init.code;
    this.detailMessage = init.detailMessage ?? '';
    this.requestId = init.requestId;
    this.field = init.field;
    this.endpoint = init.endpoint;
  }
}

/** 401/403: the token or the credentials were not accepted. */
export class PartnerApiAuthError extends PartnerApiError {
  constructor(init: PartnerApiErrorInit) {
    super(init, `Partner API refused ${init.endpoint} as unauthorised: ${said(init)} ${facts(init)}`);
  }
}

/** 400/422 or a `parameter_*` code: the request itself was wrong. */
export class PartnerApiValidationError extends PartnerApiError {}

export class PartnerApiNotFoundError extends PartnerApiError {
  constructor(init: PartnerApiErrorInit) {
    super(init, `Partner API found nothing at ${init.endpoint}: ${said(init)} ${facts(init)}`);
  }
}

export class PartnerApiRateLimitError extends PartnerApiError {
  /** From the `Retry-After` header, when the API sent one. */
  readonly retryAfterMs?: number;

  constructor(init: PartnerApiErrorInit & { retryAfterMs?: number }) {
    const wait = init.retryAfterMs === undefined ? '' : `; it asks to wait ${init.retryAfterMs} ms`;
    super(init, `Partner API is rate-limiting ${init.endpoint}${wait}: ${said(init)} ${facts(init)}`);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** 5xx: the API failed; for a write, it may or may not have done the work. */
export class PartnerApiServerError extends PartnerApiError {
  constructor(init: PartnerApiErrorInit) {
    super(init, `Partner API failed on ${init.endpoint}: ${said(init)} ${facts(init)}`);
  }
}

export class PartnerApiTimeoutError extends PartnerApiError {
  readonly timeoutMs: number;

  constructor(endpoint: string, timeoutMs: number) {
    super(
      { endpoint, code: 'timeout', detailMessage: `no answer within ${timeoutMs} ms` },
      `Partner API did not answer ${endpoint} within ${timeoutMs} ms`,
    );
    this.timeoutMs = timeoutMs;
  }
}

export class PartnerApiConnectionError extends PartnerApiError {
  constructor(endpoint: string, reason: string, cause: unknown) {
    super(
      { endpoint, code: 'connection_failed', detailMessage: reason, cause },
      `Could not reach the Partner API for ${endpoint}: ${reason}`,
    );
  }
}

const RAW_BODY_LIMIT = 500;

/** The answer was not JSON, not an envelope, or `result` did not have the documented shape. */
export class PartnerApiResponseError extends PartnerApiError {
  /** The start of the answer as received (scrubbed; withheld entirely for the token call). */
  readonly rawBody: string;
  /** The fields the app needs that the answer lacks or has of another kind; empty when it was not JSON at all. */
  readonly fields: FieldDifference[];

  constructor(init: PartnerApiErrorInit & { problem: string; rawBody: string; fields?: FieldDifference[] }) {
    const message = `Partner API sent an unusable answer to ${init.endpoint}: ${init.problem} ${facts(init)}`;
    super({ ...init, detailMessage: init.detailMessage || init.problem }, message);
    this.fields = init.fields ?? [];
    this.rawBody =
      init.rawBody.length > RAW_BODY_LIMIT ? `${init.rawBody.slice(0, RAW_BODY_LIMIT)}…` : init.rawBody;
  }
}

/**
 * For Create an Order: true when the order may or may not have been placed (no answer, a 5xx, an
 * unreadable answer, or any failure that is not the API's own refusal), false when the API certainly
 * refused it (validation, auth, not found, rate limit, or any other answered refusal).
 */
export function isOutcomeUnknown(err: unknown): boolean {
  if (
    err instanceof PartnerApiTimeoutError ||
    err instanceof PartnerApiConnectionError ||
    err instanceof PartnerApiServerError ||
    err instanceof PartnerApiResponseError
  ) {
    return true;
  }
  // Anything else that is not an answered refusal (e.g. the caller aborted mid-flight) is not knowable.
  return !(err instanceof PartnerApiError);
}

/** A failure's class as a short label (metrics): `timeout`, `connection`, `auth`, … or `refused` for the base class. */
export function errorClass(err: unknown): string {
  if (err instanceof PartnerApiTimeoutError) return 'timeout';
  if (err instanceof PartnerApiConnectionError) return 'connection';
  if (err instanceof PartnerApiAuthError) return 'auth';
  if (err instanceof PartnerApiRateLimitError) return 'rate_limit';
  if (err instanceof PartnerApiServerError) return 'server';
  if (err instanceof PartnerApiNotFoundError) return 'not_found';
  if (err instanceof PartnerApiValidationError) return 'validation';
  if (err instanceof PartnerApiResponseError) return 'invalid_response';
  return err instanceof PartnerApiError ? 'refused' : 'aborted';
}
