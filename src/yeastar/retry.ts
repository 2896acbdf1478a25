import {
  ExponentialBackoff,
  handleWhen,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
  type RetryPolicy,
  retry,
} from 'cockatiel';
import type { Logger } from 'pino';
import {
  PartnerApiConnectionError,
  PartnerApiRateLimitError,
  PartnerApiServerError,
  PartnerApiTimeoutError,
} from './errors';

export interface RetrySettings {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  initialDelayMs: number;
  /** Cap of every pause, a server's Retry-After included. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { maxAttempts: 3, initialDelayMs: 200, maxDelayMs: 5000 };

/** Failures that say nothing about the request itself, so repeating a safe call may succeed. */
export function isTransient(err: unknown): boolean {
  return (
    err instanceof PartnerApiConnectionError ||
    err instanceof PartnerApiTimeoutError ||
    err instanceof PartnerApiRateLimitError ||
    err instanceof PartnerApiServerError
  );
}

type Context = IRetryBackoffContext<unknown>;

/**
 * Exponential backoff with jitter, except that a 429's Retry-After wins (capped), and no pause runs past
 * the caller's deadline.
 */
class PartnerApiBackoff implements IBackoffFactory<Context> {
  private readonly exponential: ExponentialBackoff<unknown>;

  constructor(
    private readonly settings: RetrySettings,
    private readonly remainingMs: () => number,
  ) {
    this.exponential = new ExponentialBackoff({
      initialDelay: settings.initialDelayMs,
      maxDelay: settings.maxDelayMs,
    });
  }

  next(context: Context): IBackoff<Context> {
    return this.step(this.exponential.next(), context);
  }

  private step(inner: IBackoff<unknown>, context: Context): IBackoff<Context> {
    const failure = 'error' in context.result ? context.result.error : undefined;
    const asked = failure instanceof PartnerApiRateLimitError ? failure.retryAfterMs : undefined;
    const wanted = asked === undefined ? inner.duration : Math.min(asked, this.settings.maxDelayMs);
    return {
      duration: Math.max(0, Math.min(wanted, this.remainingMs())),
      next: (later) => this.step(inner.next(later), later),
    };
  }
}

export interface RetryPolicyOptions {
  settings: RetrySettings;
  /** Method and path, for the log line of each retry. */
  endpoint: string;
  logger: Logger;
  retriable?: (err: unknown) => boolean;
  /** Time left before the call's deadline. */
  remainingMs?: () => number;
}

/** A retry policy for one call. Each retry is logged at debug with the pause chosen. */
export function retryPolicy(options: RetryPolicyOptions): RetryPolicy {
  const { settings, endpoint, logger, retriable = isTransient, remainingMs = () => Infinity } = options;
  const policy = retry(
    handleWhen((err) => retriable(err)),
    {
      // cockatiel counts retries, not attempts.
      maxAttempts: Math.max(0, settings.maxAttempts - 1),
      backoff: new PartnerApiBackoff(settings, remainingMs),
    },
  );
  policy.onRetry(({ attempt, delay, ...outcome }) => {
    const reason = 'error' in outcome && outcome.error instanceof Error ? outcome.error.name : 'unknown';
    logger.debug(
      { endpoint, attempt, delayMs: Math.round(delay), reason },
      'partner api call will be retried',
    );
  });
  return policy;
}
