import { orderBodyText } from '../../src/catalog';
import { Deadline } from '../../src/orders/deadline';
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
import { APPROVER, caseFor, GROUP_MEMBER, REQUESTER, STRANGER } from './support';

/**
 * Requests whose Create an Order outcome is unknown: found means placed; absent counts only once it is
 * proven and the grace period is over; otherwise people are asked, once, and settle it themselves.
 */

const SAVE_PATH = '/order/openapi/order/v1/save';
const AFTER_GRACE = TEST_TIMING.graceMs + 1;

describe.each(databasesUnderTest())('requests in doubt on $name', ({ backend }) => {
  let sandbox: PartnerApiSandbox;
  let app: AppInstance;
  let clock: ReturnType<typeof manualClock>;

  beforeEach(async () => {
    sandbox = await startPartnerApiSandbox();
    clock = manualClock();
    app = await startInstance(await backend.freshUrl(), sandbox, { clock: clock.now });
  });
  afterEach(async () => {
    await app.close();
    await sandbox.close();
  });
  afterAll(() => backend.cleanup());

  /** Approved and placed while `arm`'s fault hits Create an Order: in doubt. */
  async function inDoubt(arm: () => void, tutorial: Parameters<typeof caseFor>[0] = 'renew-rm-premium') {
    const request = await approvedRequest(app, caseFor(tutorial));
    await app.partnerApi.listProducts(); // a token first, so the fault hits Create an Order itself
    arm();
    const placed = await app.recover(request.id);
    expect(placed?.state).toBe('in_doubt');
    return placed as OrderRequest;
  }

  /** An order placed and answered normally: the app knows its number, and sees the list echo its PO number. */
  async function knownOrder() {
    const request = await approvedRequest(app, caseFor('renew-ycm-white-label'));
    const placed = await app.recover(request.id);
    expect(placed?.state).toBe('placed');
    return placed as OrderRequest;
  }

  const recover = (request: OrderRequest) => app.recover(request.id);
  const stored = async (request: OrderRequest) => (await app.store.requests.get(request.id)) as OrderRequest;
  const actions = async (request: OrderRequest) =>
    (await app.store.requests.audit(request.id)).map((e) => e.action);
  const ordersOf = (request: OrderRequest) =>
    sandbox.orders().filter((o) => o.poNumber?.includes(request.reference));

  describe('looked up by the app', () => {
    it('when the answer was lost after Yeastar took the order, then the lookup finds it and records it, with one order', async () => {
      const request = await inDoubt(() => sandbox.faults.loseNextOrderAnswers(1));

      const settled = await recover(request);

      const [order] = sandbox.orders();
      expect(settled).toMatchObject({
        state: 'placed',
        order: { orderNo: order?.orderNo, orderId: order?.orderId, transactionNo: order?.transactionNo },
      });
      expect(sandbox.requestCount(SAVE_PATH)).toBe(1);
      expect((await actions(request)).at(-1)).toBe('reconcile_found');
      expect(app.notifier.outcomes(request.id)).toEqual(['in_doubt', 'placed']);
    });

    it('when nothing is found but the app never saw the list echo an order of its own, then it never orders again, and asks people once the grace period is over', async () => {
      const request = await inDoubt(() => sandbox.faults.failNext(1, 503));
      expect(sandbox.orders()).toEqual([]);

      await expect(recover(request)).resolves.toBeUndefined();
      const waiting = await stored(request);
      expect(waiting.doubt).toMatchObject({ checks: 1, reason: expect.stringMatching(/has not seen/) });
      expect(waiting.doubt?.raisedAt).toBeUndefined();

      clock.advance(AFTER_GRACE);
      const raised = await recover(request);
      expect(raised).toMatchObject({ state: 'in_doubt', doubt: { raisedAt: clock.now() } });
      clock.advance(TEST_TIMING.maxCheckIntervalMs);
      await expect(recover(request)).resolves.toBeUndefined();

      expect(sandbox.requestCount(SAVE_PATH)).toBe(1);
      expect(sandbox.orders()).toEqual([]);
      expect(app.notifier.outcomes(request.id)).toEqual(['in_doubt', 'in_doubt_raised']);
      expect((await actions(request)).filter((a) => a === 'doubt_raised')).toHaveLength(1);
    });

    it('when absence is proven (the list echoes a known order), then it is ordered again only after the grace period, with the same bytes', async () => {
      await knownOrder();
      const request = await inDoubt(() => sandbox.faults.failNext(1, 503));

      await expect(recover(request)).resolves.toBeUndefined();
      expect((await stored(request)).doubt?.reason).toMatch(/may still be recording/);
      expect(ordersOf(request)).toEqual([]);

      clock.advance(AFTER_GRACE);
      const placed = await recover(request);

      expect(placed).toMatchObject({ state: 'placed' });
      const orders = ordersOf(request);
      expect(orders.map((o) => o.rawBody)).toEqual([request.orderBody]);
      expect(await actions(request)).toEqual(
        expect.arrayContaining(['place_outcome_unknown', 'reconcile_absent', 'place', 'placed']),
      );
      expect(sandbox.orders()).toHaveLength(2);
      expect(app.notifier.outcomes(request.id)).toEqual(['in_doubt', 'placed']);
    });

    it('when the order list cannot be read, then the request stays in doubt with why, and is raised once the grace period is over', async () => {
      await knownOrder();
      const request = await inDoubt(() => sandbox.faults.failNext(1, 503));
      sandbox.faults.failNext(100, 503);

      await expect(recover(request)).resolves.toBeUndefined();
      expect((await stored(request)).doubt?.reason).toMatch(/could not be read/);
      clock.advance(AFTER_GRACE);
      await expect(recover(request)).resolves.toMatchObject({ doubt: { raisedAt: clock.now() } });

      expect(ordersOf(request)).toEqual([]);
    });

    it('when a lookup finds nothing, then the next one waits, each pause twice the last, but never past the end of the grace period', async () => {
      const request = await inDoubt(() => sandbox.faults.failNext(1, 503));
      const due = async () => (await app.store.requests.listRecoverable(10)).map((r) => r.id);
      const pause = TEST_TIMING.checkIntervalMs;

      await recover(request);
      expect(await due()).toEqual([]);
      clock.advance(pause);
      expect(await due()).toEqual([request.id]);
      await recover(request);
      clock.advance(pause);
      expect(await due()).toEqual([]);
      clock.advance(pause);
      expect(await due()).toEqual([request.id]);
      expect((await stored(request)).doubt?.checks).toBe(2);

      clock.advance(TEST_TIMING.graceMs);
      await recover(request);
      expect((await stored(request)).doubt?.raisedAt).toEqual(clock.now());
    });

    it('when the placer stopped and its lease lapsed, then recovery looks the order up at once: found, it is placed without a doubt being told', async () => {
      const request = await approvedRequest(app, caseFor('renew-rm-premium'));
      const orderBody = bodyOf(request);
      await app.store.requests.claimPlacement(request.id, {
        owner: 'dead-instance',
        leaseMs: 1000,
        orderBody,
      });
      // What the dead instance sent before it stopped.
      await app.partnerApi.createOrder(orderBody);
      clock.advance(1000);

      const settled = await recover(request);

      expect(settled).toMatchObject({ state: 'placed' });
      expect(await actions(request)).toEqual(
        expect.arrayContaining(['placing_abandoned', 'reconcile_found']),
      );
      expect(app.notifier.outcomes(request.id)).toEqual(['placed']);
      expect(sandbox.orders()).toHaveLength(1);
    });
  });

  describe('settled by an approver', () => {
    it('when an approver names the order found in the Partner Portal, then it is checked with Yeastar and recorded as theirs', async () => {
      const request = await inDoubt(() => sandbox.faults.loseNextOrderAnswers(1));
      const [order] = sandbox.orders();

      const result = await app.workflow.resolvePlaced(
        request.id,
        APPROVER,
        order?.orderNo ?? '',
        Deadline.after(2000),
      );

      expect(result).toMatchObject({
        ok: true,
        request: { state: 'placed', order: { orderNo: order?.orderNo } },
      });
      expect((await app.store.requests.audit(request.id)).at(-1)).toMatchObject({
        actor: APPROVER,
        action: 'resolved_placed',
        from: 'in_doubt',
        to: 'placed',
      });
      expect(app.notifier.outcomes(request.id).at(-1)).toBe('placed');
    });

    it('when the order number is unknown, belongs to another request, or is for another product, then it is refused, audited, and nothing changes', async () => {
      const other = await knownOrder(); // a YCM White Label order the app holds
      const request = await inDoubt(() => sandbox.faults.failNext(1, 503), 'renew-ycm-white-label');
      const foreign = await inDoubt(
        () => sandbox.faults.loseNextOrderAnswers(1),
        'purchase-remote-management-premium',
      );
      const foreignOrder = ordersOf(foreign)[0]?.orderNo ?? '';
      const resolve = (orderNo: string) =>
        app.workflow.resolvePlaced(request.id, APPROVER, orderNo, Deadline.after(2000));

      await expect(resolve('TY0000000000000000001')).resolves.toMatchObject({
        ok: false,
        reason: 'order_not_found',
      });
      await expect(resolve(other.order?.orderNo ?? '')).resolves.toMatchObject({
        ok: false,
        reason: 'order_taken',
      });
      await expect(resolve(foreignOrder)).resolves.toMatchObject({ ok: false, reason: 'order_mismatch' });

      expect((await stored(request)).state).toBe('in_doubt');
      const refused = (await app.store.requests.audit(request.id)).filter(
        (e) => e.action === 'resolve_placed',
      );
      expect(refused.map((e) => e.reason)).toEqual(['order_not_found', 'order_taken', 'order_mismatch']);
    });

    it('when Yeastar cannot be asked about the order number, then nothing changes and the reason says so', async () => {
      const request = await inDoubt(() => sandbox.faults.loseNextOrderAnswers(1));
      sandbox.faults.failNext(100, 503);

      const result = await app.workflow.resolvePlaced(request.id, APPROVER, 'TY123456', Deadline.after(500));

      expect(result).toMatchObject({
        ok: false,
        reason: 'lookup_failed',
        detail: expect.stringMatching(/503/),
      });
      expect((await stored(request)).state).toBe('in_doubt');
    });

    it('when someone who may not decide, or the requester, settles it, then it is refused; once settled, nobody can settle it again', async () => {
      const request = await inDoubt(() => sandbox.faults.loseNextOrderAnswers(1));
      const orderNo = sandbox.orders()[0]?.orderNo ?? '';
      const resolve = (userId: string) =>
        app.workflow.resolvePlaced(request.id, userId, orderNo, Deadline.after(2000));

      await expect(resolve(STRANGER)).resolves.toMatchObject({ ok: false, reason: 'not_approver' });
      await expect(resolve(REQUESTER)).resolves.toMatchObject({ ok: false, reason: 'not_approver' });
      await expect(app.workflow.maySettle(request.id, GROUP_MEMBER)).resolves.toMatchObject({ ok: true });
      await expect(resolve(GROUP_MEMBER)).resolves.toMatchObject({ ok: true });
      await expect(resolve(APPROVER)).resolves.toMatchObject({ ok: false, reason: 'not_in_doubt' });
      await expect(app.workflow.resolveNotPlaced(request.id, APPROVER)).resolves.toMatchObject({
        ok: false,
        reason: 'not_in_doubt',
      });
      expect(sandbox.requestCount(SAVE_PATH)).toBe(1);
    });

    it('when an approver says it was not placed, then a fresh search comes first, and only an empty one orders again, with the same bytes', async () => {
      const request = await inDoubt(() => sandbox.faults.failNext(1, 503));

      const result = await app.workflow.resolveNotPlaced(request.id, APPROVER);

      expect(result).toMatchObject({ ok: true, request: { state: 'placed' } });
      expect(ordersOf(request).map((o) => o.rawBody)).toEqual([request.orderBody]);
      expect(
        (await app.store.requests.audit(request.id)).find((e) => e.action === 'resolved_not_placed'),
      ).toMatchObject({
        actor: APPROVER,
        from: 'in_doubt',
        to: 'approved',
      });
    });

    it('when an approver says it was not placed but the search finds it after all, then it is recorded and nothing is ordered again', async () => {
      const request = await inDoubt(() => sandbox.faults.loseNextOrderAnswers(1));

      const result = await app.workflow.resolveNotPlaced(request.id, APPROVER);

      expect(result).toMatchObject({ ok: true, request: { state: 'placed' } });
      expect(sandbox.requestCount(SAVE_PATH)).toBe(1);
      expect((await actions(request)).at(-1)).toBe('reconcile_found');
    });

    it('when the fresh search cannot be made, then nothing is ordered and the approver is told why', async () => {
      const request = await inDoubt(() => sandbox.faults.failNext(1, 503));
      sandbox.faults.failNext(100, 503);

      const result = await app.workflow.resolveNotPlaced(request.id, APPROVER);

      expect(result).toMatchObject({
        ok: false,
        reason: 'lookup_failed',
        detail: expect.stringMatching(/could not be read/),
      });
      sandbox.faults.clear();
      expect((await stored(request)).state).toBe('in_doubt');
      expect(sandbox.requestCount(SAVE_PATH)).toBe(1);
    });
  });

  /** The body the workflow would send for a request: what a dead placer sent before it stopped. */
  function bodyOf(request: OrderRequest): string {
    const built = orderBodyText(request);
    if (!built.ok) throw new Error(built.problem);
    return built.text;
  }
});
