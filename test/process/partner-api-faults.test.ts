import type { OrderRequest } from '../../src/orders/model';
import { until } from '../support/poll';
import type { AppProcess } from './app-process';
import {
  APPROVALS,
  APPROVER,
  allSettledInSlack,
  approve,
  expectPlacedOnce,
  inState,
  ordersFor,
  PROCESS_WAIT_MS,
  postedAs,
  REQUESTER,
  requestRenewal,
  startWorld,
  threadOf,
  type World,
} from './world';

/**
 * The Partner API behaving as real servers do, against the app as a real process: Yeastar finishes an
 * order after the app stopped waiting, commits it late, lists it late, leaves the PO number out of its
 * list, loses its answer, gives tokens slowly, or refuses a token mid-placement. Each case ends with
 * exactly one order (none where none was placed), the request in the right state, and people told once.
 */

const SAVE_PATH = '/order/openapi/order/v1/save';

let world: World;
let app: AppProcess;

beforeEach(async () => {
  world = await startWorld();
  app = await world.startApp();
});
afterEach(() => world.close());

/**
 * An order placed and answered normally first: the app then knows an order of its own in the list and
 * sees the list echo its PO number, so it could prove an absence. The faults below must not fool it.
 */
async function knownOrder(): Promise<void> {
  const known = await requestRenewal(world, app, 'PO-KNOWN');
  await approve(world, app, known);
  await expectPlacedOnce(world, known);
}

async function approvedUnder(poNumber: string, arm: () => void): Promise<OrderRequest> {
  const request = await requestRenewal(world, app, poNumber);
  arm();
  await approve(world, app, request);
  return request;
}

const replies = (request: OrderRequest) => threadOf(world, request).map((m) => m.text.slice(0, 18));

test('when Yeastar commits the order after the app stopped waiting, then the app finds it, and never places it twice, though it could prove absences', async () => {
  await knownOrder();
  const request = await approvedUnder('PO-LATE-COMMIT', () =>
    world.sandbox.faults.orderTiming({ commitAfterMs: 2500, answerAfterMs: 2600 }),
  );

  await inState(world, request.id, 'in_doubt');
  expect(ordersFor(world, request)).toHaveLength(0);

  await expectPlacedOnce(world, request);
  expect(replies(request)).toEqual(['⏳ Outcome unknown:', '🧾 Ordered: order ']);
  expect(world.sandbox.requestCount(SAVE_PATH)).toBe(2);
});

test('when the answer to Create an Order is lost and the list echoes the PO number, then the app finds the order and records it, once', async () => {
  const request = await approvedUnder('PO-LOST-ECHO', () => world.sandbox.faults.loseNextOrderAnswers(1));

  await expectPlacedOnce(world, request);
  expect((await world.store().requests.audit(request.id)).map((e) => e.action)).toContain('reconcile_found');
});

test('when the answer is lost and the list never shows PO numbers, then the app never orders again, asks the approvers once, and an approver records the order number', async () => {
  await knownOrder();
  const request = await approvedUnder('PO-LOST-NO-ECHO', () => {
    world.sandbox.faults.omitListReferences(true);
    world.sandbox.faults.loseNextOrderAnswers(1);
  });

  const notice = await world.emulator.waitFor(
    () => threadOf(world, request).find((m) => m.text.startsWith('⚠️ The app cannot tell')),
    { what: 'the approvers to be asked', timeoutMs: PROCESS_WAIT_MS },
  );
  expect(JSON.stringify(notice.blocks)).toContain('does not show the PO number');
  const [order] = ordersFor(world, request);
  expect(ordersFor(world, request)).toHaveLength(1);
  await allSettledInSlack(world, request);
  expect(postedAs(world, REQUESTER, request, 'requester_outcome').map((m) => m.text.split(' ')[0])).toEqual([
    '⏳',
    '⚠️',
  ]);

  const driver = world.driver(app);
  await driver.click(APPROVER, APPROVALS, notice.ts, 'doubt_was_placed');
  const modal = await driver.waitForView(APPROVER);
  modal.setValue('order_no', 'order_no_input', 'TY0000000000000000404');
  expect((await modal.submit()).body).toMatchObject({ response_action: 'errors' });
  modal.setValue('order_no', 'order_no_input', order?.orderNo ?? '');
  expect(await modal.submit()).toEqual({ status: 200, body: null });

  const placed = await inState(world, request.id, 'placed');
  expect(placed.order?.orderNo).toBe(order?.orderNo);
  expect(ordersFor(world, request)).toHaveLength(1);
  await allSettledInSlack(world, request);
  const stamped = threadOf(world, request).find((m) => m.ts === notice.ts);
  expect(stamped?.text).toMatch(/^✅ Settled: the order exists/);
  expect(stamped?.blocks.some((b) => b.type === 'actions')).toBe(false);
  expect(replies(request)).toEqual(['⏳ Outcome unknown:', '✅ Settled: the ord', '🧾 Ordered: order ']);
  const audit = await world.store().requests.audit(request.id);
  expect(audit.find((e) => e.action === 'resolved_placed')).toMatchObject({ actor: APPROVER });
});

