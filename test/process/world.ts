import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { playRequest, type RequestPlay, TUTORIAL_PLAYS } from '../../src/demo';
import { APPROVALS, APPROVER, ORDERS, offlineSettings, REQUESTER } from '../../src/offline-desk';
import { type OrderRequest, outcomeStage, type RequestState } from '../../src/orders/model';
import {
  type PartnerApiSandbox,
  type RecordedOrder,
  startPartnerApiSandbox,
} from '../../src/sandbox/partner-api';
import {
  type EmulatedMessage,
  type SlackDriver,
  type SlackEmulator,
  startSlackEmulator,
} from '../../src/sandbox/slack';
import { openDatabase, type Store } from '../../src/store';
import { until } from '../support/poll';
import { type AppProcess, startAppProcess } from './app-process';

/**
 * The app as real processes (`node dist/index.js`, as `npm start` runs it) between a Slack emulator and a
 * Partner API sandbox that live in the test process, so a test arms their faults and reads what they
 * recorded. Everything crosses real HTTP on loopback.
 */

export { APPROVALS, APPROVER, ORDERS, REQUESTER } from '../../src/offline-desk';

const SIGNING_SECRET = 'process-test-signing-secret';

/** A real process starts, recovers and delivers slower than an app inside the test process. */
export const PROCESS_WAIT_MS = 15_000;

/**
 * Timing for the processes: a placement attempt is over within 1.5 s, its lease lapses after 3 s, and an
 * order's absence is believed 3 s after its outcome became unknown. Recovery runs every 200 ms.
 */
export const FAST_TIMING = {
  RECOVERY_INTERVAL_MS: '200',
  ORDER_DEADLINE_MS: '1500',
  STALE_PLACING_MS: '3000',
  RECONCILE_GRACE_MS: '3000',
  SLACK_TIMEOUT_MS: '1000',
};

export interface World {
  sandbox: PartnerApiSandbox;
  emulator: SlackEmulator;
  /** Starts an app process on the world's database; `env` overrides the settings. */
  startApp(env?: Record<string, string>): Promise<AppProcess>;
  /** The test's own connection to the apps' database, opened once the first app created it. */
  store(): Store;
  driver(app: AppProcess): SlackDriver;
  close(): Promise<void>;
}

