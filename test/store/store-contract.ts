import { randomUUID } from 'node:crypto';
import { NO_MIGRATIONS, sql } from 'kysely';
import type { OrderRequest } from '../../src/orders/model';
import {
  createMigrator,
  migrateToLatest,
  type NewOrderRequest,
  openDatabase,
  type Store,
} from '../../src/store';
import type { Backend } from './backends';
import { captureLogs } from './capture-logs';

const START = Date.UTC(2026, 10, 1, 9, 0, 0);
const MINUTE = 60_000;

/** A clock the test moves by hand, so stored times are exact and ordering is deterministic. */
function manualClock() {
  let now = START;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

function newRequest(overrides: Partial<NewOrderRequest> = {}): NewOrderRequest {
  return {
    id: randomUUID(),
    reference: `YOD-${randomUUID().slice(0, 8)}`,
    requesterId: 'U_REQUESTER',
    scenarioId: 'renew_rm_premium',
    details: { serialNumber: '3631A2123456', quantity: 1 },
    ...overrides,
  };
}

/**
 * The store's contract, run unchanged against every backend: each test opens a new, empty database.
 */
export function describeStoreContract(backend: Backend): void {
  describe(`store contract on ${backend.name}`, () => {
    const opened: Store[] = [];
    let clock = manualClock();

    async function open(url?: string, logs?: ReturnType<typeof captureLogs>): Promise<Store> {
      const store = await openDatabase(url ?? (await backend.freshUrl()), {
        clock: clock.now,
        ...(logs && { logger: logs.logger }),
      });
      opened.push(store);
      return store;
    }

    beforeEach(() => {
      clock = manualClock();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });
    afterAll(() => backend.cleanup());

    describe('migrations', () => {
      it('when the database is empty, then opening creates every table, and migrating again applies nothing', async () => {
        const logs = captureLogs();
        const store = await open(undefined, logs);

        expect(logs.lines()).toContainEqual(
          expect.objectContaining({
            msg: 'store opened',
            migrationsApplied: ['0001_order_requests_and_audit_events', '0002_slack_outbox'],
          }),
        );
        expect(await store.db.selectFrom('order_requests').selectAll().execute()).toEqual([]);
        expect(await store.db.selectFrom('audit_events').selectAll().execute()).toEqual([]);
        expect(await store.db.selectFrom('slack_outbox').selectAll().execute()).toEqual([]);
        expect(await migrateToLatest(store.db, store.dialect)).toEqual([]);
      });

      if (backend.persistent) {
        it('when an existing database is opened again, then no migration runs and the data is kept', async () => {
          const url = await backend.freshUrl();
          const first = await open(url);
          const created = await first.requests.create(newRequest(), 'U_REQUESTER');
          await first.close();

          const logs = captureLogs();
          const second = await open(url, logs);

          expect(logs.lines()).toContainEqual(expect.objectContaining({ migrationsApplied: [] }));
          expect(await second.requests.get(created.id)).toEqual(created);
        });
      }

      it('when every migration is rolled back, then the tables are gone, and migrating recreates them', async () => {
        const store = await open();
        const down = await (await createMigrator(store.db, store.dialect)).migrateTo(NO_MIGRATIONS);
        expect(down.error).toBeUndefined();

        // Whether jest's toThrow() recognises better-sqlite3's errors depends on load order; match the message.
        await expect(store.db.selectFrom('order_requests').selectAll().execute()).rejects.toMatchObject({
          message: expect.stringMatching(/order_requests/),
        });
        expect(await migrateToLatest(store.db, store.dialect)).toEqual([
          '0001_order_requests_and_audit_events',
          '0002_slack_outbox',
        ]);
        await store.requests.create(newRequest(), 'U_REQUESTER');
        expect(await store.requests.listByState(['pending_approval'])).toHaveLength(1);
      });
    });

    describe('create and read', () => {
      it('when a request is created, then get and getByReference return it pending approval, with a created event', async () => {
        const { requests } = await open();
        const input = newRequest({ slack: { originChannelId: 'C_ORIGIN' } });

        const created = await requests.create(input, 'U_REQUESTER');

        const expected: OrderRequest = {
          id: input.id,
          reference: input.reference,
          state: 'pending_approval',
          requesterId: 'U_REQUESTER',
          scenarioId: 'renew_rm_premium',
          details: { serialNumber: '3631A2123456', quantity: 1 },
          slack: { originChannelId: 'C_ORIGIN' },
          createdAt: new Date(START),
          updatedAt: new Date(START),
        };
        expect(created).toStrictEqual(expected);
        expect(await requests.get(input.id)).toStrictEqual(expected);
        expect(await requests.getByReference(input.reference)).toStrictEqual(expected);
        expect(await requests.audit(input.id)).toStrictEqual([
          {
            id: expect.any(Number),
            requestId: input.id,
            at: new Date(START),
            actor: 'U_REQUESTER',
            action: 'created',
            to: 'pending_approval',
          },
        ]);
      });

      it('when an id or reference is unknown, then get and getByReference return undefined', async () => {
        const { requests } = await open();
        await requests.create(newRequest(), 'U_REQUESTER');

        expect(await requests.get(randomUUID())).toBeUndefined();
        expect(await requests.getByReference('YOD-unknown')).toBeUndefined();
      });

      it('when a reference is already taken, then create fails and writes nothing', async () => {
        const { requests } = await open();
        const first = await requests.create(newRequest(), 'U_REQUESTER');
        const clash = newRequest({ reference: first.reference });

        await expect(requests.create(clash, 'U_OTHER')).rejects.toMatchObject({
          message: expect.stringMatching(/unique/i),
        });

        expect(await requests.get(clash.id)).toBeUndefined();
        expect(await requests.audit(clash.id)).toEqual([]);
      });

      it('when details hold a 19-digit ID, then it comes back digit for digit', async () => {
        const { requests, db } = await open();
        const billingId = '3197218168379846218';
        const details = { billingId, lines: [{ serviceId: '9223372036854775807' }] };
        const created = await requests.create(newRequest({ details }), 'U_REQUESTER');

        expect((await requests.get(created.id))?.details).toStrictEqual(details);
        const raw = await db
          .selectFrom('order_requests')
          .select('details')
          .where('id', '=', created.id)
          .executeTakeFirst();
        expect(raw?.details).toContain(`"${billingId}"`);
      });
    });

    describe('transitions', () => {
      it('when a request goes through its lifecycle, then each transition writes exactly one audit event', async () => {
        const { requests } = await open();
        const { id } = await requests.create(newRequest(), 'U_REQUESTER');
        const steps = [
          { from: 'pending_approval', to: 'approved', actor: 'U_MANAGER', action: 'approve' },
          { from: 'approved', to: 'placing', actor: 'system', action: 'place' },
          { from: 'placing', to: 'placed', actor: 'system', action: 'placed', reason: 'order saved' },
        ] as const;

        for (const step of steps) {
          clock.advance(MINUTE);
          const before = (await requests.audit(id)).length;
          const moved = await requests.transition(id, step);
          expect(moved?.state).toBe(step.to);
          expect(moved?.updatedAt).toEqual(clock.now());
          expect(await requests.audit(id)).toHaveLength(before + 1);
        }

        const trail = await requests.audit(id);
        expect(
          trail.map(({ from, to, actor, action, reason }) => ({ from, to, actor, action, reason })),
        ).toEqual([
          {
            from: undefined,
            to: 'pending_approval',
            actor: 'U_REQUESTER',
            action: 'created',
            reason: undefined,
          },
          {
            from: 'pending_approval',
            to: 'approved',
            actor: 'U_MANAGER',
            action: 'approve',
            reason: undefined,
          },
          { from: 'approved', to: 'placing', actor: 'system', action: 'place', reason: undefined },
          { from: 'placing', to: 'placed', actor: 'system', action: 'placed', reason: 'order saved' },
        ]);
        expect(trail.map((e) => e.at.getTime())).toEqual([
          START,
          START + MINUTE,
          START + 2 * MINUTE,
          START + 3 * MINUTE,
        ]);
      });

      it('when the request is not in the expected state, then nothing changes and no audit event is written', async () => {
        const { requests } = await open();
        const created = await requests.create(newRequest(), 'U_REQUESTER');
        clock.advance(MINUTE);

        const moved = await requests.transition(created.id, {
          from: ['approved', 'placing'],
          to: 'placed',
          actor: 'system',
          action: 'placed',
          patch: { order: { orderNo: 'SO-1', orderStatus: 'paid' } },
        });

        expect(moved).toBeUndefined();
        expect(await requests.get(created.id)).toStrictEqual(created);
        expect(await requests.audit(created.id)).toHaveLength(1);
      });

      it('when the request id is unknown, then transition returns undefined', async () => {
        const { requests } = await open();

        const moved = await requests.transition(randomUUID(), {
          from: 'pending_approval',
          to: 'approved',
          actor: 'U_MANAGER',
          action: 'approve',
        });

        expect(moved).toBeUndefined();
      });

      it('when several from states are allowed, then the audit event names the state actually left', async () => {
        const { requests } = await open();
        const { id } = await requests.create(newRequest(), 'U_REQUESTER');

        await requests.transition(id, {
          from: ['approved', 'pending_approval'],
          to: 'cancelled',
          actor: 'U_REQUESTER',
          action: 'cancel',
        });

        expect((await requests.audit(id)).at(-1)).toMatchObject({
          from: 'pending_approval',
          to: 'cancelled',
        });
      });

      it('when 50 approvals race on one request, then exactly one wins and one approved event is written', async () => {
        const { requests } = await open();
        const { id } = await requests.create(newRequest(), 'U_REQUESTER');

        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            requests.transition(id, {
              from: 'pending_approval',
              to: 'approved',
              actor: `U_MANAGER_${i}`,
              action: 'approve',
              patch: { decidedBy: `U_MANAGER_${i}` },
            }),
          ),
        );

        const winners = results.filter((r) => r !== undefined);
        expect(winners).toHaveLength(1);
        const approvals = (await requests.audit(id)).filter((e) => e.to === 'approved');
        expect(approvals).toHaveLength(1);
        expect(approvals[0]?.actor).toBe(winners[0]?.decidedBy);
        expect((await requests.get(id))?.state).toBe('approved');
      });
    });

    describe('transition patches', () => {
      async function approvedRequest(store: Store) {
        const { id } = await store.requests.create(newRequest(), 'U_REQUESTER');
        await store.requests.transition(id, {
          from: 'pending_approval',
          to: 'approved',
          actor: 'U_M',
          action: 'approve',
        });
        await store.requests.transition(id, {
          from: 'approved',
          to: 'placing',
          actor: 'system',
          action: 'place',
        });
        return id;
      }

      it('when a decision and Slack coordinates are patched, then they round-trip', async () => {
        const { requests } = await open();
        const { id } = await requests.create(
          newRequest({ slack: { originChannelId: 'C_ORIGIN' } }),
          'U_REQUESTER',
        );
        const decidedAt = new Date(START + 5 * MINUTE + 123);

        const rejected = await requests.transition(id, {
          from: 'pending_approval',
          to: 'rejected',
          actor: 'U_MANAGER',
          action: 'reject',
          reason: 'budget',
          patch: {
            decidedBy: 'U_MANAGER',
            decidedAt,
            reason: 'budget',
            slack: { approvalChannelId: 'C_APPROVALS', approvalMessageTs: '1700000000.000100' },
          },
        });

        const expected = {
          decidedBy: 'U_MANAGER',
          decidedAt,
          reason: 'budget',
          slack: {
            originChannelId: 'C_ORIGIN',
            approvalChannelId: 'C_APPROVALS',
            approvalMessageTs: '1700000000.000100',
          },
        };
        expect(rejected).toMatchObject(expected);
        expect(await requests.get(id)).toMatchObject(expected);
      });

      it('when an order is placed, then every order field round-trips', async () => {
        const store = await open();
        const id = await approvedRequest(store);
        const order = {
          orderNo: 'SO20261101001',
          orderId: '3197218168379846218',
          transactionNo: 'T-77',
          instanceId: '1234567890123456789',
          orderStatus: 'completed',
        };

        await store.requests.transition(id, {
          from: 'placing',
          to: 'placed',
          actor: 'system',
          action: 'placed',
          patch: { order },
        });

        const placed = await store.requests.get(id);
        expect(placed?.order).toStrictEqual(order);
        expect(placed?.failure).toBeUndefined();
      });

      it('when an order carries only the required fields, then the optional ones read back as absent', async () => {
        const store = await open();
        const id = await approvedRequest(store);

        await store.requests.transition(id, {
          from: 'placing',
          to: 'placed',
          actor: 'system',
          action: 'placed',
          patch: { order: { orderNo: 'SO-2', orderStatus: 'pending' } },
        });

        expect((await store.requests.get(id))?.order).toStrictEqual({
          orderNo: 'SO-2',
          orderStatus: 'pending',
        });
      });

      it('when placement fails, then every failure field round-trips', async () => {
        const store = await open();
        const id = await approvedRequest(store);
        const failure = {
          code: '40002',
          detailMessage: 'Insufficient balance',
          requestId: 'req-9',
          httpStatus: 400,
        };

        await store.requests.transition(id, {
          from: 'placing',
          to: 'failed',
          actor: 'system',
          action: 'failed',
          patch: { failure },
        });

        const failed = await store.requests.get(id);
        expect(failed?.failure).toStrictEqual(failure);
        expect(failed?.order).toBeUndefined();
      });
    });

    describe('Slack coordinates and refusals', () => {
      it('when Slack coordinates are updated, then only the given ones change, with no audit event or new updatedAt', async () => {
        const { requests } = await open();
        const created = await requests.create(
          newRequest({ slack: { originChannelId: 'C_ORIGIN' } }),
          'U_REQUESTER',
        );
        clock.advance(MINUTE);

        await requests.updateSlack(created.id, {
          approvalChannelId: 'C_APPROVALS',
          approvalMessageTs: '1.2',
        });
        await requests.updateSlack(created.id, {
          requesterChannelId: 'D_REQUESTER',
          requesterMessageTs: '1.3',
        });
        await requests.updateSlack(created.id, {});

        expect(await requests.get(created.id)).toStrictEqual({
          ...created,
          slack: {
            originChannelId: 'C_ORIGIN',
            approvalChannelId: 'C_APPROVALS',
            approvalMessageTs: '1.2',
            requesterChannelId: 'D_REQUESTER',
            requesterMessageTs: '1.3',
          },
        });
        expect(await requests.audit(created.id)).toHaveLength(1);
      });

      it('when a refusal is recorded, then it is audited with the current state and no transition', async () => {
        const { requests } = await open();
        const created = await requests.create(newRequest(), 'U_REQUESTER');

        const recorded = await requests.recordRefusal(created.id, {
          actor: 'U_REQUESTER',
          action: 'approve_refused',
          reason: 'self-approval is not allowed',
        });

        expect(recorded).toBe(true);
        expect((await requests.audit(created.id)).at(-1)).toStrictEqual({
          id: expect.any(Number),
          requestId: created.id,
          at: new Date(START),
          actor: 'U_REQUESTER',
          action: 'approve_refused',
          from: 'pending_approval',
          reason: 'self-approval is not allowed',
        });
        expect(await requests.get(created.id)).toStrictEqual(created);
      });

      it('when a refusal names an unknown request, then it returns false and writes nothing', async () => {
        const { requests, db } = await open();
        const unknown = randomUUID();

        expect(await requests.recordRefusal(unknown, { actor: 'U_X', action: 'approve_refused' })).toBe(
          false,
        );
        expect(await db.selectFrom('audit_events').selectAll().execute()).toEqual([]);
      });
    });

    describe('leases', () => {
      it('when one owner holds a lease, then another is refused until it expires, and the owner can renew', async () => {
        const { requests } = await open();
        const { id } = await requests.create(newRequest(), 'U_REQUESTER');
        const t0 = new Date(START);
        const at = (ms: number) => new Date(START + ms);

        expect(await requests.claimLease(id, 'worker-a', 30_000, t0)).toBe(true);
        expect(await requests.claimLease(id, 'worker-b', 30_000, at(10_000))).toBe(false);
        expect(await requests.claimLease(id, 'worker-a', 30_000, at(20_000))).toBe(true);
        // Renewed at 20 s, so still held at 40 s, past the first lease's end.
        expect(await requests.claimLease(id, 'worker-b', 30_000, at(40_000))).toBe(false);
        expect(await requests.claimLease(id, 'worker-b', 30_000, at(50_000))).toBe(true);
        expect(await requests.claimLease(id, 'worker-a', 30_000, at(60_000))).toBe(false);
      });

      it('when the owner releases its lease, then another owner can claim at once, but a stranger cannot release it', async () => {
        const { requests } = await open();
        const { id } = await requests.create(newRequest(), 'U_REQUESTER');

        await requests.claimLease(id, 'worker-a', 30_000);
        await requests.releaseLease(id, 'worker-b');
        expect(await requests.claimLease(id, 'worker-b', 30_000)).toBe(false);

        await requests.releaseLease(id, 'worker-a');
        expect(await requests.claimLease(id, 'worker-b', 30_000)).toBe(true);
      });

      it('when 20 owners claim one request at once, then exactly one gets the lease', async () => {
        const { requests } = await open();
        const { id } = await requests.create(newRequest(), 'U_REQUESTER');

        const claims = await Promise.all(
          Array.from({ length: 20 }, (_, i) => requests.claimLease(id, `worker-${i}`, 30_000)),
        );

        expect(claims.filter(Boolean)).toHaveLength(1);
      });

      it('when the request id is unknown, then the claim is refused', async () => {
        const { requests } = await open();

        expect(await requests.claimLease(randomUUID(), 'worker-a', 30_000)).toBe(false);
      });
    });

    describe('lists', () => {
      it('when listing by state, then only those states come back, least recently changed first, within the limits', async () => {
        const { requests } = await open();
        const a = await requests.create(newRequest(), 'U_1');
        clock.advance(MINUTE);
        const b = await requests.create(newRequest(), 'U_1');
        clock.advance(MINUTE);
        const c = await requests.create(newRequest(), 'U_1');
        clock.advance(MINUTE);
        await requests.transition(a.id, {
          from: 'pending_approval',
          to: 'approved',
          actor: 'U_M',
          action: 'approve',
        });

        const ids = (list: OrderRequest[]) => list.map((r) => r.id);
        expect(ids(await requests.listByState(['pending_approval']))).toEqual([b.id, c.id]);
        expect(ids(await requests.listByState(['approved', 'pending_approval']))).toEqual([b.id, c.id, a.id]);
        expect(ids(await requests.listByState(['approved', 'pending_approval'], { limit: 2 }))).toEqual([
          b.id,
          c.id,
        ]);
        expect(
          ids(
            await requests.listByState(['approved', 'pending_approval'], {
              updatedBefore: new Date(START + 2 * MINUTE),
            }),
          ),
        ).toEqual([b.id]);
        expect(await requests.listByState(['placed'])).toEqual([]);
        expect(await requests.listByState([])).toEqual([]);
      });

      it("when listing a requester's requests, then only theirs come back, newest first, up to the limit", async () => {
        const { requests } = await open();
        const first = await requests.create(newRequest({ requesterId: 'U_ANNA' }), 'U_ANNA');
        clock.advance(MINUTE);
        await requests.create(newRequest({ requesterId: 'U_BEN' }), 'U_BEN');
        clock.advance(MINUTE);
        const second = await requests.create(newRequest({ requesterId: 'U_ANNA' }), 'U_ANNA');
        clock.advance(MINUTE);
        const third = await requests.create(newRequest({ requesterId: 'U_ANNA' }), 'U_ANNA');

        expect((await requests.listRequesterRequests('U_ANNA', 10)).map((r) => r.id)).toEqual([
          third.id,
          second.id,
          first.id,
        ]);
        expect((await requests.listRequesterRequests('U_ANNA', 2)).map((r) => r.id)).toEqual([
          third.id,
          second.id,
        ]);
      });
    });

    it('when raw SQL reads a stored time, then it is epoch milliseconds in both dialects', async () => {
      const { requests, db } = await open();
      const { id } = await requests.create(newRequest(), 'U_REQUESTER');

      const { rows } = await sql<{
        created_at: number;
      }>`select created_at from order_requests where id = ${id}`.execute(db);

      expect(rows).toEqual([{ created_at: START }]);
    });
  });
}
