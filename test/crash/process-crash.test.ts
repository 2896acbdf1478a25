import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { playRequest, TUTORIAL_PLAYS } from '../../src/demo';
import type { OrderRequest, RequestState } from '../../src/orders/model';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type PartnerApiSandbox,
  startPartnerApiSandbox,
} from '../../src/sandbox/partner-api';
import { type EmulatedMessage, type SlackEmulator, startSlackEmulator } from '../../src/sandbox/slack';
import { openDatabase, type Store } from '../../src/store';
import { until } from '../support/poll';
import { type AppProcess, startAppProcess } from './app-process';

/**
 * The app as a real process (`node dist/index.js`) between an in-test Slack emulator and Partner API
 * sandbox, on a SQLite file. It is killed at the worst moments and started again on the same database:
 * every request must end placed exactly once, with its thread reply posted exactly once.
 */

const SIGNING_SECRET = 'crash-test-signing-secret';
const APPROVALS = 'CAPPROVALS';
const REQUESTER = 'UREQUESTER';
const APPROVER = 'UAPPROVER';

let sandbox: PartnerApiSandbox;
let emulator: SlackEmulator;
let dir: string;
let opened: Store | undefined;
const running: AppProcess[] = [];

beforeEach(async () => {
  sandbox = await startPartnerApiSandbox();
  emulator = await startSlackEmulator();
  dir = mkdtempSync(join(tmpdir(), 'yod-crash-'));
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.signal('SIGKILL')));
  await opened?.close();
  opened = undefined;
  sandbox.faults.clear();
  await emulator.close();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The process to be killed runs no recovery after its start-up pass (`recovery: 'idle'`), so the click,
 * not its recovery worker, is what it dies in. The restarted process recovers every 200 ms.
 */
async function startApp(
  recovery: 'idle' | 'eager' = 'eager',
  env: Record<string, string> = {},
): Promise<AppProcess> {
  const app = await startAppProcess(
    {
      SLACK_BOT_TOKEN: emulator.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: emulator.apiUrl,
      PORT: '0',
      APPROVALS_CHANNEL_ID: APPROVALS,
      ORDERS_CHANNEL_ID: 'CORDERS',
      APPROVER_USER_IDS: APPROVER,
      YEASTAR_BASE_URL: sandbox.url,
      YEASTAR_CLIENT_ID: DEFAULT_CLIENT_ID,
      YEASTAR_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
      DATABASE_URL: `sqlite:${join(dir, 'orders.sqlite')}`,
      RECOVERY_INTERVAL_MS: recovery === 'idle' ? '600000' : '200',
      ORDER_DEADLINE_MS: '1500',
      STALE_PLACING_MS: '3000',
      RECONCILE_GRACE_MS: '3000',
      SLACK_TIMEOUT_MS: '1000',
      LOG_LEVEL: 'info',
      ...env,
    },
    dir,
  );
  running.push(app);
  opened ??= await openDatabase(`sqlite:${join(dir, 'orders.sqlite')}`);
  return app;
}

/** The test's own connection to the app's database, opened once the app has created it. */
function store(): Store {
  if (!opened) throw new Error('no app started yet');
  return opened;
}

/**
 * Kills an app between recording an approval and claiming the placement. A fresh process (no access
 * token yet) takes the click; the sandbox is slow to give it a token, which the app fetches before it
 * claims anything, with half of its (long, here) deadline: the process is killed while it waits.
 */
async function killedAfterApproval(request: OrderRequest): Promise<void> {
  sandbox.faults.setTokenLatency(60_000);
  const app = await startApp('idle', {
    ORDER_DEADLINE_MS: '8000',
    STALE_PLACING_MS: '16000',
    RECONCILE_GRACE_MS: '16000',
  });
  await approve(app, request);
  await inState(request.id, 'approved');
  expect((await app.signal('SIGKILL')).signal).toBe('SIGKILL');
  sandbox.faults.clear();
}

/** A real process starts, and recovers, slower than an app inside the test process. */
const PROCESS_WAIT_MS = 8000;

function allDelivered(request: OrderRequest) {
  return until(
    async () => {
      const rows = await store().outbox.entriesOf(request.id);
      return rows.some((r) => r.kind === 'thread_result') && rows.every((r) => r.deliveredAt !== undefined);
    },
    'every Slack message of the request to be delivered',
    PROCESS_WAIT_MS,
  );
}

function inState(id: string, state: RequestState): Promise<OrderRequest> {
  return until(
    async () => {
      const request = await store().requests.get(id);
      return request?.state === state && request;
    },
    `request ${id} to be ${state}`,
    PROCESS_WAIT_MS,
  );
}

