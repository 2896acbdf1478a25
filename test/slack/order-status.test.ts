import type { OrderRequest } from '../../src/orders/model';
import { manualClock } from '../orders/harness';
import {
  APPROVALS,
  APPROVER,
  approvalMessageOf,
  FAST_OUTBOX,
  type Harness,
  harnessesClosedAfterEach,
  ORDERS,
  REQUESTER,
  submitTutorial,
  threadOf,
} from './support/e2e-harness';

/**
 * An order that waits for payment, through the emulated Slack: people are told where to pay it, and each
 * later status reaches the thread, the requester and the orders channel once. Recovery runs are started by
 * hand, on a store clock the test moves.
 */

const HOUR = 3_600_000;

let h: Harness;
let clock: ReturnType<typeof manualClock>;
const harness = harnessesClosedAfterEach();

async function start() {
  clock = manualClock();
  h = await harness({ clock: clock.now, outbox: FAST_OUTBOX });
  h.sandbox.faults.pendingOrders(true);
}

/** One recovery run and the deliveries it started (the clock jumps between runs). */
async function followUp() {
  await h.desk.recovery.runOnce();
  await h.desk.notifier.drain(5000);
}

/** Approved through Slack, placed, and every message about it delivered. */
async function approvedPending(): Promise<OrderRequest> {
  const request = await submitTutorial(h, 'renew-ycm-white-label');
  await h.driver.click(APPROVER, APPROVALS, request.slack.approvalMessageTs ?? '', 'approve_request');
  await h.emulator.waitFor(() => h.emulator.messages(ORDERS).length === 1, { what: 'the orders notice' });
  await h.desk.notifier.drain(5000);
  return (await h.desk.store.requests.get(request.id)) ?? request;
}

function told(request: OrderRequest) {
  return {
    thread: threadOf(h, request).map((m) => m.text),
    requester: h.emulator.messages(REQUESTER).map((m) => m.text),
    orders: h.emulator.messages(ORDERS).map((m) => m.text),
    approval: approvalMessageOf(h, request).text,
  };
}

test('when Yeastar answers pending, then the thread, the requester and the orders channel say it waits for payment in the Partner Portal, with its order number', async () => {
  await start();
  const request = await approvedPending();
  const orderNo = h.sandbox.orders()[0]?.orderNo ?? '';
  const payHint = `To pay it, open the Partner Portal at *Orders & Billing › Orders*, find order *${orderNo}* and choose *Pay Now*.`;

  const now = told(request);
  expect(now.thread).toEqual([
    expect.stringMatching(
      /^⏳ Ordered: order \*\w+\*, Waiting for payment in the Partner Portal\. To pay it/,
    ),
  ]);
  for (const text of [now.thread[0], now.requester[1], now.orders[0]]) expect(text).toContain(payHint);
  expect(now.requester[1]).toMatch(
    /^⏳ Your request “Renew YCM White Label” was approved by <@UAPPROVER> and is ordered/,
  );
  expect(now.requester[0]).toMatch(/^⏳ Your request .* is ordered: order \*\w+\*, Waiting for payment/);
  expect(now.approval).toMatch(/· ⏳ Ordered: order \*\w+\*, Waiting for payment in the Partner Portal — /);
});

test('when the pending order is paid, then the next lookups tell the thread, the requester and the orders channel once, and stamp it Completed', async () => {
  await start();
  const request = await approvedPending();
  const before = told(request);
  h.sandbox.settleOrder(h.sandbox.orders()[0]?.orderNo ?? '');

  for (let i = 0; i < 4; i++) {
    await followUp();
    clock.advance(HOUR);
  }
  await h.desk.dispatcher.runOnce();

  const after = told(request);
  expect(after.thread).toEqual([
    ...before.thread,
    expect.stringMatching(/^🧾 Ordered: order \*\w+\*, Completed\.$/),
  ]);
  expect(after.requester).toHaveLength(3);
  expect(after.requester[2]).toMatch(
    /^✅ Your request “Renew YCM White Label” was approved by <@UAPPROVER> and is ordered: order \*\w+\*, Completed\.$/,
  );
  expect(after.requester[0]).toMatch(/^✅ Your request .* is ordered: order \*\w+\*, Completed\.$/);
  expect(after.orders).toEqual([
    before.orders[0],
    expect.stringMatching(/^🧾 Ordered: “Renew YCM White Label” .*: order \*\w+\*, Completed\.$/),
  ]);
  expect(after.approval).toMatch(/· 🧾 Ordered: order \*\w+\*, Completed — /);
  expect(h.sandbox.orders()).toHaveLength(1);
});

test('when the order is cancelled in the Partner Portal, then people are told it will not be delivered, once', async () => {
  await start();
  const request = await approvedPending();
  h.sandbox.settleOrder(h.sandbox.orders()[0]?.orderNo ?? '', 'cancelled');

  await followUp();
  clock.advance(HOUR);
  await followUp();

  const now = told(request);
  expect(now.thread.at(-1)).toMatch(/^⚠️ Ordered: order \*\w+\*, Cancelled\.$/);
  expect(now.thread).toHaveLength(2);
  expect(now.orders).toHaveLength(2);
  expect(now.requester).toHaveLength(3);
});

test('when the app stopped after it recorded the change but before it told anyone, then the next start tells it, once', async () => {
  await start();
  const request = await approvedPending();
  // What the stopped instance got to do: the change is recorded, its messages not queued.
  await h.desk.store.requests.recordOrderStatus(
    request.id,
    { from: 'pending', to: 'succeed', follow: false },
    { actor: 'system', action: 'order_status', reason: 'pending → succeed' },
  );

  await h.desk.notifier.backfill();
  await h.desk.notifier.backfill();
  await h.desk.dispatcher.runOnce();
  await h.emulator.waitFor(() => h.emulator.messages(ORDERS).length === 2, { what: 'the orders notice' });
  await h.desk.notifier.drain(5000);

  const now = told(request);
  expect(now.thread).toHaveLength(2);
  expect(now.thread[1]).toMatch(/Completed\.$/);
  expect(now.requester).toHaveLength(3);
});
