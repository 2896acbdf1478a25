import { randomUUID } from 'node:crypto';
import type { OrderRequest, RequestState } from '../../src/orders/model';
import { openDatabase, type Store } from '../../src/store';
import type { Backend } from './backends';

const START = Date.UTC(2026, 10, 1, 9, 0, 0);
const MINUTE = 60_000;

/** The path from pending to each state, one conditional transition a step. */
const PATHS: Record<string, RequestState[]> = {
  pending_approval: [],
  approved: ['approved'],
  rejected: ['rejected'],
  cancelled: ['cancelled'],
  placing: ['approved', 'placing'],
  placed: ['approved', 'placing', 'placed'],
  failed: ['approved', 'placing', 'failed'],
  in_doubt: ['approved', 'placing', 'in_doubt'],
};

/**
 * The reads the App Home lists requests with, run unchanged against every backend: each test opens a new,
 * empty database with a clock the test moves, so orderings are exact.
 */
export function describeHomeQueriesContract(backend: Backend): void {
  describe(`App Home queries on ${backend.name}`, () => {
    let store: Store;
    let now = START;

    beforeEach(async () => {
      now = START;
      store = await openDatabase(await backend.freshUrl(), { clock: () => new Date(now) });
    });
    afterEach(() => store.close());
    afterAll(() => backend.cleanup());

    /** A request by `requesterId` brought to `state`, a minute after the one before. */
    async function request(state: RequestState, requesterId = 'U_ANNA'): Promise<OrderRequest> {
      now += MINUTE;
      const { request: created } = await store.requests.create(
        {
          id: randomUUID(),
          reference: `YOD-${randomUUID().slice(0, 8)}`,
          requesterId,
          scenarioId: 'renew_rm_premium',
          details: {},
        },
        requesterId,
      );
      let current = created;
      for (const to of PATHS[state] ?? []) {
        const next = await store.requests.transition(current.id, {
          from: current.state,
          to,
          actor: 'U_BOSS',
          action: to,
        });
        if (!next) throw new Error(`${current.state} → ${to} refused`);
        current = next;
      }
      return current;
    }

    const ids = (list: OrderRequest[]) => list.map((r) => r.id);

    it('when listing requests waiting for approval, then only pending ones come back, longest waiting first, within the limit', async () => {
      const first = await request('pending_approval');
      await request('approved');
      const second = await request('pending_approval', 'U_BEN');
      await request('rejected');
      const third = await request('pending_approval');

      expect(ids(await store.requests.listPendingApproval(10))).toEqual([first.id, second.id, third.id]);
      expect(ids(await store.requests.listPendingApproval(2))).toEqual([first.id, second.id]);
      expect(ids(await store.requests.listPendingApproval(2, { offset: 2 }))).toEqual([third.id]);
    });

    it('when listing requests waiting for an approver, then their own requests are left out', async () => {
      await request('pending_approval', 'U_BEN');
      const anna = await request('pending_approval', 'U_ANNA');

      expect(ids(await store.requests.listPendingApproval(10, { exceptRequester: 'U_BEN' }))).toEqual([
        anna.id,
      ]);
    });

    it('when listing requests waiting for an approver, then those they gave the first of two approvals are left out', async () => {
      const approvedOnce = await request('pending_approval', 'U_ANNA');
      const other = await request('pending_approval', 'U_ANNA');
      await store.requests.recordFirstApproval(approvedOnce.id, 'U_BEN');

      expect(ids(await store.requests.listPendingApproval(10, { exceptFirstApprover: 'U_BEN' }))).toEqual([
        other.id,
      ]);
      expect(ids(await store.requests.listPendingApproval(10, { exceptFirstApprover: 'U_CAL' }))).toEqual([
        approvedOnce.id,
        other.id,
      ]);
    });

    it('when listing recent orders, then placed, failed and unknown outcomes come back, most recently changed first', async () => {
      const placed = await request('placed');
      for (const state of ['pending_approval', 'approved', 'placing', 'rejected', 'cancelled'] as const)
        await request(state);
      const failed = await request('failed', 'U_BEN');
      const doubtful = await request('in_doubt');
      // The first order's outcome changes last: it comes first.
      now += MINUTE;
      const settled = await store.requests.transition(doubtful.id, {
        from: 'in_doubt',
        to: 'placed',
        actor: 'system',
        action: 'reconcile_found',
        patch: { order: { orderNo: 'TY1', orderStatus: 'succeed' } },
      });

      expect(ids(await store.requests.listRecentOrders(10))).toEqual([settled?.id, failed.id, placed.id]);
      expect(ids(await store.requests.listRecentOrders(1))).toEqual([doubtful.id]);
      expect((await store.requests.listRecentOrders(1))[0]?.order?.orderNo).toBe('TY1');
    });

    it('when nothing matches, then every list is empty', async () => {
      expect(await store.requests.listPendingApproval(10)).toEqual([]);
      expect(await store.requests.listRecentOrders(10)).toEqual([]);
    });
  });
}
