import type { OrderRequest } from '../../../src/orders/model';
import { until } from '../../support/poll';
import {
  approveAndWaitPlaced,
  FAST_OUTBOX,
  type Harness,
  harnessesClosedAfterEach,
  submitTutorial,
  threadOf,
} from '../support/e2e-harness';

/** What the outbox does with a message Slack refuses for good, and with the same outcome asked for again. */

let h: Harness;
const harness = harnessesClosedAfterEach();

async function approvedAndSettled(request: OrderRequest): Promise<OrderRequest> {
  const placed = await approveAndWaitPlaced(h, request);
  await until(async () => {
    const rows = await h.desk.store.outbox.entriesOf(request.id);
    return (
      rows.some((r) => r.kind === 'thread_result') &&
      rows.every((r) => r.deliveredAt !== undefined || r.abandonedAt !== undefined)
    );
  }, 'every message to be settled');
  return placed;
}

test('when Slack refuses a message for good (channel_not_found), then it is given up after one attempt and the others are delivered', async () => {
  h = await harness({ env: { ORDERS_CHANNEL_ID: 'CGONE' }, outbox: FAST_OUTBOX });
  const request = await submitTutorial(h, 'renew-rm-premium');

  await approvedAndSettled(request);
  await h.desk.dispatcher.runOnce();

  const rows = await h.desk.store.outbox.entriesOf(request.id);
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
  h = await harness({ outbox: FAST_OUTBOX });
  const request = await submitTutorial(h, 'renew-rm-premium');
  const placed = await approvedAndSettled(request);
  const callsBefore = h.emulator.calls().length;

  await Promise.all([
    h.desk.notifier.outcome(placed),
    h.desk.notifier.outcome(placed),
    h.desk.notifier.backfill(),
    h.desk.dispatcher.runOnce(),
  ]);
  await h.desk.notifier.drain(5000);

  expect(h.emulator.calls().length).toBe(callsBefore);
  expect(threadOf(h, request)).toHaveLength(1);
});
