import { loadConfig } from '../../src/config';
import { type OrderDesk, startOrderDesk } from '../../src/index';
import { createLogger } from '../../src/logger';
import { APPROVALS, offlineSettings } from '../../src/offline-desk';
import type { OrderRequest } from '../../src/orders/model';
import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import { type SlackEmulator, startSlackEmulator } from '../../src/sandbox/slack';
import { databasesUnderTest, manualClock } from '../orders/harness';
import { until } from '../support/poll';
import {
  APPROVER,
  approvalMessageOf,
  FAST_OUTBOX,
  type Harness,
  harnessesClosedAfterEach,
  hasButtons,
  REQUESTER,
  storeTutorial,
  submitTutorial,
  threadOf,
} from './support/e2e-harness';

/**
 * Requests nobody decides, through the emulated Slack: reminders in the approval thread, and expiry, on a
 * store clock the test moves; recovery runs are started by hand.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let h: Harness;
let clock: ReturnType<typeof manualClock>;
const harness = harnessesClosedAfterEach();

function start(env: Record<string, string> = {}) {
  clock = manualClock();
  return harness({ env, clock: clock.now, outbox: FAST_OUTBOX });
}

/**
 * One recovery run, and the deliveries it started: the store clock jumps by hours between runs, so a
 * delivery still in flight would look like one whose sender died.
 */
async function followUp(desk: OrderDesk = h.desk) {
  await desk.recovery.runOnce();
  await desk.notifier.drain(5000);
}

function reminders(request: OrderRequest) {
  return threadOf(h, request).filter((m) => m.text.includes('⏰ Reminder'));
}

async function waitForReminders(request: OrderRequest, count: number) {
  return h.emulator.waitFor(() => reminders(request).length === count && reminders(request), {
    what: `${count} reminder(s) in the thread`,
  });
}

test('when nobody decides, then the approvers, users and group, are mentioned in the thread after REMINDER_AFTER, again after each, REMINDER_MAX times', async () => {
  h = await start({ APPROVER_USERGROUP_ID: 'SAPPROVERS', REMINDER_AFTER: '2h', REMINDER_MAX: '2' });
  const request = await submitTutorial(h, 'renew-ycm-white-label');

  clock.advance(2 * HOUR - 1);
  await followUp();
  expect(reminders(request)).toEqual([]);

  clock.advance(1);
  await followUp();
  const [first] = await waitForReminders(request, 1);
  expect(first?.text).toMatch(
    /^⏰ Reminder for <@UAPPROVER> or <!subteam\^SAPPROVERS>: <@UREQUESTER>’s request “Renew YCM White Label” has waited for a decision since <!date\^/,
  );
  await followUp();
  for (let i = 0; i < 4; i++) {
    clock.advance(2 * HOUR);
    await followUp();
  }
  await waitForReminders(request, 2);
  await h.desk.dispatcher.runOnce();
  expect(reminders(request)).toHaveLength(2);
  expect(hasButtons(approvalMessageOf(h, request))).toBe(true);
});

test('when the request is decided, then no reminder follows, and one queued before the decision is not sent after it', async () => {
  h = await start();
  const request = await submitTutorial(h, 'renew-rm-premium');
  h.emulator.faults.failNext('chat.postMessage', 1);

  clock.advance(4 * HOUR);
  await followUp();
  // The reminder failed once and waits for its retry; meanwhile the approver rejects.
  await until(
    async () => (await h.desk.store.outbox.entriesOf(request.id, 'reminder'))[0]?.lastError,
    'the failed reminder',
  );
  expect((await h.desk.workflow.reject(request.id, APPROVER, 'not this quarter')).ok).toBe(true);
  clock.advance(HOUR);
  await h.desk.dispatcher.runOnce();
  clock.advance(4 * HOUR);
  await followUp();
  await h.desk.dispatcher.runOnce();

  const [reminder] = await h.desk.store.outbox.entriesOf(request.id, 'reminder');
  expect(reminder?.deliveredAt).toBeDefined();
  expect(reminders(request)).toEqual([]);
  expect(h.emulator.calls('chat.postMessage').filter((c) => String(c.args.text).includes('⏰'))).toHaveLength(
    1,
  );
});

test('when the request waits past EXPIRE_AFTER, then its buttons give way to a stamp, the requester is told, and an Approve click is refused', async () => {
  h = await start({ EXPIRE_AFTER: '3d' });
  const request = await submitTutorial(h, 'renew-ycm-white-label');
  // The stamps are late (Slack fails them once): an approver still sees the buttons, and clicks.
  h.emulator.faults.failNext('chat.update', 2);

  clock.advance(3 * DAY);
  await followUp();
  expect(hasButtons(approvalMessageOf(h, request))).toBe(true);
  await h.driver.click(APPROVER, APPROVALS, request.slack.approvalMessageTs ?? '', 'approve_request');
  const [note] = await h.emulator.waitFor(
    () => h.emulator.ephemerals(APPROVER).length > 0 && h.emulator.ephemerals(APPROVER),
  );
  expect(note?.text).toBe('This request expired without a decision; nothing was changed.');
  clock.advance(HOUR);
  await h.desk.dispatcher.runOnce();

  const stamped = await h.emulator.waitFor(() => {
    const m = approvalMessageOf(h, request);
    return !hasButtons(m) && m;
  });
  expect(stamped.text).toMatch(
    /^⌛ Expired <!date\^\d+\^.+: nobody approved or rejected it in time — Renew YCM White Label$/,
  );
  // The confirmation is edited and a new DM sent, in whichever order Slack takes them.
  const dms = await h.emulator.waitFor(() => {
    const all = h.emulator.messages(REQUESTER);
    return all.length === 2 && JSON.stringify(all[0]?.blocks).includes('resubmit_request') && all;
  });
  // Cancel gives way to Edit and resubmit.
  expect(JSON.stringify(dms[0]?.blocks)).not.toContain('cancel_request');
  expect(JSON.stringify(dms[0]?.blocks)).toContain('resubmit_request');
  expect(dms[0]?.text).toMatch(/^⌛ Your request “Renew YCM White Label” \(reference `YOD-\w+`\) expired: /);
  expect(dms[1]?.text).toBe(
    '⌛ Your request “Renew YCM White Label” expired: no approver decided in time, so nothing was ordered. ' +
      'If you still need it, ask again with `/renew` or `/purchase`.',
  );
  // Expiry came first: no reminder for a request that is over.
  expect(reminders(request)).toEqual([]);
  expect((await h.desk.store.requests.get(request.id))?.state).toBe('expired');
  expect(h.sandbox.orders()).toEqual([]);
});

