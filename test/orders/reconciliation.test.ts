import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import { type AppInstance, approvedRequest, databasesUnderTest, startInstance } from './harness';
import { caseFor } from './support';

const SAVE_PATH = '/order/openapi/order/v1/save';

describe.each(databasesUnderTest())('reconciliation on $name', ({ backend }) => {
  let sandbox: PartnerApiSandbox;
  let app: AppInstance;

  beforeEach(async () => {
    sandbox = await startPartnerApiSandbox();
    app = await startInstance(await backend.freshUrl(), sandbox);
  });
  afterEach(async () => {
    await app.close();
    await sandbox.close();
  });
  afterAll(() => backend.cleanup());

  async function inDoubtRequest(arm: () => void) {
    const request = await approvedRequest(app, caseFor('renew-rm-premium'));
    await app.partnerApi.listProducts(); // a token first, so a fault hits Create an Order itself
    arm();
    const placed = await app.placer.place(request.id);
    expect(placed?.state).toBe('in_doubt');
    return request;
  }

  it('when the answer was lost, then reconciliation finds the order and records it, with exactly one order', async () => {
    const request = await inDoubtRequest(() => sandbox.faults.loseNextOrderAnswers(1));

    const settled = await app.reconciler.reconcile(request.id);

    const orders = sandbox.orders();
    expect(orders).toHaveLength(1);
    expect(settled).toMatchObject({
      state: 'placed',
      order: {
        orderNo: orders[0]?.orderNo,
        orderId: orders[0]?.orderId,
        transactionNo: orders[0]?.transactionNo,
      },
    });
    expect(sandbox.requestCount(SAVE_PATH)).toBe(1);
    expect((await app.store.requests.audit(request.id)).at(-1)).toMatchObject({
      action: 'reconcile_found',
      from: 'in_doubt',
      to: 'placed',
    });
  });

  it('when a 5xx came before the order was taken, then reconciliation finds nothing and places it once', async () => {
    const request = await inDoubtRequest(() => sandbox.faults.failNext(1, 503));
    expect(sandbox.orders()).toEqual([]);

    const settled = await app.reconciler.reconcile(request.id);

    expect(settled).toMatchObject({ state: 'placed' });
    expect(sandbox.orders()).toHaveLength(1);
    expect(sandbox.orders()[0]?.poNumber).toBe(request.reference);
    const steps = (await app.store.requests.audit(request.id)).map((e) => `${e.action}:${e.from}->${e.to}`);
    expect(steps.slice(-3)).toEqual([
      'reconcile_absent:in_doubt->approved',
      'place:approved->placing',
      'placed:placing->placed',
    ]);
  });

  it('when the order list cannot be read, then the request stays in doubt; once it can, it is settled', async () => {
    const request = await inDoubtRequest(() => sandbox.faults.loseNextOrderAnswers(1));
    const trailBefore = await app.store.requests.audit(request.id);
    sandbox.faults.failNext(10, 503);

    await expect(app.reconciler.reconcile(request.id)).resolves.toMatchObject({ state: 'in_doubt' });
    expect(await app.store.requests.audit(request.id)).toEqual(trailBefore);

    sandbox.faults.clear();
    await expect(app.reconciler.reconcile(request.id)).resolves.toMatchObject({ state: 'placed' });
    expect(sandbox.orders()).toHaveLength(1);
  });

  it('when an earlier order carries the same PO number, then reconciliation finds this request’s order only', async () => {
    const earlier = await approvedRequest(app, caseFor('renew-ycm-white-label'), { poNumber: 'PO-7731' });
    await app.placer.place(earlier.id);
    const request = await approvedRequest(app, caseFor('renew-ycm-white-label'), { poNumber: 'PO-7731' });
    sandbox.faults.loseNextOrderAnswers(1);
    await app.placer.place(request.id);

    const reconciled = await app.reconciler.reconcile(request.id);

    const [, second] = sandbox.orders();
    expect(reconciled).toMatchObject({ state: 'placed', order: { orderNo: second?.orderNo } });
    expect(sandbox.orders().map((o) => o.poNumber)).toEqual([
      `PO-7731 / ${earlier.reference}`,
      `PO-7731 / ${request.reference}`,
    ]);
  });

  it('when a request is placing but not yet stale, then reconciliation leaves it alone and asks nothing', async () => {
    const fresh = await startInstance(await backend.freshUrl(), sandbox, { stalePlacingMs: 60_000 });
    try {
      const request = await approvedRequest(fresh, caseFor('renew-rm-premium'));
      await fresh.store.requests.transition(request.id, {
        from: 'approved',
        to: 'placing',
        actor: 'system',
        action: 'place',
      });

      await expect(fresh.reconciler.reconcile(request.id)).resolves.toMatchObject({ state: 'placing' });
      expect(sandbox.requestCount()).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('when a request is already placed, then reconciliation changes nothing and asks nothing', async () => {
    const request = await approvedRequest(app, caseFor('renew-rm-premium'));
    await app.placer.place(request.id);
    const before = sandbox.requestCount();

    await expect(app.reconciler.reconcile(request.id)).resolves.toMatchObject({ state: 'placed' });
    expect(sandbox.requestCount()).toBe(before);
  });
});