/** A requester works the /renew modal in Slack; resolves with the stored request once it is posted. */
async function requestRenewal(app: AppProcess, poNumber: string): Promise<OrderRequest> {
  const driver = emulator.driver(`${app.url}/slack/events`, SIGNING_SECRET);
  const ycm = TUTORIAL_PLAYS['renew-ycm-white-label'];
  await playRequest(driver, REQUESTER, { ...ycm, choices: { ...ycm.choices, po_number: poNumber } });
  return until(
    async () => {
      const [request] = await store().requests.listRequesterRequests(REQUESTER, 1);
      return request?.slack.approvalMessageTs ? request : undefined;
    },
    'the approval message',
    PROCESS_WAIT_MS,
  );
}

async function approve(app: AppProcess, request: OrderRequest): Promise<void> {
  const driver = emulator.driver(`${app.url}/slack/events`, SIGNING_SECRET);
  const click = await driver.click(
    APPROVER,
    APPROVALS,
    request.slack.approvalMessageTs ?? '',
    'approve_request',
  );
  expect(click.status).toBe(200);
}

/** The orders Yeastar received for the request, found by the reference the app sent as poNumber. */
function ordersFor(request: OrderRequest) {
  return sandbox.orders().filter((o) => o.poNumber?.includes(request.reference));
}

function threadOf(request: OrderRequest): EmulatedMessage[] {
  return emulator.thread(APPROVALS, request.slack.approvalMessageTs ?? '');
}

/** Once placed: exactly one order at Yeastar, one thread reply, one DM, the stamp, and an empty outbox. */
async function expectPlacedOnce(request: OrderRequest): Promise<void> {
  const placed = await inState(request.id, 'placed');
  await allDelivered(request);

  expect(ordersFor(request)).toHaveLength(1);
  expect(sandbox.orders()).toHaveLength(1);
  expect(threadOf(request).map((m) => m.text)).toEqual([
    expect.stringContaining(`Order placed: order number *${placed.order?.orderNo}*`),
  ]);
  expect(emulator.messages(REQUESTER).filter((m) => m.text.startsWith('✅'))).toHaveLength(1);
  const approval = emulator.messages(APPROVALS).find((m) => m.ts === request.slack.approvalMessageTs);
  expect(approval?.blocks.some((b) => b.type === 'actions')).toBe(false);
}

test('when the process is killed right after the approval is recorded, then the restarted app places the order once and posts the result once', async () => {
  const first = await startApp('idle');
  const request = await requestRenewal(first, 'PO-CRASH-APPROVED');
  await first.signal('SIGTERM');

  await killedAfterApproval(request);
  expect(ordersFor(request)).toHaveLength(0);

  const second = await startApp();
  await expectPlacedOnce(request);
  expect(await second.signal('SIGTERM')).toEqual({ code: 0, signal: null });
});

test('when the process is killed while the order is being placed, then the restarted app settles it once and posts the result once', async () => {
  const first = await startApp('idle');
  const request = await requestRenewal(first, 'PO-CRASH-PLACING');
  sandbox.faults.hang(true);

  await approve(first, request);
  await inState(request.id, 'placing');
  expect((await first.signal('SIGKILL')).signal).toBe('SIGKILL');
  sandbox.faults.hang(false);

  await startApp();
  await expectPlacedOnce(request);
  const actions = (await store().requests.audit(request.id)).map((e) => e.action);
  expect(actions.filter((a) => a === 'placed' || a === 'reconcile_found')).toHaveLength(1);
});

test('when the process gets SIGTERM while an order is being placed, then it finishes and records the placement, then exits 0', async () => {
  const app = await startApp();
  const request = await requestRenewal(app, 'PO-SIGTERM');
  sandbox.faults.setLatency(500);

  await approve(app, request);
  await inState(request.id, 'placing');
  const ended = await app.signal('SIGTERM');

  expect(ended).toEqual({ code: 0, signal: null });
  expect((await store().requests.get(request.id))?.state).toBe('placed');
  expect(ordersFor(request)).toHaveLength(1);
  expect(threadOf(request)).toHaveLength(1);
  expect(app.logs.map((l) => l.msg)).toContain('order desk stopped');
});

test('when the process died right after recording placed, before queuing any message, then the restarted app posts the outcome once', async () => {
  const first = await startApp('idle');
  const request = await requestRenewal(first, 'PO-CRASH-RECORDED');
  await first.signal('SIGTERM');
  await killedAfterApproval(request);
  // What the dead process would have written had it got as far as recording the order, and no further.
  const order = { orderNo: 'TY-RECORDED-1', orderStatus: 'succeed' };
  await store().requests.claimPlacement(request.id, { owner: 'dead', leaseMs: 60_000, orderBody: '{}' });
  await store().requests.transition(request.id, {
    from: 'placing',
    to: 'placed',
    actor: 'system',
    action: 'placed',
    patch: { order },
  });

  await startApp();

  const [reply] = await emulator.waitFor(() => threadOf(request).length > 0 && threadOf(request), {
    timeoutMs: 8000,
    what: 'the thread reply',
  });
  expect(reply?.text).toContain('order number *TY-RECORDED-1*');
  await allDelivered(request);
  expect(threadOf(request)).toHaveLength(1);
  expect(sandbox.orders()).toHaveLength(0);
});
