import { sql } from 'kysely';
import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import { parseJson } from '../../src/yeastar/json';
import { TUTORIAL_CASES, tutorialRequestText } from '../catalog/support';
import { captureLogs } from '../store/capture-logs';
import { type AppInstance, approvedRequest, startInstance, submittedRequest } from './harness';
import { caseFor } from './support';

/** Fenced placement, through the workflow's recovery entry (the Approve click goes the same way). */

const SAVE_PATH = '/order/openapi/order/v1/save';
const TOKEN_PATH = '/auth/openapi/v1/oauth/token';

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

const place = (id: string) => app.recover(id);
const actions = async (id: string) => (await app.store.requests.audit(id)).map((e) => e.action);

describe('placing an approved request', () => {
  it.each(TUTORIAL_CASES)(
    'when the $tutorial request is placed, then it ends placed, the sandbox got the tutorial body, and the bytes sent are saved',
    async (tutorialCase) => {
      const request = await approvedRequest(app, tutorialCase);

      const placed = await place(request.id);

      const [order, ...others] = sandbox.orders();
      expect(others).toEqual([]);
      if (!order) throw new Error('the sandbox received no order');
      const { poNumber, ...body } = parseJson(order.rawBody) as Record<string, unknown>;
      expect(body).toStrictEqual(parseJson(tutorialRequestText(tutorialCase.tutorial)));
      expect(poNumber).toBe(request.reference);
      expect(placed).toMatchObject({
        state: 'placed',
        orderBody: order.rawBody,
        order: {
          orderNo: order.orderNo,
          orderId: order.orderId,
          transactionNo: order.transactionNo,
          instanceId: order.instanceId,
          orderStatus: 'succeed',
        },
      });
      expect((await actions(request.id)).slice(-2)).toEqual(['place', 'placed']);
      expect(app.notifier.outcomes(request.id)).toEqual(['placed']);
    },
  );

  it('when the requester gave a PO number, then it is sent followed by the reference', async () => {
    const request = await approvedRequest(app, caseFor('renew-rm-premium'), { poNumber: 'PO-2026-0042' });

    await place(request.id);

    expect(sandbox.orders().map((o) => o.poNumber)).toEqual([`PO-2026-0042 / ${request.reference}`]);
  });

  it('when the API refuses the order (wrong Turnkey quantity), then it ends failed with the API’s own words', async () => {
    const request = await approvedRequest(app, caseFor('renew-p-series-turnkey-package'), { quantity: 99 });

    const failed = await place(request.id);

    expect(failed).toMatchObject({ state: 'failed', failure: { httpStatus: 400 } });
    expect(failed?.failure?.code).toMatch(/^parameter_/);
    expect(failed?.failure?.detailMessage).toMatch(/quantity/i);
    expect(failed?.failure?.apiRequestId).toMatch(/^[0-9a-f]{32}$/);
    expect(failed?.order).toBeUndefined();
    expect(sandbox.orders()).toEqual([]);
    expect((await app.store.requests.audit(request.id)).at(-1)).toMatchObject({
      action: 'place_failed',
      to: 'failed',
      reason: failed?.failure?.detailMessage,
    });
  });

  it('when the API answers 5xx, then the request is in doubt from then, with why, not failed', async () => {
    const request = await approvedRequest(app, caseFor('renew-ycm-white-label'));
    await app.partnerApi.listProducts(); // a token first, so the fault hits Create an Order itself
    sandbox.faults.failNext(1, 502);

    const inDoubt = await place(request.id);

    expect(inDoubt).toMatchObject({
      state: 'in_doubt',
      doubt: { checks: 0, reason: expect.stringContaining('502') },
    });
    expect(inDoubt?.failure).toBeUndefined();
    expect(sandbox.requestCount(SAVE_PATH)).toBe(1);
    expect(app.notifier.outcomes(request.id)).toEqual(['in_doubt']);
  });

  it('when the answer is lost after the order was taken, then the request ends in doubt', async () => {
    const request = await approvedRequest(app, caseFor('renew-ycm-white-label'));
    sandbox.faults.loseNextOrderAnswers(1);

    await expect(place(request.id)).resolves.toMatchObject({ state: 'in_doubt' });
    expect(sandbox.orders()).toHaveLength(1);
  });

  it('when Yeastar does not answer, then the attempt ends within its deadline and the request is in doubt', async () => {
    const request = await approvedRequest(app, caseFor('renew-ycm-white-label'));
    await app.partnerApi.listProducts();
    sandbox.faults.hang(true);

    const inDoubt = await place(request.id);

    expect(inDoubt).toMatchObject({
      state: 'in_doubt',
      doubt: { reason: expect.stringMatching(/did not answer/) },
    });
    sandbox.faults.hang(false);
  });

  it('when a request is not approved, or already placed, then nothing is sent and nothing is told', async () => {
    const pending = await submittedRequest(app, caseFor('renew-ycm-white-label'));
    const approved = await approvedRequest(app, caseFor('renew-rm-premium'));
    await place(approved.id);

    await expect(place(pending.id)).resolves.toBeUndefined();
    await expect(place(approved.id)).resolves.toBeUndefined();
    await expect(app.workflow.recover('no-such-request', 'test')).resolves.toBeUndefined();
    expect(sandbox.requestCount(SAVE_PATH)).toBe(1);
    expect(app.notifier.outcomes(pending.id)).toEqual([]);
  });
});

