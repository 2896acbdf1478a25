import { randomUUID } from 'node:crypto';
import { createLogger } from '../../../src/logger';
import { type SlackEmulator, startSlackEmulator } from '../../../src/sandbox/slack';
import { createOutboxClient, OutboxDispatcher, SlackOutbox } from '../../../src/slack/outbox';
import { openDatabase, type Store } from '../../../src/store';
import { ORDERS } from '../support/e2e-harness';

/**
 * A message Slack keeps failing: the dispatcher tries it on the backoff schedule up to the outbox's
 * maxAttempts, then gives it up with its last error, for good. The store's clock is moved by hand, so the
 * schedule takes no real time; the Slack calls are real, to the emulator.
 */

const MAX_ATTEMPTS = 4;
const BACKOFF = { initialMs: 1000, maxMs: 8000 };

let emulator: SlackEmulator;
let store: Store;
let now: number;
let outbox: SlackOutbox;
let dispatcher: OutboxDispatcher;

beforeEach(async () => {
  now = Date.UTC(2026, 10, 1, 9, 0, 0);
  emulator = await startSlackEmulator();
  store = await openDatabase('sqlite::memory:', { clock: () => new Date(now) });
  const logger = createLogger('silent');
  outbox = new SlackOutbox({
    client: createOutboxClient(
      { SLACK_BOT_TOKEN: emulator.botToken, SLACK_API_URL: emulator.apiUrl },
      logger,
      500,
    ),
    // Orders notices are not live: nothing is rendered again at delivery.
    render: () => undefined,
    outbox: store.outbox,
    requests: store.requests,
    backoff: BACKOFF,
    leaseMs: 2000,
    maxAttempts: MAX_ATTEMPTS,
    logger,
  });
  dispatcher = new OutboxDispatcher({
    outbox,
    queue: store.outbox,
    backfill: async () => 0,
    intervalMs: 60_000,
    backfillIntervalMs: 60_000,
    logger,
  });
});

afterEach(async () => {
  await store.close();
  await emulator.close();
});

interface Sent {
  id: number;
  requestId: string;
}

/** Queues and tries at once an orders-channel notice, as the notifier does for a placed order. */
async function sendNotice(): Promise<Sent> {
  const { request } = await store.requests.create(
    { id: randomUUID(), reference: 'YOD-GIVEUP1', requesterId: 'UREQUESTER', scenarioId: 'x', details: {} },
    'UREQUESTER',
  );
  await outbox.send([
    {
      requestId: request.id,
      kind: 'orders_notice',
      stage: 'placed',
      args: { channel: ORDERS, text: 'Order YOD-GIVEUP1 placed' },
    },
  ]);
  const [row] = await store.outbox.entriesOf(request.id);
  if (!row) throw new Error('the notice was not queued');
  return { id: row.id, requestId: request.id };
}

async function rowOf(sent: Sent) {
  const [row] = await store.outbox.entriesOf(sent.requestId);
  if (!row) throw new Error(`no outbox row ${sent.id}`);
  return row;
}

/** Moves the clock past the longest backoff and runs the dispatcher until the message is settled. */
async function dispatchUntilSettled(sent: Sent) {
  for (let run = 0; run < 2 * MAX_ATTEMPTS; run += 1) {
    const row = await rowOf(sent);
    if (row.deliveredAt || row.abandonedAt) return row;
    now += BACKOFF.maxMs;
    await dispatcher.runOnce();
  }
  throw new Error(`message ${sent.id} still unsettled after ${2 * MAX_ATTEMPTS} runs`);
}

const noticeCalls = () => emulator.calls('chat.postMessage').filter((c) => c.args.channel === ORDERS);

test('when Slack fails a message on every attempt, then it is given up at the maximum attempt with its last error kept', async () => {
  emulator.faults.failNext('chat.postMessage', 100, 503);

  const settled = await dispatchUntilSettled(await sendNotice());

  expect(settled).toMatchObject({
    attempts: MAX_ATTEMPTS,
    abandonedAt: new Date(now),
    lastError: expect.stringMatching(new RegExp(`503.*after ${MAX_ATTEMPTS} attempts`)),
  });
  expect(settled.deliveredAt).toBeUndefined();
  expect(noticeCalls().map((c) => c.error)).toEqual(Array(MAX_ATTEMPTS).fill('http_503'));
});

test('when a message has been given up, then it is never handed out again, even once Slack answers', async () => {
  emulator.faults.failNext('chat.postMessage', 100, 503);
  const sent = await sendNotice();
  await dispatchUntilSettled(sent);
  emulator.faults.clear();

  now += 24 * 60 * 60_000;

  expect(await dispatcher.runOnce()).toEqual({ delivered: 0, retrying: 0, abandoned: 0 });
  expect(await store.outbox.due(10)).toEqual([]);
  expect(await store.outbox.claim(sent.id, 1000)).toBeUndefined();
  expect(await outbox.deliver(sent.id)).toEqual({ status: 'not_claimed' });
  expect(noticeCalls()).toHaveLength(MAX_ATTEMPTS);
  expect(emulator.messages(ORDERS)).toEqual([]);
});

test('when only the last allowed attempt succeeds, then the message is delivered, once', async () => {
  emulator.faults.failNext('chat.postMessage', MAX_ATTEMPTS - 1, 500);

  const settled = await dispatchUntilSettled(await sendNotice());

  expect(settled).toMatchObject({ attempts: MAX_ATTEMPTS, deliveredAt: new Date(now) });
  expect(settled.abandonedAt).toBeUndefined();
  expect(emulator.messages(ORDERS).map((m) => m.text)).toEqual(['Order YOD-GIVEUP1 placed']);
});

test('when Slack rate limits a message, then it is due again exactly Retry-After later, not a millisecond sooner', async () => {
  emulator.faults.rateLimitNext('chat.postMessage', 1, 30);
  const sentAt = now;

  const sent = await sendNotice();

  expect((await rowOf(sent)).nextAttemptAt).toEqual(new Date(sentAt + 30_000));
  now = sentAt + 29_999;
  expect(await dispatcher.runOnce()).toEqual({ delivered: 0, retrying: 0, abandoned: 0 });
  now = sentAt + 30_000;
  expect(await dispatcher.runOnce()).toEqual({ delivered: 1, retrying: 0, abandoned: 0 });
  expect(noticeCalls().map((c) => c.ok)).toEqual([false, true]);
});
