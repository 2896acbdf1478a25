import { randomBytes } from 'node:crypto';

/** The Partner API's response envelope: every answer, success or failure, has these five keys. */
export interface Envelope {
  code: string;
  detailMessage: string;
  requestId: string;
  result: unknown;
  status: number;
}

/** A refusal that becomes an error envelope; `result` says which field failed and why, or is null. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly result: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The documented validation failure: 400 `parameter_validation_failed` naming the field. */
export function invalidParameter(field: string, tag: string, message: string): ApiError {
  return new ApiError(400, 'parameter_validation_failed', message, { field, tag });
}

export function notFound(message: string): ApiError {
  return new ApiError(404, 'not_found', message);
}

export function successEnvelope(result: unknown): Envelope {
  return { code: 'success', detailMessage: '', requestId: newRequestId(), result, status: 200 };
}

export function errorEnvelope(error: ApiError): Envelope {
  return {
    code: error.code,
    detailMessage: error.message,
    requestId: newRequestId(),
    result: error.result,
    status: error.status,
  };
}

function newRequestId(): string {
  return randomBytes(16).toString('hex');
}

/**
 * [RECON] The guide documents neither refusal (docs/partner-api-notes.md): a 403 whose code names the
 * cause, as the API's other codes do.
 */
export function ipRestricted(address: string | undefined): ApiError {
  return new ApiError(
    403,
    'ip_restricted',
    `the request comes from ${address ?? 'an address'}, which Client IP Restriction does not allow`,
  );
}

export function noPermission(): ApiError {
  return new ApiError(403, 'no_permission', 'this account has no permission to use the API for this');
}