test('when Slack takes a reminder but its answer is lost, then the retry finds it in the thread and it is counted, once', async () => {
  h = await start();
  const request = await submitTutorial(h, 'renew-rm-premium');
  h.emulator.faults.loseAnswerNext('chat.postMessage', 1);
  clock.advance(4 * HOUR);
  await followUp();
  await until(
    async () => (await h.desk.store.outbox.entriesOf(request.id, 'reminder'))[0]?.outcomeUnknownAt,
    'the reminder whose answer was lost',
  );
  clock.advance(HOUR);
  await h.desk.dispatcher.runOnce();
  await followUp();

  expect(reminders(request)).toHaveLength(1);
  expect((await h.desk.store.requests.get(request.id))?.reminded?.count).toBe(1);
});

test('when the app stopped after a request expired but before it told anyone, then the next start stamps it and tells the requester, once', async () => {
  h = await start();
  const request = await submitTutorial(h, 'renew-rm-premium');
  // What the stopped instance got to do: the transition, not its messages.
  await h.desk.store.requests.transition(request.id, {
    from: 'pending_approval',
    to: 'expired',
    actor: 'system',
    action: 'expire',
  });

  await h.desk.notifier.backfill();
  await h.desk.notifier.backfill();
  await h.desk.dispatcher.runOnce();

  const stamped = await h.emulator.waitFor(() => {
    const m = approvalMessageOf(h, request);
    return !hasButtons(m) && m;
  });
  expect(stamped.text).toMatch(/^⌛ Expired/);
  const told = () => h.emulator.messages(REQUESTER).filter((m) => m.text.includes('” expired: no approver'));
  await h.emulator.waitFor(() => told().length > 0, { what: 'the requester told' });
  await h.desk.dispatcher.runOnce();
  expect(told()).toHaveLength(1);
});

describe.each(databasesUnderTest())('two app instances on $name', ({ backend, replicas }) => {
  let sandbox: PartnerApiSandbox;
  let emulator: SlackEmulator;
  const desks: OrderDesk[] = [];

  beforeEach(async () => {
    sandbox = await startPartnerApiSandbox();
    emulator = await startSlackEmulator();
  });
  afterEach(async () => {
    await Promise.all(desks.splice(0).map((d) => d.stop()));
    await emulator.close();
    await sandbox.close();
  });
  afterAll(() => backend.cleanup());

  it('when both follow up the same waiting requests, then Slack shows one reminder and one expiry stamp each', async () => {
    const shared = manualClock();
    const url = await backend.freshUrl();
    const config = loadConfig({ ...offlineSettings(emulator, sandbox), DATABASE_URL: url });
    for (let i = 0; i < replicas; i++) {
      desks.push(
        await startOrderDesk(config, {
          logger: createLogger('silent'),
          host: '127.0.0.1',
          clock: shared.now,
          recoveryIntervalMs: 60_000,
        }),
      );
    }
    const [a, b = a] = desks as [OrderDesk, OrderDesk?];
    const world = { desk: a, emulator, sandbox } as Harness;
    const requests = await Promise.all(
      [1, 2, 3].map(async () => {
        const stored = await storeTutorial(world, 'renew-ycm-white-label');
        return until(async () => {
          const r = await a.store.requests.get(stored.id);
          return r?.slack.approvalMessageTs ? r : undefined;
        }, 'the approval message');
      }),
    );

    shared.advance(4 * HOUR);
    await Promise.all([followUp(a), followUp(b), followUp(a)]);
    shared.advance(7 * DAY);
    await Promise.all([followUp(a), followUp(b), followUp(b)]);

    for (const desk of desks) await desk.dispatcher.runOnce();

    for (const request of requests) {
      const ts = request.slack.approvalMessageTs ?? '';
      expect(emulator.thread(APPROVALS, ts).map((m) => m.text.slice(0, 10))).toEqual(['⏰ Reminder']);
      const message = emulator.messages(APPROVALS).find((m) => m.ts === ts);
      expect(message?.text).toMatch(/^⌛ Expired/);
      expect(hasButtons(message ?? { blocks: [{ type: 'actions' }] })).toBe(false);
    }
    const posts = emulator.calls('chat.postMessage').map((c) => String(c.args.text));
    expect(posts.filter((text) => text.startsWith('⏰ Reminder'))).toHaveLength(requests.length);
    expect(posts.filter((text) => text.includes('” expired: no approver'))).toHaveLength(requests.length);
  });
});
