export interface BackoffPolicy {
  /** Pause after the first failed attempt. */
  initialMs: number;
  /** Longest pause, however many attempts failed. */
  maxMs: number;
}

/**
 * Capped exponential backoff with jitter: the n-th failed attempt waits between half and all of
 * min(max, initial * 2^(n-1)), so messages that failed together do not all come back at once.
 */
export function backoffDelay(
  attempts: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempts - 1);
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(exponent, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
