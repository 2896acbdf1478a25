import { webApi } from '@slack/bolt';
import { describeError } from '../../orders/describe-error';

/**
 * What a failed Web API call means for the message: try again (when), or give it up. `outcomeUnknown`
 * when Slack gave no answer, so it may have done the call: a post is then looked for before it is repeated.
 */
export type SlackFailure =
  | {
      retry: true;
      retryAfterMs?: number;
      outcomeUnknown: boolean;
      /** The bot cannot post in the channel (not in it, or it is gone): an admin fixes it, then it goes out. */
      channelUnreachable?: true;
      message: string;
    }
  | { retry: false; message: string };

/**
 * Platform errors that pass: Slack's own trouble, and credentials an operator can fix (the backlog then goes
 * out). Any other platform error (invalid_blocks, message_not_found, …) is about the message itself and
 * would fail the same way forever; the channel errors below are set-up an admin can fix.
 */
const PASSING_PLATFORM_ERRORS = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'not_authed',
  'invalid_auth',
  'token_revoked',
  'token_expired',
  'account_inactive',
]);

/** The bot is not (or no longer) in the channel: inviting it, or fixing the setting, lets the message out. */
const CHANNEL_ERRORS = new Set(['channel_not_found', 'not_in_channel', 'is_archived']);

function codeOf(err: unknown): unknown {
  return typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
}

/** Classifies a WebClient error; connection failures, timeouts and HTTP errors are always worth a retry. */
export function classifySlackFailure(err: unknown): SlackFailure {
  const { message } = describeError(err);
  const code = codeOf(err);
  if (
    code === webApi.ErrorCode.RateLimitedError &&
    typeof err === 'object' &&
    err !== null &&
    'retryAfter' in err
  ) {
    const seconds = Number(err.retryAfter);
    return Number.isFinite(seconds)
      ? { retry: true, retryAfterMs: seconds * 1000, outcomeUnknown: false, message }
      : { retry: true, outcomeUnknown: false, message };
  }
  if (code === webApi.ErrorCode.PlatformError && typeof err === 'object' && err !== null && 'data' in err) {
    const data = err.data as { error?: unknown } | undefined;
    const error = typeof data?.error === 'string' ? data.error : '';
    if (CHANNEL_ERRORS.has(error))
      return { retry: true, outcomeUnknown: false, channelUnreachable: true, message };
    return PASSING_PLATFORM_ERRORS.has(error)
      ? { retry: true, outcomeUnknown: false, message }
      : { retry: false, message };
  }
  // No answer (timeout, reset, refused connection) or an HTTP error: Slack may have done it.
  return { retry: true, outcomeUnknown: true, message };
}
