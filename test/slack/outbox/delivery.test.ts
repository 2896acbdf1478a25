import type { OrderRequest } from '../../../src/orders/model';
import { until } from '../../support/poll';
import {
  APPROVALS,
  approvalMessageOf,
  approveAndWaitPlaced,
  FAST_OUTBOX,
  type Harness,
  harnessesClosedAfterEach,
  ORDERS,
  posted,
  REQUESTER,
  storeTutorial,
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

test('when the bot is not in the orders channel, then the notice keeps being tried and goes out once it is invited; the others are delivered meanwhile', async () => {
  h = await harness({ outbox: FAST_OUTBOX });
  h.emulator.faults.removeBot([ORDERS]);
  const request = await submitTutorial(h, 'renew-rm-premium');

  await approveAndWaitPlaced(h, request);
  await until(
    async () => h.emulator.calls('chat.postMessage').filter((c) => c.args.channel === ORDERS).length >= 2,
    'the notice to be tried twice',
  );
  const rows = await h.desk.store.outbox.entriesOf(request.id);
  expect(rows.find((r) => r.kind === 'orders_notice')).toMatchObject({
    lastError: expect.stringContaining('not_in_channel'),
  });
  expect(rows.find((r) => r.kind === 'orders_notice')?.abandonedAt).toBeUndefined();
  expect(threadOf(h, request)).toHaveLength(1);

  // Someone invites the bot.
  h.emulator.faults.clear();
  await h.emulator.waitFor(() => h.emulator.messages(ORDERS).length === 1, { what: 'the orders notice' });
  expect(h.emulator.messages(ORDERS)[0]?.text).toMatch(/^🧾 Ordered: “Renew RM Premium”/);
});

test('when the bot is not in the approvals channel, then the requester hears once that the request is saved but not in front of an approver, and it is posted once the bot is invited', async () => {
  h = await harness({ outbox: FAST_OUTBOX });
  h.emulator.faults.removeBot([APPROVALS]);
  const stored = await storeTutorial(h, 'renew-rm-premium');

  await until(
    async () => h.emulator.calls('chat.postMessage').filter((c) => c.args.channel === APPROVALS).length >= 3,
    'the approval message to be tried three times',
  );
  const dms = h.emulator.messages(REQUESTER);
  expect(dms.map((m) => m.text)).toEqual([
    expect.stringMatching(
      /^Your request “Renew RM Premium” \(reference `YOD-\w+`\) is waiting for an approver\.$/,
    ),
    expect.stringMatching(
      new RegExp(
        `^⚠️ Your request “Renew RM Premium” \\(reference \`${stored.reference}\`\\) is saved, but it is not in front of an approver yet: Slack refused to post it in <#${APPROVALS}>\\. Ask your admin to \`/invite @Yeastar Order Desk\` to that channel; the app keeps trying and posts it then\\.$`,
      ),
    ),
  ]);
  expect(JSON.stringify(dms[1]?.blocks)).toContain('Slack said: ');
  expect((await h.desk.store.requests.get(stored.id))?.state).toBe('pending_approval');

  // Someone invites the bot.
  h.emulator.faults.clear();
  const request = await posted(h, stored.id);
  expect(h.emulator.messages(APPROVALS)).toHaveLength(1);
  expect(h.emulator.messages(REQUESTER)).toHaveLength(2);
  await approveAndWaitPlaced(h, request);
  expect(h.sandbox.orders()).toHaveLength(1);
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

test('when a stamp waits for a retry and a newer one of the same message is queued meanwhile, then the older is not sent: the message gets the newer once', async () => {
  h = await harness({ outbox: FAST_OUTBOX });
  const request = await submitTutorial(h, 'renew-rm-premium');
  // The two "approved" stamps (approval message and requester's DM) are told to wait a second.
  h.emulator.faults.rateLimitNext('chat.update', 2, 1);

  await approvedAndSettled(request);

  const updates = h.emulator.calls('chat.update');
  expect(updates.filter((c) => !c.ok)).toHaveLength(2);
  expect(updates.filter((c) => c.ok)).toHaveLength(2);
  const rows = await h.desk.store.outbox.entriesOf(request.id);
  expect(rows.filter((r) => r.kind.endsWith('_stamp')).every((r) => r.deliveredAt)).toBe(true);
  expect(approvalMessageOf(h, request).text).toMatch(/^✅ Approved by <@UAPPROVER> at .*Ordered/s);
});
