import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import { parseJson } from '../../src/yeastar/json';
import { TUTORIAL_CASES, tutorialRequestText } from '../catalog/support';
import { captureLogs } from '../store/capture-logs';
import { type AppInstance, approvedRequest, startInstance } from './harness';
import { caseFor, REQUESTER, tutorialInput } from './support';

const SAVE_PATH = '/order/openapi/order/v1/save';

let sandbox: PartnerApiSandbox;
let app: AppInstance;

beforeEach(async () => {
  sandbox = await startPartnerApiSandbox();
  app = await startInstance('sqlite::memory:', sandbox);
});
afterEach(async () => {
  await app.close();
  await sandbox.close();
});

describe('OrderPlacer.place', () => {
  it.each(TUTORIAL_CASES)(
    'when the $tutorial request is placed, then it ends placed and the sandbox got the tutorial body',
    async (tutorialCase) => {
      const request = await approvedRequest(app, tutorialCase);

      const placed = await app.placer.place(request.id);

      const [order, ...others] = sandbox.orders();
      expect(others).toEqual([]);
      if (!order) throw new Error('the sandbox received no order');
      const { poNumber, ...body } = parseJson(order.rawBody) as Record<string, unknown>;
      expect(body).toStrictEqual(parseJson(tutorialRequestText(tutorialCase.tutorial)));
      expect(poNumber).toBe(request.reference);
      expect(placed).toMatchObject({
        state: 'placed',
        order: {
          orderNo: order.orderNo,
          orderId: order.orderId,
          transactionNo: order.transactionNo,
          instanceId: order.instanceId,
          orderStatus: 'succeed',
        },
      });
      const trail = await app.store.requests.audit(request.id);
      expect(trail.slice(-2).map(({ action, from, to }) => ({ action, from, to }))).toEqual([
        { action: 'place', from: 'approved', to: 'placing' },
        { action: 'placed', from: 'placing', to: 'placed' },
      ]);
    },
  );

  it('when the requester gave a PO number, then it is sent followed by the reference', async () => {
    const request = await approvedRequest(app, caseFor('renew-rm-premium'), { poNumber: 'PO-2026-0042' });

    await app.placer.place(request.id);

    expect(sandbox.orders().map((o) => o.poNumber)).toEqual([`PO-2026-0042 / ${request.reference}`]);
  });

  it('when the API refuses the order (wrong Turnkey quantity), then it ends failed with the API’s own words', async () => {
    const request = await approvedRequest(app, caseFor('renew-p-series-turnkey-package'), { quantity: 99 });

    const failed = await app.placer.place(request.id);

    expect(failed).toMatchObject({ state: 'failed', failure: { httpStatus: 400 } });
    expect(failed?.failure?.code).toMatch(/^parameter_/);
    expect(failed?.failure?.detailMessage).toMatch(/quantity/i);
    expect(failed?.failure?.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(failed?.order).toBeUndefined();
    expect(sandbox.orders()).toEqual([]);
    expect((await app.store.requests.audit(request.id)).at(-1)).toMatchObject({
      action: 'place_failed',
      to: 'failed',
      reason: failed?.failure?.detailMessage,
    });
  });

  it('when the API answers 5xx, then the request ends in doubt, not failed', async () => {
    const request = await approvedRequest(app, caseFor('renew-ycm-white-label'));
    await app.partnerApi.listProducts(); // a token first, so the fault hits Create an Order itself
    sandbox.faults.failNext(1, 502);

    const inDoubt = await app.placer.place(request.id);

    expect(inDoubt).toMatchObject({ state: 'in_doubt' });
    expect(inDoubt?.failure).toBeUndefined();
    expect(sandbox.requestCount(SAVE_PATH)).toBe(1);
  });

  it('when the answer is lost after the order was taken, then the request ends in doubt', async () => {
    const request = await approvedRequest(app, caseFor('renew-ycm-white-label'));
    sandbox.faults.loseNextOrderAnswers(1);

    await expect(app.placer.place(request.id)).resolves.toMatchObject({ state: 'in_doubt' });
    expect(sandbox.orders()).toHaveLength(1);
  });

  it('when a request is not approved, or already placed, then place sends nothing and returns it as it is', async () => {
    const input = tutorialInput(caseFor('renew-ycm-white-label'));
    const pending = await app.service.submit({ requesterId: REQUESTER, scenarioId: input.scenarioId, input });
    const approved = await approvedRequest(app, caseFor('renew-rm-premium'));
    await app.placer.place(approved.id);

    await expect(app.placer.place(pending.id)).resolves.toMatchObject({ state: 'pending_approval' });
    await expect(app.placer.place(approved.id)).resolves.toMatchObject({ state: 'placed' });
    expect(sandbox.requestCount(SAVE_PATH)).toBe(1);
    await expect(app.placer.place('no-such-request')).resolves.toBeUndefined();
  });
});

describe('logging', () => {
  it('when a request is placed, lost and reconciled with logging on, then each orders line names the request and none carries a secret', async () => {
    const logs = captureLogs();
    const logged = await startInstance('sqlite::memory:', sandbox, { logger: logs.logger });
    try {
      const request = await approvedRequest(logged, caseFor('renew-rm-premium'));
      sandbox.faults.loseNextOrderAnswers(1);
      await logged.placer.place(request.id);
      await logged.reconciler.reconcile(request.id);

      const ordersLines = logs.lines().filter((line) => line.component === undefined);
      expect(ordersLines.map((line) => line.msg)).toEqual(
        expect.arrayContaining([
          'order request submitted',
          'request approved',
          'Create an Order outcome unknown; request is in doubt',
          'reconciliation found the order',
        ]),
      );
      for (const line of ordersLines) expect(line.requestId).toBe(request.id);
      expect(logs.text()).not.toContain('sandbox-secret');
      expect(logs.text()).not.toMatch(/eyJ[\w-]+\.[\w-]+/); // no JWT: the sandbox's access tokens are JWTs
    } finally {
      await logged.close();
    }
  });
});