test('when the order list lags behind its commits, then an empty search is not believed before the grace period, and the order is found once it is listed', async () => {
  await knownOrder();
  const request = await approvedUnder('PO-LIST-LAG', () => {
    world.sandbox.faults.listLag(2000);
    world.sandbox.faults.loseNextOrderAnswers(1);
  });

  await expectPlacedOnce(world, request);
  expect(world.sandbox.requestCount(SAVE_PATH)).toBe(2);
});

test('when the token call is slow but within the deadline, then the order is placed once, after the token came', async () => {
  // A fresh process holds no token yet: its first Partner API call of the placement is the slow token call.
  const request = await requestRenewal(world, app, 'PO-SLOW-TOKEN');
  await app.signal('SIGTERM');
  world.sandbox.faults.setTokenLatency(500);
  app = await world.startApp();

  await approve(world, app, request);

  await expectPlacedOnce(world, request);
  expect(world.sandbox.requestCount(SAVE_PATH)).toBe(1);
});

test('when the token call is slower than the deadline allows, then nothing is claimed or sent, and the request fails saying so', async () => {
  const request = await requestRenewal(world, app, 'PO-NO-TOKEN');
  await app.signal('SIGTERM');
  world.sandbox.faults.setTokenLatency(10_000);
  app = await world.startApp();

  await approve(world, app, request);

  const failed = await inState(world, request.id, 'failed');
  expect(failed.failure?.detailMessage).toMatch(/^The order was not sent/);
  await allSettledInSlack(world, request);
  expect(world.sandbox.requestCount(SAVE_PATH)).toBe(0);
  expect(world.sandbox.orders()).toEqual([]);
  expect(threadOf(world, request).map((m) => m.text)).toEqual([
    '⚠️ Not ordered. The order was not sent: the app could not sign in to the Partner API. Nothing was ' +
      'ordered. Ask your admin to check the Partner API settings (`npm run doctor`), then submit the request again.',
  ]);
  expect(postedAs(world, REQUESTER, request, 'requester_outcome')).toHaveLength(1);
});

test('when Yeastar refuses the token in the middle of a placement (401), then the app renews it and sends the same bytes once more: one order', async () => {
  const request = await approvedUnder('PO-401', () => world.sandbox.faults.rejectNextOrderTokens(1));

  const placed = await expectPlacedOnce(world, request);
  expect(world.sandbox.requestCount(SAVE_PATH)).toBe(2);
  expect(ordersFor(world, request)[0]?.rawBody).toBe(placed.orderBody);
});

test('when the answer is lost and Yeastar certainly took nothing (the app never saw an echo), then after the grace period the approvers are asked, and nothing is ordered by itself', async () => {
  const request = await approvedUnder('PO-5XX', () => world.sandbox.faults.failNext(1, 503));

  await until(
    async () => (await world.store().requests.get(request.id))?.doubt?.raisedAt,
    'the approvers to be asked',
    PROCESS_WAIT_MS,
  );
  await allSettledInSlack(world, request);
  expect(world.sandbox.orders()).toEqual([]);
  expect(replies(request)).toEqual(['⏳ Outcome unknown:', '⚠️ The app cannot ']);
});
