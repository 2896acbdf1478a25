import type { OrderRequest } from '../../src/orders/model';
import { RecoveryWorker } from '../../src/orders/recovery';
import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import {
  type AppInstance,
  approvedRequest,
  crashAfterSending,
  databasesUnderTest,
  startInstance,
} from './harness';
import { caseFor } from './support';

/** How old a `placing` request must be before recovery presumes its placer died. */
const STALE_AFTER_MS = 60_000;

describe.each(databasesUnderTest())('RecoveryWorker on $name', ({ backend, replicas }) => {
  let sandbox: PartnerApiSandbox;
  const apps: AppInstance[] = [];

  beforeEach(async () => {
    sandbox = await startPartnerApiSandbox();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await sandbox.close();
  });
  afterAll(() => backend.cleanup());

  /** An app instance; `later` makes its clock run ahead, as for an instance started after a pause. */
  async function instance(url: string, later = false) {
    const app = await startInstance(url, sandbox, {
      stalePlacingMs: STALE_AFTER_MS,
      ...(later ? { now: () => new Date(Date.now() + 2 * STALE_AFTER_MS) } : {}),
    });
    apps.push(app);
    return app;
  }

  function workerFor(app: AppInstance, instanceId: string, outcomes = new OutcomeLog(), intervalMs = 60_000) {
    return new RecoveryWorker({
      requests: app.store.requests,
      placer: app.placer,
      reconciler: app.reconciler,
      instanceId,
      intervalMs,
      leaseTtlMs: 30_000,
      onOutcome: outcomes.record,
    });
  }

  it('when the service stopped after approval and after sending, then a restarted one places each exactly once', async () => {
    const url = await backend.freshUrl();
    const before = await instance(url);
    const leftApproved = await approvedRequest(before, caseFor('renew-ycm-white-label'));
    const leftPlacing = await approvedRequest(before, caseFor('purchase-p-series-appliance-plan'));
    await crashAfterSending(before, leftPlacing.id);
    await before.close();
    expect(sandbox.orders()).toHaveLength(1);

    const after = await instance(url, true);
    const outcomes = new OutcomeLog();
    const run = await workerFor(after, 'instance-b', outcomes).runOnce();

    for (const { id } of [leftApproved, leftPlacing]) {
      await expect(after.store.requests.get(id)).resolves.toMatchObject({ state: 'placed' });
    }
    const orders = sandbox.orders();
    expect(orders.map((o) => o.poNumber).sort()).toEqual(
      [leftApproved.reference, leftPlacing.reference].sort(),
    );
    const placing = await after.store.requests.get(leftPlacing.id);
    expect(placing?.order?.orderNo).toBe(orders.find((o) => o.poNumber === leftPlacing.reference)?.orderNo);
    expect(run.changed.map((r) => r.id).sort()).toEqual([leftApproved.id, leftPlacing.id].sort());
    expect(outcomes.ids.sort()).toEqual([leftApproved.id, leftPlacing.id].sort());

    const again = await workerFor(after, 'instance-b').runOnce();
    expect(again.changed).toEqual([]);
    expect(sandbox.orders()).toHaveLength(2);
  });

  it('when another instance holds the lease, then the request is skipped until the lease is released', async () => {
    const app = await instance(await backend.freshUrl());
    const request = await approvedRequest(app, caseFor('renew-rm-premium'));
    await app.store.requests.claimLease(request.id, 'instance-a', 30_000);
    const worker = workerFor(app, 'instance-b');

    await expect(worker.runOnce()).resolves.toEqual({ changed: [], skipped: 1 });
    expect(sandbox.orders()).toEqual([]);

    await app.store.requests.releaseLease(request.id, 'instance-a');
    const run = await worker.runOnce();
    expect(run.changed.map((r) => r.state)).toEqual(['placed']);
    expect(sandbox.orders()).toHaveLength(1);
  });

  it('when two workers recover the same requests at once, then every request is placed exactly once', async () => {
    const url = await backend.freshUrl();
    const a = await instance(url);
    // Each worker on its own instance where the database serves several, else both on the one instance.
    const b = replicas > 1 ? await instance(url) : a;
    const approved = await Promise.all(
      [
        'renew-ycm-white-label',
        'renew-rm-premium',
        'renew-p-series-turnkey-package',
        'purchase-remote-management-premium',
      ].map((t) => approvedRequest(a, caseFor(t as Parameters<typeof caseFor>[0]))),
    );
    const outcomes = new OutcomeLog();

    await Promise.all([
      workerFor(a, 'instance-a', outcomes).runOnce(),
      workerFor(b, 'instance-b', outcomes).runOnce(),
    ]);

    expect(
      sandbox
        .orders()
        .map((o) => o.poNumber)
        .sort(),
    ).toEqual(approved.map((r) => r.reference).sort());
    expect(outcomes.ids.sort()).toEqual(approved.map((r) => r.id).sort());
  });

  it('when a request is being placed right now, then recovery leaves it to its placer', async () => {
    const app = await instance(await backend.freshUrl());
    const request = await approvedRequest(app, caseFor('renew-rm-premium'));
    await app.store.requests.transition(request.id, {
      from: 'approved',
      to: 'placing',
      actor: 'system',
      action: 'place',
    });

    await expect(workerFor(app, 'instance-b').runOnce()).resolves.toEqual({ changed: [], skipped: 0 });
    expect(sandbox.requestCount()).toBe(0);
  });

  it('when an in-doubt request cannot be looked up, then it stays in doubt and no outcome is reported', async () => {
    const app = await instance(await backend.freshUrl());
    const request = await approvedRequest(app, caseFor('renew-rm-premium'));
    sandbox.faults.loseNextOrderAnswers(1);
    await app.placer.place(request.id);
    sandbox.faults.failNext(10, 503);
    const outcomes = new OutcomeLog();

    await expect(workerFor(app, 'instance-b', outcomes).runOnce()).resolves.toEqual({
      changed: [],
      skipped: 0,
    });
    await expect(app.store.requests.get(request.id)).resolves.toMatchObject({ state: 'in_doubt' });
    expect(outcomes.ids).toEqual([]);
  });

  it('when started, then it works at once and again on its timer', async () => {
    const app = await instance(await backend.freshUrl());
    const first = await approvedRequest(app, caseFor('renew-ycm-white-label'));
    const outcomes = new OutcomeLog();
    const worker = workerFor(app, 'instance-b', outcomes, 10);

    worker.start();
    await outcomes.reported(first.id);
    const second = await approvedRequest(app, caseFor('renew-rm-premium'));
    await outcomes.reported(second.id);
    await worker.stop();

    expect(outcomes.ids).toEqual([first.id, second.id]);
    expect(sandbox.orders()).toHaveLength(2);
  });

  it('when stopped during a run, then stop resolves only after that run finished its work', async () => {
    const app = await instance(await backend.freshUrl());
    const request = await approvedRequest(app, caseFor('renew-ycm-white-label'));
    sandbox.faults.setLatency(50);
    const worker = workerFor(app, 'instance-b');

    worker.start();
    await worker.stop();

    await expect(app.store.requests.get(request.id)).resolves.toMatchObject({ state: 'placed' });
  });
});

/** Outcomes as the worker reports them, with a way to wait for a given request's. */
class OutcomeLog {
  readonly ids: string[] = [];
  private readonly waiting = new Map<string, () => void>();

  readonly record = (request: OrderRequest): void => {
    this.ids.push(request.id);
    this.waiting.get(request.id)?.();
  };

  reported(id: string): Promise<void> {
    if (this.ids.includes(id)) return Promise.resolve();
    return new Promise((resolve) => this.waiting.set(id, resolve));
  }
}
