import type { OrderRequest } from '../../src/orders/model';
import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import {
  type AppInstance,
  databasesUnderTest,
  manualClock,
  RecordingNotifier,
  startInstance,
  submittedRequest,
  TEST_TIMING,
} from './harness';
import { APPROVER, caseFor } from './support';

/**
 * An order Yeastar answers with a status that is not final (`pending`: waiting for payment in the Partner
 * Portal) is looked up by recovery with Get Order Details, with backoff, until it is final; each change is
 * recorded and told once.
 */

const { checkIntervalMs, maxCheckIntervalMs } = TEST_TIMING;
const YCM = caseFor('renew-ycm-white-label');

describe.each(databasesUnderTest())('order status follow-up on $name', ({ backend, replicas }) => {
  let sandbox: PartnerApiSandbox;
  let clock: ReturnType<typeof manualClock>;
  const apps: AppInstance[] = [];

  beforeEach(async () => {
    sandbox = await startPartnerApiSandbox();
    sandbox.faults.pendingOrders(true);
    clock = manualClock();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await sandbox.close();
  });
  afterAll(() => backend.cleanup());

  async function instance(url: string, notifier?: RecordingNotifier) {
    const app = await startInstance(url, sandbox, { clock: clock.now, ...(notifier && { notifier }) });
    apps.push(app);
    return app;
  }

  /** Submitted and approved: placed, its order pending. */
  async function pendingOrder(app: AppInstance): Promise<OrderRequest> {
    const request = await submittedRequest(app, YCM);
    const approved = await app.workflow.approve(request.id, APPROVER);
    if (!approved.ok) throw new Error(approved.reason);
    expect(approved.request).toMatchObject({ state: 'placed', order: { orderStatus: 'pending' } });
    return approved.request;
  }

  const detailsCalls = () =>
    sandbox.requestCount(`/order/openapi/order/v1/get/${sandbox.orders()[0]?.orderNo ?? ''}`);

  it('when an order waits for payment, then it is looked up with a pause that doubles up to the maximum, and nothing is told', async () => {
    const app = await instance(await backend.freshUrl());
    const request = await pendingOrder(app);
    const pauses: number[] = [];

    for (let i = 0; i < 10; i++) {
      await app.recovery().runOnce();
      const stored = await app.store.requests.get(request.id);
      const next = (stored?.statusCheck?.checkAfter.getTime() ?? 0) - clock.now().getTime();
      pauses.push(next);
      // Not due before its pause is over.
      clock.advance(next - 1);
      await app.recovery().runOnce();
      clock.advance(1);
    }

    const doubling = Array.from({ length: 10 }, (_, i) =>
      Math.min(maxCheckIntervalMs, checkIntervalMs * 2 ** i),
    );
    expect(pauses).toEqual(doubling);
    expect(pauses.at(-1)).toBe(maxCheckIntervalMs);
    expect(detailsCalls()).toBe(10);
    expect(app.notifier.outcomes(request.id)).toEqual(['placed']);
    expect(sandbox.orders()).toHaveLength(1);
  });

  it('when the order is paid, then the change is recorded and told once, and the follow-up ends', async () => {
    const app = await instance(await backend.freshUrl());
    const request = await pendingOrder(app);
    await app.recovery().runOnce();
    sandbox.settleOrder(sandbox.orders()[0]?.orderNo ?? '');

    clock.advance(checkIntervalMs);
    const run = await app.recovery().runOnce();
    for (let i = 0; i < 3; i++) {
      clock.advance(maxCheckIntervalMs);
      await app.recovery().runOnce();
    }

    expect(run.changed.map((r) => [r.id, r.order?.orderStatus])).toEqual([[request.id, 'succeed']]);
    const stored = await app.store.requests.get(request.id);
    expect(stored).toMatchObject({ state: 'placed', order: { orderStatus: 'succeed' } });
    expect(stored?.statusCheck).toBeUndefined();
    expect(
      app.notifier.told.filter((t) => t.step === 'outcome').map((t) => t.request.order?.orderStatus),
    ).toEqual(['pending', 'succeed']);
    expect(detailsCalls()).toBe(2);
    const trail = (await app.store.requests.audit(request.id)).filter((e) => e.action === 'order_status');
    expect(trail).toEqual([expect.objectContaining({ actor: 'system', reason: 'pending → succeed' })]);
  });

  it.each(['cancelled', 'failed', 'invalid', 'refunded'] as const)(
    'when the order becomes %s, then that is final: told once, no more lookups',
    async (status) => {
      const app = await instance(await backend.freshUrl());
      const request = await pendingOrder(app);
      sandbox.settleOrder(sandbox.orders()[0]?.orderNo ?? '', status);

      await app.recovery().runOnce();
      clock.advance(maxCheckIntervalMs);
      await app.recovery().runOnce();

      expect((await app.store.requests.get(request.id))?.order?.orderStatus).toBe(status);
      expect(detailsCalls()).toBe(1);
      expect(app.notifier.outcomes(request.id)).toEqual(['placed', 'placed']);
    },
  );

  it('when an order is answered succeed, then it is never looked up', async () => {
    sandbox.faults.pendingOrders(false);
    const app = await instance(await backend.freshUrl());
    const request = await submittedRequest(app, YCM);
    await app.workflow.approve(request.id, APPROVER);

    clock.advance(maxCheckIntervalMs);
    await expect(app.recovery().runOnce()).resolves.toEqual({ changed: [], skipped: 0 });
    expect(detailsCalls()).toBe(0);
  });

  it('when Get Order Details fails, answers a body that is not JSON or one without the status, then nothing is lost: it is looked up again later', async () => {
    const app = await instance(await backend.freshUrl());
    const request = await pendingOrder(app);
    sandbox.settleOrder(sandbox.orders()[0]?.orderNo ?? '');

    sandbox.faults.malformNext(1);
    await app.recovery().runOnce();
    clock.advance(checkIntervalMs);
    const endpoint = `/order/openapi/order/v1/get/${sandbox.orders()[0]?.orderNo ?? ''}`;
    sandbox.faults.reshape([{ change: 'drop', endpoint, field: 'orderInformation.orderStatus' }]);
    await app.recovery().runOnce();
    sandbox.faults.reshape([]);
    clock.advance(2 * checkIntervalMs);
    sandbox.faults.failNext(2, 503);
    await app.recovery().runOnce();

    const waiting = await app.store.requests.get(request.id);
    expect(waiting).toMatchObject({ order: { orderStatus: 'pending' }, statusCheck: { checks: 3 } });
    expect(app.notifier.outcomes(request.id)).toEqual(['placed']);

    clock.advance(4 * checkIntervalMs);
    await app.recovery().runOnce();
    expect((await app.store.requests.get(request.id))?.order?.orderStatus).toBe('succeed');
    expect(app.notifier.outcomes(request.id)).toEqual(['placed', 'placed']);
  });

  it('when two workers look the same orders up at once, then each change is recorded and told once', async () => {
    const url = await backend.freshUrl();
    const outbox = new RecordingNotifier();
    const a = await instance(url, outbox);
    const b = replicas > 1 ? await instance(url, outbox) : a;
    const requests = [await pendingOrder(a), await pendingOrder(a), await pendingOrder(a)];
    for (const order of sandbox.orders()) sandbox.settleOrder(order.orderNo);

    await Promise.all([a.recovery().runOnce(), b.recovery().runOnce(), a.recovery().runOnce()]);

    for (const request of requests) {
      const changes = (await a.store.requests.audit(request.id)).filter((e) => e.action === 'order_status');
      expect(changes).toHaveLength(1);
      expect(outbox.outcomes(request.id)).toEqual(['placed', 'placed']);
    }
  });

  it('when an instance stops after a lookup was scheduled, then a restarted one carries on from the schedule', async () => {
    const url = await backend.freshUrl();
    const before = await instance(url);
    const request = await pendingOrder(before);
    await before.recovery().runOnce();
    await before.close();
    apps.splice(apps.indexOf(before), 1);
    sandbox.settleOrder(sandbox.orders()[0]?.orderNo ?? '');

    const after = await instance(url);
    await after.recovery().runOnce();
    expect((await after.store.requests.get(request.id))?.order?.orderStatus).toBe('pending');
    clock.advance(checkIntervalMs);
    await after.recovery().runOnce();

    expect((await after.store.requests.get(request.id))?.order?.orderStatus).toBe('succeed');
    expect(after.notifier.outcomes(request.id)).toEqual(['placed']);
  });
});