export interface WorldOptions {
  /** A DATABASE_URL shared by every app of the world; a SQLite file of its own by default. */
  databaseUrl?: string;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const sandbox = await startPartnerApiSandbox();
  // These processes are about orders and messages: Yeastar gives no price, at a request as at its approval,
  // so an approval places (test/slack/price-approval.test.ts is about prices).
  sandbox.faults.pricingDown(true);
  const emulator = await startSlackEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'yod-process-'));
  const databaseUrl = options.databaseUrl ?? `sqlite:${join(dir, 'orders.sqlite')}`;
  const running: AppProcess[] = [];
  let opened: Store | undefined;
  return {
    sandbox,
    emulator,
    async startApp(env = {}) {
      const app = await startAppProcess(
        {
          ...offlineSettings(emulator, sandbox, SIGNING_SECRET),
          DATABASE_URL: databaseUrl,
          LOG_LEVEL: 'info',
          ...FAST_TIMING,
          ...env,
        },
        dir,
      );
      running.push(app);
      opened ??= await openDatabase(databaseUrl);
      return app;
    },
    store() {
      if (!opened) throw new Error('no app started yet');
      return opened;
    },
    driver: (app) => emulator.driver(`${app.url}/slack/events`, SIGNING_SECRET),
    async close() {
      await Promise.all(running.splice(0).map((app) => app.signal('SIGKILL')));
      await opened?.close();
      sandbox.faults.clear();
      emulator.faults.clear();
      await emulator.close();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function inState(world: World, id: string, state: RequestState): Promise<OrderRequest> {
  return until(
    async () => {
      const request = await world.store().requests.get(id);
      return request?.state === state && request;
    },
    `request ${id} to be ${state}`,
    PROCESS_WAIT_MS,
  );
}

/** A requester works the /renew modal in Slack (YCM White Label); resolves once the request is stored. */
export async function requestRenewal(world: World, app: AppProcess, poNumber: string): Promise<OrderRequest> {
  const ycm = TUTORIAL_PLAYS['renew-ycm-white-label'];
  return request(world, app, { ...ycm, choices: { ...ycm.choices, po_number: poNumber } });
}

/** Plays a request and returns it as stored once its approval message is posted. */
export async function request(world: World, app: AppProcess, play: RequestPlay): Promise<OrderRequest> {
  const poNumber = play.choices.po_number;
  await playRequest(world.driver(app), REQUESTER, play);
  return until(
    async () => {
      const stored = await world.store().requests.listRequesterRequests(REQUESTER, 50);
      const found = stored.find((r) => poNumber === undefined || r.details.poNumber === poNumber);
      return found?.slack.approvalMessageTs ? found : undefined;
    },
    'the approval message',
    PROCESS_WAIT_MS,
  );
}

export async function approve(world: World, app: AppProcess, request: OrderRequest): Promise<void> {
  const click = await world
    .driver(app)
    .click(APPROVER, APPROVALS, request.slack.approvalMessageTs ?? '', 'approve_request');
  expect(click.status).toBe(200);
}

/** The orders Yeastar holds for the request, found by the reference the app always sends in poNumber. */
export function ordersFor(world: World, request: OrderRequest): RecordedOrder[] {
  return world.sandbox.orders().filter((o) => o.poNumber?.includes(request.reference));
}

export function threadOf(world: World, request: OrderRequest): EmulatedMessage[] {
  return world.emulator.thread(APPROVALS, request.slack.approvalMessageTs ?? '');
}

/** Messages the app posted about the request, by kind: each post carries its outbox key as metadata. */
export function postedAs(
  world: World,
  channel: string,
  request: OrderRequest,
  kind: string,
): EmulatedMessage[] {
  const prefix = `${request.id}:${kind}:`;
  const all = [
    ...world.emulator.messages(channel),
    ...world.emulator.messages(channel).flatMap((m) => world.emulator.thread(channel, m.ts)),
  ];
  return all.filter((m) => String(m.metadata?.event_payload?.key ?? '').startsWith(prefix));
}

/**
 * Waits until the outcome of the stage the request is at now is queued (the requester's DM marks every
 * outcome) and every message queued for the request has been delivered or given up.
 */
export function allSettledInSlack(world: World, request: OrderRequest): Promise<true> {
  return until(
    async () => {
      const stored = await world.store().requests.get(request.id);
      if (!stored) return false;
      const marker = `${request.id}:requester_outcome:${outcomeStage(stored)}`;
      const rows = await world.store().outbox.entriesOf(request.id);
      return (
        rows.some((r) => r.dedupeKey === marker) &&
        rows.every((r) => r.deliveredAt !== undefined || r.abandonedAt !== undefined)
      );
    },
    'every Slack message of the request to be delivered, its latest outcome among them',
    PROCESS_WAIT_MS,
  );
}

/**
 * Once placed: exactly one order at Yeastar for the request, one reply per stage in the thread, the
 * approval message stamped, and each DM and orders notice once.
 */
export async function expectPlacedOnce(world: World, request: OrderRequest): Promise<OrderRequest> {
  const placed = await inState(world, request.id, 'placed');
  await allSettledInSlack(world, request);
  const orders = ordersFor(world, request);
  expect(orders).toHaveLength(1);
  expect(placed.order?.orderNo).toBe(orders[0]?.orderNo);
  const replies = threadOf(world, request).map((m) => m.text);
  expect(replies.filter((t) => t.startsWith('🧾 Ordered'))).toEqual([
    expect.stringContaining(`order *${orders[0]?.orderNo}*`),
  ]);
  expect(new Set(replies).size).toBe(replies.length);
  const placedDms = postedAs(world, REQUESTER, request, 'requester_outcome').filter((m) =>
    m.text.startsWith('✅'),
  );
  expect(placedDms).toHaveLength(1);
  expect(postedAs(world, ORDERS, request, 'orders_notice')).toHaveLength(1);
  const approvalMessages = postedAs(world, APPROVALS, request, 'approval_message');
  expect(approvalMessages.length).toBeGreaterThan(0);
  expect(approvalMessages.every((m) => !m.blocks.some((b) => b.type === 'actions'))).toBe(true);
  return placed;
}
