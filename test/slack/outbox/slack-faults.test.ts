import type { OrderRequest } from '../../../src/orders/model';
import { until } from '../../support/poll';
import {
  APPROVALS,
  APPROVER,
  approvalMessageOf,
  approveAndWaitPlaced,
  FAST_OUTBOX,
  type Harness,
  harnessesClosedAfterEach,
  hasButtons,
  ORDERS,
  REQUESTER,
  submitTutorial,
  threadOf,
} from '../support/e2e-harness';

/**
 * Slack failing while the result of an approval is posted: the order is placed all the same, and once
 * Slack answers again the thread reply, the requester's DM and the orders notice each arrive exactly once,
 * also when Slack posted a message and only its answer was lost (the outbox finds it before posting again).
 */

let h: Harness;
const harness = harnessesClosedAfterEach();

function startFastHarness(): Promise<Harness> {
  return harness({ env: { SLACK_TIMEOUT_MS: '300' }, outbox: FAST_OUTBOX });
}

/** The outcome messages as Slack shows them now. */
function outcomeMessages(request: OrderRequest) {
  return {
    thread: threadOf(h, request).map((m) => m.text),
    // The outcome DM, not the confirmation, which is edited to show the order too.
    dm: h.emulator.messages(REQUESTER).filter((m) => /^✅ .* was approved by/.test(m.text)),
    notice: h.emulator.messages(ORDERS).filter((m) => m.text.includes(request.reference)),
  };
}

function allDelivered(request: OrderRequest) {
  const seen = outcomeMessages(request);
  return seen.thread.length > 0 && seen.dm.length > 0 && seen.notice.length > 0 && seen;
}

const FAULTS = [
  {
    name: 'Slack answers 500',
    arm: (harness: Harness) => harness.emulator.faults.failNext('chat.postMessage', 3, 500),
  },
  {
    name: 'Slack answers 503 twice for every message',
    arm: (harness: Harness) => harness.emulator.faults.failNext('chat.postMessage', 6, 503),
  },
  {
    name: 'Slack does not answer (the call times out)',
    arm: (harness: Harness) => harness.emulator.faults.hangNext('chat.postMessage', 2),
  },
  {
    name: 'Slack posts each message but its answer is lost',
    arm: (harness: Harness) => harness.emulator.faults.loseAnswerNext('chat.postMessage', 3),
  },
  {
    name: 'Slack rate limits with Retry-After',
    arm: (harness: Harness) => harness.emulator.faults.rateLimitNext('chat.postMessage', 1, 1),
  },
];

test.each(FAULTS)(
  'when $name while the result is posted, then the order is placed and each outcome message arrives exactly once after Slack recovers',
  async ({ arm }) => {
    h = await startFastHarness();
    const request = await submitTutorial(h, 'renew-rm-premium');
    arm(h);

    const placed = await approveAndWaitPlaced(h, request);
    expect(placed.order?.orderNo).toEqual(expect.any(String));

    const seen = await h.emulator.waitFor(() => allDelivered(request), {
      timeoutMs: 5000,
      what: 'the thread reply, the DM and the orders notice',
    });
    expect(seen.thread).toEqual([expect.stringContaining(`Ordered: order *${placed.order?.orderNo}*`)]);
    expect(seen.dm).toHaveLength(1);
    expect(seen.notice).toHaveLength(1);
    expect(h.emulator.calls('chat.postMessage').some((c) => !c.ok || c.unanswered !== undefined)).toBe(true);

    // Every queued message ends delivered, and further dispatcher runs post nothing again.
    await until(async () => {
      const rows = await h.desk.store.outbox.entriesOf(request.id);
      return rows.every((r) => r.deliveredAt !== undefined);
    }, 'every queued message to be marked delivered');
    await h.desk.dispatcher.runOnce();
    await h.desk.dispatcher.runOnce();
    expect(outcomeMessages(request)).toEqual(seen);
    expect(h.sandbox.orders().filter((o) => o.poNumber === request.reference)).toHaveLength(1);
  },
);

test('when Slack rate limits the thread reply with Retry-After, then it is not tried again before Slack said', async () => {
  h = await startFastHarness();
  const request = await submitTutorial(h, 'renew-rm-premium');
  h.emulator.faults.rateLimitNext('chat.postMessage', 1, 1);

  await approveAndWaitPlaced(h, request);
  await h.emulator.waitFor(() => threadOf(h, request).length > 0, {
    timeoutMs: 5000,
    what: 'the thread reply',
  });

  const threadCalls = h.emulator
    .calls('chat.postMessage')
    .filter((c) => c.args.thread_ts === request.slack.approvalMessageTs);
  expect(threadCalls.map((c) => c.ok)).toEqual([false, true]);
  const [refused, accepted] = threadCalls;
  expect((accepted?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(1000);
});

test('when Slack fails the stamp, then the approval message still loses its buttons once Slack answers', async () => {
  h = await startFastHarness();
  const request = await submitTutorial(h, 'renew-rm-premium');
  h.emulator.faults.failNext('chat.update', 2, 502);

  await approveAndWaitPlaced(h, request);

  const stamped = await h.emulator.waitFor(
    () => !hasButtons(approvalMessageOf(h, request)) && approvalMessageOf(h, request),
    {
      timeoutMs: 5000,
      what: 'the stamp on the approval message',
    },
  );
  expect(stamped.text).toContain(`Approved by <@${APPROVER}>`);
});

test('when Slack lost the answer to a post and its history cannot be read for a while, then the post is not repeated until the app could look for it', async () => {
  h = await startFastHarness();
  h.emulator.faults.loseAnswerNext('chat.postMessage', 1);
  h.emulator.faults.failNext('conversations.history', 2, 500);

  const request = await submitTutorial(h, 'renew-rm-premium');

  const approvals = h.emulator.messages(APPROVALS);
  expect(approvals).toHaveLength(1);
  expect(request.slack.approvalMessageTs).toBe(approvals[0]?.ts);
  expect(h.emulator.calls('conversations.history').map((c) => c.ok)).toEqual([false, false, true]);
  const [row] = await h.desk.store.outbox.entriesOf(request.id, 'approval_message');
  expect(row).toMatchObject({ attempts: 4, outcomeUnknownAt: expect.any(Date) });
});
