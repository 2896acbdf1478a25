import type { OrderRequest } from '../../src/orders/model';
import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import {
  type AppInstance,
  approvedRequest,
  databasesUnderTest,
  manualClock,
  startInstance,
  TEST_TIMING,
} from './harness';
import { caseFor } from './support';

describe.each(databasesUnderTest())('RecoveryWorker on $name', ({ backend, replicas }) => {
  let sandbox: PartnerApiSandbox;
  const apps: AppInstance[] = [];
  let clock: ReturnType<typeof manualClock>;

  beforeEach(async () => {
    sandbox = await startPartnerApiSandbox();
    clock = manualClock();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await sandbox.close();
  });
  afterAll(() => backend.cleanup());

  async function instance(url: string) {
    const app = await startInstance(url, sandbox, { clock: clock.now });
    apps.push(app);
    return app;
  }

  /** An instance that claimed the request and sent the order, then stopped before it recorded the answer. */
  async function crashAfterSending(app: AppInstance, request: OrderRequest) {
    const { orderBodyText } = await import('../../src/catalog');
    const body = orderBodyText(request);
    if (!body.ok) throw new Error(body.problem);
    await app.store.requests.claimPlacement(request.id, {
      owner: 'crashed',
      leaseMs: TEST_TIMING.placingLeaseMs,
      orderBody: body.text,
    });
    await app.partnerApi.createOrder(body.text);
  }

  it('when an instance stopped after approval and another after sending, then a restarted one places each exactly once, once its lease lapsed', async () => {
    const url = await backend.freshUrl();
    const before = await instance(url);
    const leftApproved = await approvedRequest(before, caseFor('renew-ycm-white-label'));
    const leftPlacing = await approvedRequest(before, caseFor('purchase-p-series-appliance-plan'));
    await crashAfterSending(before, leftPlacing);
    expect(sandbox.orders()).toHaveLength(1);

    const after = await instance(url);
    const first = await after.recovery().runOnce();
    // The dead placer's lease still holds: only the approved request is taken.
    expect(first.changed.map((r) => r.id)).toEqual([leftApproved.id]);
    clock.advance(TEST_TIMING.placingLeaseMs);
    const second = await after.recovery().runOnce();

    expect(second.changed.map((r) => [r.id, r.state])).toEqual([[leftPlacing.id, 'placed']]);
    const orders = sandbox.orders();
    expect(orders.map((o) => o.poNumber).sort()).toEqual(
      [leftApproved.reference, leftPlacing.reference].sort(),
    );
    const placing = await after.store.requests.get(leftPlacing.id);
    expect(placing?.order?.orderNo).toBe(orders.find((o) => o.poNumber === leftPlacing.reference)?.orderNo);

    const again = await after.recovery().runOnce();
    expect(again.changed).toEqual([]);
    expect(sandbox.orders()).toHaveLength(2);
  });

  it('when another instance holds the lease, then the request is left alone until the lease is released', async () => {
    const app = await instance(await backend.freshUrl());
    const request = await approvedRequest(app, caseFor('renew-rm-premium'));
    await app.store.requests.claimLease(request.id, 'instance-a', 30_000);

    await expect(app.recovery().runOnce()).resolves.toEqual({ changed: [], skipped: 0 });
    expect(sandbox.orders()).toEqual([]);

    await app.store.requests.releaseLease(request.id, 'instance-a');
    const run = await app.recovery().runOnce();
    expect(run.changed.map((r) => r.state)).toEqual(['placed']);
    expect(sandbox.orders()).toHaveLength(1);
  });

  it('when two workers recover the same requests at once, then every request is placed exactly once and told once', async () => {
    const url = await backend.freshUrl();
    const a = await instance(url);
    // Each worker on its own instance where the database serves several, else both on the one instance.
    const b = replicas > 1 ? await instance(url) : a;
    const approved = await Promise.all(
      (
        [
          'renew-ycm-white-label',
          'renew-rm-premium',
          'renew-p-series-turnkey-package',
          'purchase-remote-management-premium',
        ] as const
      ).map((t) => approvedRequest(a, caseFor(t))),
    );

    await Promise.all([a.recovery().runOnce(), b.recovery().runOnce()]);

    expect(
      sandbox
        .orders()
        .map((o) => o.poNumber)
        .sort(),
    ).toEqual(approved.map((r) => r.reference).sort());
    const told = [...new Set([a, b])].flatMap((app) => app.notifier.told.filter((t) => t.step === 'outcome'));
    expect(told.map((t) => t.request.id).sort()).toEqual(approved.map((r) => r.id).sort());
  });

  it('when a request is being placed right now, then recovery leaves it to its placer', async () => {
    const app = await instance(await backend.freshUrl());
    const request = await approvedRequest(app, caseFor('renew-rm-premium'));
    await app.store.requests.claimPlacement(request.id, { owner: 'click', leaseMs: 60_000, orderBody: '{}' });

    await expect(app.recovery().runOnce()).resolves.toEqual({ changed: [], skipped: 0 });
    expect(sandbox.requestCount()).toBe(0);
  });

  it('when a request in doubt cannot be looked up, then it stays in doubt and nothing is told', async () => {
    const app = await instance(await backend.freshUrl());
    const request = await approvedRequest(app, caseFor('renew-rm-premium'));
    sandbox.faults.loseNextOrderAnswers(1);
    await app.recover(request.id);
    sandbox.faults.failNext(10, 503);
    const toldBefore = app.notifier.told.length;

    await expect(app.recovery().runOnce()).resolves.toEqual({ changed: [], skipped: 0 });
    await expect(app.store.requests.get(request.id)).resolves.toMatchObject({ state: 'in_doubt' });
    expect(app.notifier.told).toHaveLength(toldBefore);
  });

  it('when started, then it works at once and again on its timer; stop waits for the run in progress', async () => {
    const app = await instance(await backend.freshUrl());
    const first = await approvedRequest(app, caseFor('renew-ycm-white-label'));
    const worker = app.recovery({ intervalMs: 10 });

    worker.start();
    await placed(app, first);
    const second = await approvedRequest(app, caseFor('renew-rm-premium'));
    sandbox.faults.setLatency(50);
    await placedOrPlacing(app, second);
    await worker.stop();

    await expect(app.store.requests.get(second.id)).resolves.toMatchObject({ state: 'placed' });
    expect(sandbox.orders()).toHaveLength(2);
  });
});

async function placed(app: AppInstance, request: OrderRequest): Promise<void> {
  while ((await app.store.requests.get(request.id))?.state !== 'placed') {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function placedOrPlacing(app: AppInstance, request: OrderRequest): Promise<void> {
  for (;;) {
    const state = (await app.store.requests.get(request.id))?.state;
    if (state === 'placed' || state === 'placing') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
