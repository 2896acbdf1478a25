import { until } from '../../support/poll';
import {
  APPROVALS,
  APPROVER,
  approvalMessageOf,
  FAST_OUTBOX,
  type Harness,
  harnessesClosedAfterEach,
  hasButtons,
  REQUESTER,
  storeTutorial,
  threadOf,
} from '../support/e2e-harness';

/**
 * A thread reply and a stamp queued while the approval message they attach to is still undelivered wait
 * for it, and follow it once Slack answers again, in order and once each.
 */

let h: Harness;
const harness = harnessesClosedAfterEach();

test('when the approval message is still undelivered as the request is decided and placed, then its stamp and thread reply follow it once Slack recovers, once each', async () => {
  h = await harness({ outbox: FAST_OUTBOX });
  // Every post fails until cleared: the approval message, the requester's confirmation and each retry.
  h.emulator.faults.failNext('chat.postMessage', 10_000, 503);
  const submitted = await storeTutorial(h, 'renew-rm-premium');
  await h.desk.notifier.drain(5000);
  expect((await h.desk.store.requests.get(submitted.id))?.slack.approvalMessageTs).toBeUndefined();

  const approval = await h.desk.workflow.approve(submitted.id, APPROVER);
  if (!approval.ok) throw new Error(`approval refused: ${approval.reason}`);
  await h.desk.notifier.drain(5000);
  const waiting = await h.desk.store.outbox.entriesOf(submitted.id);
  const byKind = (kind: string) => waiting.find((r) => r.kind === kind);
  expect((await h.desk.store.requests.get(submitted.id))?.state).toBe('placed');
  for (const kind of ['approval_stamp', 'thread_result']) {
    const row = byKind(kind);
    expect(row?.lastError).toBe('waiting for the approval message to be posted');
    // Waiting is not an attempt: however long the approval message takes, this one is never given up.
    expect(row?.attempts).toBe(0);
    expect(row?.deliveredAt ?? row?.abandonedAt).toBeUndefined();
  }
  expect(h.emulator.calls('chat.update')).toEqual([]);

  h.emulator.faults.clear();

  const placed = await until(async () => {
    const rows = await h.desk.store.outbox.entriesOf(submitted.id);
    return rows.every((r) => r.deliveredAt !== undefined) && h.desk.store.requests.get(submitted.id);
  }, 'every message of the request to be delivered');
  const ts = placed.slack.approvalMessageTs;
  const [first, ...attached] = h.emulator
    .calls()
    .filter((c) => c.ok && /^chat\.(postMessage|update)$/.test(c.method) && c.args.channel === APPROVALS)
    .map((c) => [c.method, c.args.thread_ts ?? c.args.ts ?? 'new']);
  expect(first).toEqual(['chat.postMessage', 'new']);
  // The stamp and the reply wait independently, each on its own backoff, so either may go first. The
  // stamp of the approval says nothing the stamp of the order does not: it is not sent.
  expect(attached).toHaveLength(2);
  expect(attached).toEqual(
    expect.arrayContaining([
      ['chat.update', ts],
      ['chat.postMessage', ts],
    ]),
  );
  expect(h.emulator.messages(APPROVALS)).toHaveLength(1);
  const stamped = approvalMessageOf(h, placed);
  expect(hasButtons(stamped)).toBe(false);
  expect(stamped.text).toContain(`Approved by <@${APPROVER}>`);
  expect(threadOf(h, placed).map((m) => m.text)).toEqual([
    expect.stringContaining(`Ordered: order *${placed.order?.orderNo}*`),
  ]);
  expect(h.emulator.messages(REQUESTER).filter((m) => /^✅ .* was approved by/.test(m.text))).toHaveLength(1);
});
