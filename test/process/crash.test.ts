import type { OrderRequest } from '../../src/orders/model';
import { until } from '../support/poll';
import type { AppProcess } from './app-process';
import {
  approve,
  expectPlacedOnce,
  inState,
  ordersFor,
  PROCESS_WAIT_MS,
  requestRenewal,
  startWorld,
  threadOf,
  type World,
} from './world';

/**
 * The app as a real process, killed at the worst moments and started again on the same database: every
 * request must end placed exactly once, with its thread reply posted exactly once.
 */

let world: World;

beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => world.close());

const SAVE_PATH = '/order/openapi/order/v1/save';

/** Runs no recovery after its start-up pass, so the click, not its recovery worker, is what it dies in. */
const IDLE = { RECOVERY_INTERVAL_MS: '600000' };

/**
 * Kills an app between recording an approval and claiming the placement. A fresh process (no access
 * token yet) takes the click; the sandbox is slow to give it a token, which the app fetches before it
 * claims anything, with half of its (long, here) deadline: the process is killed while it waits.
 */
async function killedAfterApproval(request: OrderRequest): Promise<void> {
  world.sandbox.faults.setTokenLatency(60_000);
  const app = await world.startApp({
    ...IDLE,
    ORDER_DEADLINE_MS: '8000',
    STALE_PLACING_MS: '16000',
    RECONCILE_GRACE_MS: '16000',
  });
  await approve(world, app, request);
  await inState(world, request.id, 'approved');
  expect((await app.signal('SIGKILL')).signal).toBe('SIGKILL');
  world.sandbox.faults.clear();
}

/** Resolves once Yeastar has received `count` Create an Order calls (it may not have answered them). */
function sent(count: number): Promise<true> {
  return until(async () => world.sandbox.requestCount(SAVE_PATH) >= count, `${count} order(s) to be sent`);
}

async function requested(poNumber: string): Promise<OrderRequest> {
  const first = await world.startApp(IDLE);
  const request = await requestRenewal(world, first, poNumber);
  await first.signal('SIGTERM');
  return request;
}

test('when the process is killed right after the approval is recorded, then the restarted app places the order once and posts the result once', async () => {
  const request = await requested('PO-CRASH-APPROVED');

  await killedAfterApproval(request);
  expect(ordersFor(world, request)).toHaveLength(0);

  const second = await world.startApp();
  await expectPlacedOnce(world, request);
  expect(await second.signal('SIGTERM')).toEqual({ code: 0, signal: null });
});

test('when the process is killed while the order is being placed, then the restarted app settles it once and posts the result once', async () => {
  const first: AppProcess = await world.startApp(IDLE);
  const request = await requestRenewal(world, first, 'PO-CRASH-PLACING');
  world.sandbox.faults.hang(true);

  await approve(world, first, request);
  await inState(world, request.id, 'placing');
  await sent(1);
  expect((await first.signal('SIGKILL')).signal).toBe('SIGKILL');
  // Yeastar finishes the order its caller left.
  world.sandbox.faults.hang(false);

  await world.startApp();
  await expectPlacedOnce(world, request);
  const actions = (await world.store().requests.audit(request.id)).map((e) => e.action);
  expect(actions.filter((a) => a === 'placed' || a === 'reconcile_found')).toHaveLength(1);
});

test('when the process gets SIGTERM while an order is being placed, then it finishes and records the placement, then exits 0', async () => {
  const app = await world.startApp();
  const request = await requestRenewal(world, app, 'PO-SIGTERM');
  world.sandbox.faults.setLatency(500);

  await approve(world, app, request);
  await inState(world, request.id, 'placing');
  const ended = await app.signal('SIGTERM');

  expect(ended).toEqual({ code: 0, signal: null });
  expect((await world.store().requests.get(request.id))?.state).toBe('placed');
  expect(ordersFor(world, request)).toHaveLength(1);
  expect(threadOf(world, request)).toHaveLength(1);
  expect(app.logs.map((l) => l.msg)).toContain('order desk stopped');
});

test('when the process died right after recording placed, before queuing any message, then the restarted app posts the outcome once', async () => {
  const request = await requested('PO-CRASH-RECORDED');
  await killedAfterApproval(request);
  // What the dead process would have written had it got as far as recording the order, and no further.
  const order = { orderNo: 'TY-RECORDED-1', orderStatus: 'succeed' };
  const { requests } = world.store();
  await requests.claimPlacement(request.id, { owner: 'dead', leaseMs: 60_000, orderBody: '{}' });
  await requests.transition(request.id, {
    from: 'placing',
    to: 'placed',
    actor: 'system',
    action: 'placed',
    patch: { order },
  });

  await world.startApp();

  const [reply] = await world.emulator.waitFor(
    () => threadOf(world, request).length > 0 && threadOf(world, request),
    {
      timeoutMs: PROCESS_WAIT_MS,
      what: 'the thread reply',
    },
  );
  expect(reply?.text).toContain('order *TY-RECORDED-1*');
  await inState(world, request.id, 'placed');
  expect(threadOf(world, request)).toHaveLength(1);
  expect(world.sandbox.orders()).toHaveLength(0);
});