describe('fencing', () => {
  it('when no access token can be had, then nothing is claimed or sent, and the request fails saying the order was not sent', async () => {
    const request = await approvedRequest(app, caseFor('renew-rm-premium'));
    sandbox.faults.failNext(10, 503);

    const failed = await place(request.id);

    expect(failed).toMatchObject({
      state: 'failed',
      failure: {
        detailMessage: expect.stringMatching(/^The order was not sent: no Partner API access token/),
      },
    });
    expect(sandbox.requestCount(TOKEN_PATH)).toBeGreaterThan(0);
    expect(sandbox.requestCount(SAVE_PATH)).toBe(0);
    expect(await actions(request.id)).toEqual(['created', 'approve', 'place_failed']);
  });

  it('when a request is placed again after an attempt, then the saved bytes go out unchanged, though the catalog would now build others', async () => {
    const request = await approvedRequest(app, caseFor('renew-ycm-white-label'));
    await app.partnerApi.listProducts();
    sandbox.faults.failNext(1, 503);
    const first = await place(request.id);
    // The stored details changed since (a newer catalog, an edited row): only the saved body counts now.
    await sql`update order_requests set details = ${JSON.stringify({ ...request.details, poNumber: 'PO-EDITED' })}
              where id = ${request.id}`.execute(app.store.db);
    await app.store.requests.transition(request.id, {
      from: 'in_doubt',
      to: 'approved',
      actor: 'test',
      action: 'reorder',
    });

    const second = await place(request.id);

    expect(second?.state).toBe('placed');
    expect(sandbox.orders().map((o) => o.rawBody)).toEqual([first?.orderBody]);
    expect(second?.orderBody).toBe(first?.orderBody);
  });

  it('while an order is being placed, then the placer holds the lease, and gives it back when the outcome is recorded', async () => {
    const request = await approvedRequest(app, caseFor('renew-ycm-white-label'));
    await app.partnerApi.listProducts();
    sandbox.faults.setLatency(200);

    const placing = place(request.id);
    await waitForState(request.id, 'placing');
    expect(await app.store.requests.claimLease(request.id, 'another-instance', 60_000)).toBe(false);
    await placing;

    expect((await app.store.requests.get(request.id))?.state).toBe('placed');
    expect(await app.store.requests.claimLease(request.id, 'another-instance', 60_000)).toBe(true);
  });
});

describe('logging', () => {
  it('when a request is placed, lost and settled with logging on, then each orders line names the request and none carries a secret', async () => {
    const logs = captureLogs();
    const logged = await startInstance('sqlite::memory:', sandbox, { logger: logs.logger });
    try {
      const request = await approvedRequest(logged, caseFor('renew-rm-premium'));
      sandbox.faults.loseNextOrderAnswers(1);
      await logged.recover(request.id);
      await logged.recover(request.id);

      const ordersLines = logs.lines().filter((line) => line.component === undefined);
      expect(ordersLines.map((line) => line.msg)).toEqual(
        expect.arrayContaining([
          'order request submitted',
          'Create an Order outcome unknown; request is in doubt',
          'request in doubt settled: the order exists',
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

async function waitForState(id: string, state: string): Promise<void> {
  for (;;) {
    if ((await app.store.requests.get(id))?.state === state) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
