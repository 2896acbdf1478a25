import fc from 'fast-check';
import { type BackoffPolicy, backoffDelay } from '../../../src/slack/outbox/backoff';

const POLICY: BackoffPolicy = { initialMs: 1000, maxMs: 60_000 };
const LOWEST = () => 0;
const HIGHEST = () => 1;
/** What `random` may return: Math.random's range, [0, 1). */
const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

/** The documented ceiling of the n-th failed attempt: min(max, initial * 2^(n-1)). */
function ceilingOf(attempts: number, policy: BackoffPolicy): number {
  return Math.min(policy.maxMs, policy.initialMs * 2 ** (attempts - 1));
}

test('when attempts fail one after another, then the longest pause doubles from the initial one until the cap', () => {
  const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, POLICY, HIGHEST));

  expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
});

test('when the jitter is at its lowest, then the pause is half the ceiling, still doubling', () => {
  const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, POLICY, LOWEST));

  expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
});

test('when very many attempts failed, then the pause stays within the cap and is a finite number', () => {
  for (const attempts of [31, 100, 1024, Number.MAX_SAFE_INTEGER]) {
    const delay = backoffDelay(attempts, POLICY, HIGHEST);
    expect(delay).toBe(POLICY.maxMs);
    expect(backoffDelay(attempts, POLICY, LOWEST)).toBe(POLICY.maxMs / 2);
  }
});

test('when the initial pause is above the cap, then the cap wins from the first attempt', () => {
  expect(backoffDelay(1, { initialMs: 10_000, maxMs: 3000 }, HIGHEST)).toBe(3000);
});

test('when no attempt has been counted yet (0 or less), then the pause is that of the first attempt, never negative', () => {
  for (const attempts of [0, -1, -50]) {
    expect(backoffDelay(attempts, POLICY, HIGHEST)).toBe(1000);
    expect(backoffDelay(attempts, POLICY, LOWEST)).toBe(500);
  }
});

test('when any attempt count, policy and jitter are drawn, then the pause lies between half and all of its ceiling', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 200 }),
      fc.integer({ min: 1, max: 10_000 }),
      fc.integer({ min: 1, max: 10_000_000 }),
      unit,
      (attempts, initialMs, maxMs, r) => {
        const policy = { initialMs, maxMs };
        const ceiling = ceilingOf(attempts, policy);
        const delay = backoffDelay(attempts, policy, () => r);
        // Rounded to whole milliseconds, so the bounds may be off by half a millisecond.
        expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(delay).toBeLessThanOrEqual(Math.ceil(ceiling));
        expect(Number.isInteger(delay)).toBe(true);
      },
    ),
  );
});

test('when the jitter is the same, then one more failed attempt never shortens the pause', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 200 }), unit, (attempts, r) => {
      const random = () => r;
      expect(backoffDelay(attempts + 1, POLICY, random)).toBeGreaterThanOrEqual(
        backoffDelay(attempts, POLICY, random),
      );
    }),
  );
});

test('when no random source is given, then Math.random supplies the jitter and the pause stays in bounds', () => {
  for (let i = 0; i < 100; i += 1) {
    const delay = backoffDelay(3, POLICY);
    expect(delay).toBeGreaterThanOrEqual(2000);
    expect(delay).toBeLessThanOrEqual(4000);
  }
});
