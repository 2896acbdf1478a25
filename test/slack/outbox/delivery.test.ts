import type { OrderRequest } from '../../../src/orders/model';
import {
  APPROVALS,
  APPROVER,
  type Harness,
  startHarness,
  submitTutorial,
  threadOf,
} from '../support/e2e-harness';

/** What the outbox does with a message Slack refuses for good, and with the same outcome asked for again. */

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function until<T>(probe: () => Promise<T | undefined | false>, what: string): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function approvedAndSettled(request: OrderRequest): Promise<OrderRequest> {
  await h.driver.click(APPROVER, APPROVALS, request.slack.approvalMessageTs ?? '', 'approve_request');
  const placed = await until(async () => {
    const stored = await h.desk.store.requests.get(request.id);
    return stored?.state === 'placed' && stored;
  }, 'the request to be placed');
  await until(async () => {
    const rows = await h.desk.store.outbox.forRequest(request.id);
    return (
      rows.some((r) => r.kind === 'thread_result') &&
      rows.every((r) => r.deliveredAt !== undefined || r.abandonedAt !== undefined)
    );
  }, 'every message to be settled');
  return placed;
}

test('when Slack refuses a message for good (channel_not_found), then it is given up after one attempt and the others are delivered', async () => {
  h = await startHarness({
    env: { ORDERS_CHANNEL_ID: 'CGONE' },
    outbox: { intervalMs: 25, initialBackoffMs: 20, maxBackoffMs: 100 },
  });
  const request = await submitTutorial(h, 'renew-rm-premium');

  await approvedAndSettled(request);
  await h.desk.dispatcher.runOnce();

  const rows = await h.desk.store.outbox.forRequest(request.id);
  expect(rows.find((r) => r.kind === 'orders_notice')).toMatchObject({
    attempts: 1,
    abandonedAt: expect.any(Date),
    lastError: expect.stringContaining('channel_not_found'),
  });
  expect(rows.filter((r) => r.kind !== 'orders_notice').every((r) => r.deliveredAt)).toBe(true);
  expect(h.emulator.calls('chat.postMessage').filter((c) => c.args.channel === 'CGONE')).toHaveLength(1);
  expect(threadOf(h, request)).toHaveLength(1);
});

test('when the same outcome is reported again, concurrently with the dispatcher and the backfill, then nothing is posted twice', async () => {
  h = await startHarness({ outbox: { intervalMs: 25, initialBackoffMs: 20, maxBackoffMs: 100 } });
  const request = await submitTutorial(h, 'renew-rm-premium');
  const placed = await approvedAndSettled(request);
  const callsBefore = h.emulator.calls().length;

  await Promise.all([
    h.desk.notifier.outcome(placed),
    h.desk.notifier.outcome(placed),
    h.desk.notifier.backfillOutcomes(),
    h.desk.dispatcher.runOnce(),
  ]);

  expect(h.emulator.calls().length).toBe(callsBefore);
  expect(threadOf(h, request)).toHaveLength(1);
});
