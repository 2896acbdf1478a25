import { randomUUID } from 'node:crypto';
import { NO_MIGRATIONS, sql } from 'kysely';
import { type OrderRequest, outcomeStage } from '../../src/orders/model';
import type { NewOrderRequest, Transition } from '../../src/orders/ports';
import { createMigrator, migrateToLatest, openDatabase, type Store } from '../../src/store';
import type { Backend } from './backends';
import { captureLogs } from './capture-logs';

const START = Date.UTC(2026, 10, 1, 9, 0, 0);
const MINUTE = 60_000;
const LEASE = 30_000;

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

const MIGRATIONS = [
  '0001_order_requests_and_audit_events',
  '0002_slack_outbox',
  '0003_fenced_placement_and_doubts',
  '0004_failure_field_and_permalink',
  '0005_reminders',
  '0006_order_status_follow_up',
  '0007_first_approval',
];

/**
 * The request store's contract (the workflow's RequestStore port), run unchanged against every backend:
 * each test opens a new, empty database.
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

    /** A new request, as the port's create returns it. */
    async function create(store: Store, overrides: Partial<NewOrderRequest> = {}, actor = 'U_REQUESTER') {
      return (await store.requests.create(newRequest(overrides), actor)).request;
    }

    /** A request moved along the given states, one audited transition each. */
    async function through(store: Store, states: OrderRequest['state'][]): Promise<OrderRequest> {
      let request = await create(store);
      for (const to of states) {
        const moved = await store.requests.transition(request.id, {
          from: request.state,
          to,
          actor: 'test',
          action: `to_${to}`,
          ...(to === 'in_doubt' && { patch: { doubt: { reason: 'no answer' } } }),
        });
        if (!moved) throw new Error(`could not move to ${to}`);
        request = moved;
      }
      return request;
    }

    describe('migrations', () => {
      it('when the database is empty, then opening creates every table, and migrating again applies nothing', async () => {
        const logs = captureLogs();
        const store = await open(undefined, logs);

        expect(logs.lines()).toContainEqual(
          expect.objectContaining({
            msg: 'store opened',
            migrationsApplied: MIGRATIONS,
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
          const created = await create(first);
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
        expect(await migrateToLatest(store.db, store.dialect)).toEqual(MIGRATIONS);
        await create(store);
        expect(await store.requests.listByState(['pending_approval'])).toHaveLength(1);
      });
    });

    describe('create and read', () => {
      it('when a request is created, then get returns it pending approval, with a created event', async () => {
        const { requests } = await open();
        const input = newRequest({ slack: { originChannelId: 'C_ORIGIN' } });

        const { request: created, created: isNew } = await requests.create(input, 'U_REQUESTER');
        expect(isNew).toBe(true);

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

      it('when an id is unknown, then get returns undefined', async () => {
        const store = await open();
        await create(store);

        expect(await store.requests.get(randomUUID())).toBeUndefined();
      });

      it('when the same submission key is created twice, then the first request comes back, once, with one created event', async () => {
        const store = await open();
        const first = await store.requests.create(newRequest({ submissionKey: 'V123' }), 'U_REQUESTER');
        clock.advance(MINUTE);

        const again = await store.requests.create(newRequest({ submissionKey: 'V123' }), 'U_REQUESTER');
        const other = await store.requests.create(newRequest({ submissionKey: 'V456' }), 'U_REQUESTER');

        expect(again).toStrictEqual({ request: first.request, created: false });
        expect(other.created).toBe(true);
        expect(await store.requests.listByState(['pending_approval'])).toHaveLength(2);
        expect(await store.requests.audit(first.request.id)).toHaveLength(1);
      });

      it('when 20 submissions of one form race, then exactly one request is created', async () => {
        const store = await open();

        const results = await Promise.all(
          Array.from({ length: 20 }, () =>
            store.requests.create(newRequest({ submissionKey: 'V-RACE' }), 'U_REQUESTER'),
          ),
        );

        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(new Set(results.map((r) => r.request.id)).size).toBe(1);
      });

      it('when a reference is already taken, then create fails and writes nothing', async () => {
        const store = await open();
        const { requests } = store;
        const first = await create(store);
        const clash = newRequest({ reference: first.reference });

        await expect(requests.create(clash, 'U_OTHER')).rejects.toMatchObject({
          message: expect.stringMatching(/unique/i),
        });

        expect(await requests.get(clash.id)).toBeUndefined();
        expect(await requests.audit(clash.id)).toEqual([]);
      });

      it('when details hold a 19-digit ID, then it comes back digit for digit', async () => {
        const store = await open();
        const { requests, db } = store;
        const billingId = '3197218168379846218';
        const details = { billingId, lines: [{ serviceId: '9223372036854775807' }] };
        const created = await create(store, { details });

        expect((await requests.get(created.id))?.details).toStrictEqual(details);
        const raw = await db
          .selectFrom('order_requests')
          .select('details')
          .where('id', '=', created.id)
          .executeTakeFirst();
        expect(raw?.details).toContain(`"${billingId}"`);
      });
    });

    describe('first of two approvals', () => {
      it('when a first approval is recorded, then the request stays pending with it and its audit event, and only once', async () => {
        const store = await open();
        const { requests } = store;
        const { id } = await create(store);
        clock.advance(MINUTE);

        const first = await requests.recordFirstApproval(id, 'U_MANAGER');
        const again = await requests.recordFirstApproval(id, 'U_OTHER');

        expect(first).toMatchObject({
          state: 'pending_approval',
          firstApproval: { by: 'U_MANAGER', at: clock.now() },
        });
        expect(again).toBeUndefined();
        expect((await requests.get(id))?.firstApproval?.by).toBe('U_MANAGER');
        const trail = await requests.audit(id);
        expect(trail.map(({ action, actor, from, to }) => ({ action, actor, from, to }))).toEqual([
          { action: 'created', actor: 'U_REQUESTER', from: undefined, to: 'pending_approval' },
          { action: 'approve_first', actor: 'U_MANAGER', from: 'pending_approval', to: 'pending_approval' },
        ]);
      });

      it('when the request is no longer pending, then no first approval is recorded', async () => {
        const store = await open();
        const { id } = await create(store);
        await store.requests.transition(id, {
          from: 'pending_approval',
          to: 'rejected',
          actor: 'U_MANAGER',
          action: 'reject',
        });

        expect(await store.requests.recordFirstApproval(id, 'U_MANAGER')).toBeUndefined();
        expect((await store.requests.get(id))?.firstApproval).toBeUndefined();
      });
    });

    describe('transitions', () => {
      it('when a request goes through its lifecycle, then each transition writes exactly one audit event at the store’s time', async () => {
        const store = await open();
        const { requests } = store;
        const { id } = await create(store);
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
        const store = await open();
        const created = await create(store);
        clock.advance(MINUTE);

        const moved = await store.requests.transition(created.id, {
          from: 'placing',
          to: 'placed',
          actor: 'system',
          action: 'placed',
          patch: { order: { orderNo: 'SO-1', orderStatus: 'paid' } },
        });

        expect(moved).toBeUndefined();
        expect(await store.requests.get(created.id)).toStrictEqual(created);
        expect(await store.requests.audit(created.id)).toHaveLength(1);
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

      it('when 50 approvals race on one request, then exactly one wins and one approved event is written', async () => {
        const store = await open();
        const { requests } = store;
        const { id } = await create(store);

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
      function toPlaced(patch: Transition['patch']): Transition {
        return { from: 'placing', to: 'placed', actor: 'system', action: 'placed', patch };
      }

      it('when a decision is patched, then who decided, the reason and the time of the transition round-trip', async () => {
        const store = await open();
        const { id } = await create(store, { slack: { originChannelId: 'C_ORIGIN' } });
        clock.advance(5 * MINUTE + 123);

        const rejected = await store.requests.transition(id, {
          from: 'pending_approval',
          to: 'rejected',
          actor: 'U_MANAGER',
          action: 'reject',
          reason: 'budget',
          patch: { decidedBy: 'U_MANAGER', reason: 'budget' },
        });

        const expected = {
          decidedBy: 'U_MANAGER',
          decidedAt: new Date(START + 5 * MINUTE + 123),
          reason: 'budget',
          slack: { originChannelId: 'C_ORIGIN' },
        };
        expect(rejected).toMatchObject(expected);
        expect(await store.requests.get(id)).toMatchObject(expected);
      });

      it('when a pending request gets new details (a price read again), then it stays pending with them and one audit event', async () => {
        const store = await open();
        const { id, details } = await create(store);
        const price = { status: 'read', amount: '27.50', currency: 'USD' };

        const repriced = await store.requests.transition(id, {
          from: 'pending_approval',
          to: 'pending_approval',
          actor: 'system',
          action: 'price_changed',
          reason: 'USD 25.00 → USD 27.50',
          patch: { details: { ...details, price } },
        });

        expect(repriced).toMatchObject({ state: 'pending_approval', details: { ...details, price } });
        expect((await store.requests.get(id))?.details).toEqual({ ...details, price });
        expect((await store.requests.audit(id)).at(-1)).toMatchObject({
          action: 'price_changed',
          from: 'pending_approval',
          to: 'pending_approval',
        });
      });

      it('when an order is placed, then every order field round-trips', async () => {
        const store = await open();
        const { id } = await through(store, ['approved', 'placing']);
        const order = {
          orderNo: 'SO20261101001',
          orderId: '3197218168379846218',
          transactionNo: 'T-77',
          instanceId: '1234567890123456789',
          orderStatus: 'completed',
        };

        await store.requests.transition(id, toPlaced({ order }));

        const placed = await store.requests.get(id);
        expect(placed?.order).toStrictEqual(order);
        expect(placed?.failure).toBeUndefined();
      });

      it('when an order carries only the required fields, then the optional ones read back as absent', async () => {
        const store = await open();
        const { id } = await through(store, ['approved', 'placing']);

        await store.requests.transition(id, toPlaced({ order: { orderNo: 'SO-2', orderStatus: 'pending' } }));

        expect((await store.requests.get(id))?.order).toStrictEqual({
          orderNo: 'SO-2',
          orderStatus: 'pending',
        });
      });

      it('when placement fails, then every failure field round-trips', async () => {
        const store = await open();
        const { id } = await through(store, ['approved', 'placing']);
        const failure = {
          code: '40002',
          detailMessage: 'Insufficient balance',
          apiRequestId: 'req-9',
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

      it('when a request enters doubt, then it is in doubt from now, for its reason, due for a lookup at once', async () => {
        const store = await open();
        const placing = await through(store, ['approved', 'placing']);
        clock.advance(MINUTE);

        const doubted = await store.requests.transition(placing.id, {
          from: 'placing',
          to: 'in_doubt',
          actor: 'system',
          action: 'place_outcome_unknown',
          patch: { doubt: { reason: 'no answer within 30 s' } },
        });

        const doubt = {
          since: clock.now(),
          reason: 'no answer within 30 s',
          checks: 0,
          checkAfter: clock.now(),
        };
        expect(doubted?.doubt).toStrictEqual(doubt);
        expect((await store.requests.get(placing.id))?.doubt).toStrictEqual(doubt);
      });
    });

    describe('placement claims', () => {
      const BODY = '{"operationType":"renew_plan","billingId":3197218168379846218}';

      it('when an approved request is claimed, then it is placing, leased to the claimer, with the body saved, audited once', async () => {
        const store = await open();
        const approved = await through(store, ['approved']);
        clock.advance(MINUTE);

        const claimed = await store.requests.claimPlacement(approved.id, {
          owner: 'A',
          leaseMs: LEASE,
          orderBody: BODY,
        });

        expect(claimed).toMatchObject({ state: 'placing', orderBody: BODY, updatedAt: clock.now() });
        expect((await store.requests.audit(approved.id)).at(-1)).toMatchObject({
          actor: 'system',
          action: 'place',
          from: 'approved',
          to: 'placing',
        });
        // The lease is the claimer's: nobody else may work on it until it lapses.
        expect(await store.requests.claimLease(approved.id, 'B', LEASE)).toBe(false);
        clock.advance(LEASE);
        expect(await store.requests.claimLease(approved.id, 'B', LEASE)).toBe(true);
      });

      it('when a body was saved by an earlier claim, then a later claim keeps it byte for byte', async () => {
        const store = await open();
        const approved = await through(store, ['approved']);
        await store.requests.claimPlacement(approved.id, { owner: 'A', leaseMs: LEASE, orderBody: BODY });
        await store.requests.transition(approved.id, {
          from: 'placing',
          to: 'in_doubt',
          actor: 'system',
          action: 'x',
          patch: { doubt: { reason: 'lost' } },
        });
        await store.requests.transition(approved.id, {
          from: 'in_doubt',
          to: 'approved',
          actor: 'system',
          action: 'y',
        });
        await store.requests.releaseLease(approved.id, 'A');

        const again = await store.requests.claimPlacement(approved.id, {
          owner: 'B',
          leaseMs: LEASE,
          orderBody: '{"rebuilt":true}',
        });

        expect(again?.orderBody).toBe(BODY);
      });

      it('when another owner holds the lease, or the request is not approved, then the claim is refused and nothing changes', async () => {
        const store = await open();
        const approved = await through(store, ['approved']);
        await store.requests.claimLease(approved.id, 'RECOVERY', LEASE);
        const pending = await create(store);

        const claim = { owner: 'CLICK', leaseMs: LEASE, orderBody: BODY };
        expect(await store.requests.claimPlacement(approved.id, claim)).toBeUndefined();
        expect(await store.requests.claimPlacement(pending.id, claim)).toBeUndefined();
        expect(await store.requests.claimPlacement(randomUUID(), claim)).toBeUndefined();
        expect(await store.requests.get(approved.id)).toStrictEqual(approved);
        // The lease holder itself may claim.
        expect(
          await store.requests.claimPlacement(approved.id, { ...claim, owner: 'RECOVERY' }),
        ).toMatchObject({
          state: 'placing',
        });
      });

      it('when 20 callers claim one approved request at once, then exactly one wins', async () => {
        const store = await open();
        const approved = await through(store, ['approved']);

        const claims = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.requests.claimPlacement(approved.id, { owner: `W${i}`, leaseMs: LEASE, orderBody: BODY }),
          ),
        );

        expect(claims.filter(Boolean)).toHaveLength(1);
        expect((await store.requests.audit(approved.id)).filter((e) => e.action === 'place')).toHaveLength(1);
      });
    });

    describe('events and Slack coordinates', () => {
      it('when Slack coordinates are updated, then only the given ones change, with no audit event or new updatedAt', async () => {
        const store = await open();
        const { requests } = store;
        const created = await create(store, { slack: { originChannelId: 'C_ORIGIN' } });
        clock.advance(MINUTE);

        await requests.updateSlack(created.id, {
          approvalChannelId: 'C_APPROVALS',
          approvalMessageTs: '1.2',
        });
        await requests.updateSlack(created.id, {
          requesterChannelId: 'D_REQUESTER',
          requesterMessageTs: '1.3',
        });
        await requests.updateSlack(created.id, { doubtMessageTs: '1.4' });
        await requests.updateSlack(created.id, {});

        expect(await requests.get(created.id)).toStrictEqual({
          ...created,
          slack: {
            originChannelId: 'C_ORIGIN',
            approvalChannelId: 'C_APPROVALS',
            approvalMessageTs: '1.2',
            requesterChannelId: 'D_REQUESTER',
            requesterMessageTs: '1.3',
            doubtMessageTs: '1.4',
          },
        });
        expect(await requests.audit(created.id)).toHaveLength(1);
      });

      it('when an event is recorded, then it is audited with the current state and no transition', async () => {
        const store = await open();
        const created = await create(store);

        const recorded = await store.requests.recordEvent(created.id, {
          actor: 'U_REQUESTER',
          action: 'approve',
          reason: 'own_request',
        });

        expect(recorded).toBe(true);
        expect((await store.requests.audit(created.id)).at(-1)).toStrictEqual({
          id: expect.any(Number),
          requestId: created.id,
          at: new Date(START),
          actor: 'U_REQUESTER',
          action: 'approve',
          from: 'pending_approval',
          reason: 'own_request',
        });
        expect(await store.requests.get(created.id)).toStrictEqual(created);
      });

      it('when an event names an unknown request, then it returns false and writes nothing', async () => {
        const { requests, db } = await open();

        expect(await requests.recordEvent(randomUUID(), { actor: 'U_X', action: 'approve' })).toBe(false);
        expect(await db.selectFrom('audit_events').selectAll().execute()).toEqual([]);
      });
    });

    describe('leases', () => {
      it('when one owner holds a lease, then another is refused until it expires, and the owner can renew', async () => {
        const store = await open();
        const { requests } = store;
        const { id } = await create(store);
        const at = (ms: number) => {
          clock.advance(START + ms - clock.now().getTime());
        };

        expect(await requests.claimLease(id, 'worker-a', LEASE)).toBe(true);
        at(10_000);
        expect(await requests.claimLease(id, 'worker-b', LEASE)).toBe(false);
        at(20_000);
        expect(await requests.claimLease(id, 'worker-a', LEASE)).toBe(true);
        // Renewed at 20 s, so still held at 40 s, past the first lease's end.
        at(40_000);
        expect(await requests.claimLease(id, 'worker-b', LEASE)).toBe(false);
        at(50_000);
        expect(await requests.claimLease(id, 'worker-b', LEASE)).toBe(true);
        at(60_000);
        expect(await requests.claimLease(id, 'worker-a', LEASE)).toBe(false);
      });

      it('when the owner releases its lease, then another owner can claim at once, but a stranger cannot release it', async () => {
        const store = await open();
        const { requests } = store;
        const { id } = await create(store);

        await requests.claimLease(id, 'worker-a', LEASE);
        await requests.releaseLease(id, 'worker-b');
        expect(await requests.claimLease(id, 'worker-b', LEASE)).toBe(false);

        await requests.releaseLease(id, 'worker-a');
        expect(await requests.claimLease(id, 'worker-b', LEASE)).toBe(true);
      });

      it('when 20 owners claim one request at once, then exactly one gets the lease', async () => {
        const store = await open();
        const { id } = await create(store);

        const claims = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.requests.claimLease(id, `worker-${i}`, LEASE)),
        );

        expect(claims.filter(Boolean)).toHaveLength(1);
      });

      it('when the request id is unknown, then the claim is refused', async () => {
        const { requests } = await open();

        expect(await requests.claimLease(randomUUID(), 'worker-a', LEASE)).toBe(false);
      });
    });

    describe('recovery work and doubts', () => {
      it('when listing recoverable work, then approved, lapsed placing and due doubtful requests come back, oldest first, nothing leased', async () => {
        const store = await open();
        const { requests } = store;
        const approved = await through(store, ['approved']);
        clock.advance(MINUTE);
        const placing = await through(store, ['approved']);
        await requests.claimPlacement(placing.id, { owner: 'A', leaseMs: LEASE, orderBody: '{}' });
        clock.advance(MINUTE);
        const doubtful = await through(store, ['approved', 'placing', 'in_doubt']);
        const later = await through(store, ['approved', 'placing', 'in_doubt']);
        await requests.scheduleCheck(later.id, {
          checkAfter: new Date(clock.now().getTime() + 10 * MINUTE),
          reason: 'r',
        });
        const leased = await through(store, ['approved']);
        await requests.claimLease(leased.id, 'B', 10 * MINUTE);
        await through(store, ['approved', 'placing', 'placed']);
        await create(store);

        const ids = async () => (await requests.listRecoverable(10)).map((r) => r.id);
        // The placer's lease (30 s) lapsed during the minute that followed.
        expect(await ids()).toEqual([approved.id, placing.id, doubtful.id]);
        expect((await requests.listRecoverable(2)).map((r) => r.id)).toEqual([approved.id, placing.id]);
        clock.advance(10 * MINUTE);
        // The last three changed at the same moment, so their order among themselves is not given.
        const all = await ids();
        expect(all.slice(0, 2)).toEqual([approved.id, placing.id]);
        expect(all.slice(2).sort()).toEqual([doubtful.id, later.id, leased.id].sort());
      });

      it('when a lookup is scheduled, then it is counted with its reason and due only then; a settled request is left alone', async () => {
        const store = await open();
        const doubtful = await through(store, ['approved', 'placing', 'in_doubt']);
        const placed = await through(store, ['approved', 'placing', 'placed']);
        const at = new Date(START + 5 * MINUTE);

        await store.requests.scheduleCheck(doubtful.id, { checkAfter: at, reason: 'list lags' });
        await store.requests.scheduleCheck(doubtful.id, { checkAfter: at, reason: 'still not listed' });
        await store.requests.scheduleCheck(placed.id, { checkAfter: at, reason: 'x' });

        expect((await store.requests.get(doubtful.id))?.doubt).toStrictEqual({
          since: new Date(START),
          reason: 'still not listed',
          checks: 2,
          checkAfter: at,
        });
        expect((await store.requests.get(placed.id))?.doubt).toBeUndefined();
        expect((await store.requests.get(doubtful.id))?.updatedAt).toEqual(doubtful.updatedAt);
      });

      it('when a doubt is raised, then it is raised once, audited, and only while the request is in doubt', async () => {
        const store = await open();
        const doubtful = await through(store, ['approved', 'placing', 'in_doubt']);
        const placed = await through(store, ['approved', 'placing', 'placed']);
        clock.advance(MINUTE);
        const event = { actor: 'system', action: 'doubt_raised', reason: 'echo unverified' };

        const raised = await store.requests.raiseDoubt(doubtful.id, event);
        const again = await store.requests.raiseDoubt(doubtful.id, event);

        expect(raised?.doubt?.raisedAt).toEqual(clock.now());
        expect(again).toBeUndefined();
        expect(await store.requests.raiseDoubt(placed.id, event)).toBeUndefined();
        const trail = (await store.requests.audit(doubtful.id)).filter((e) => e.action === 'doubt_raised');
        expect(trail).toEqual([expect.objectContaining({ from: 'in_doubt', reason: 'echo unverified' })]);
        expect(trail[0]?.to).toBeUndefined();
      });

      it('when order numbers are looked up, then the requests holding them come back with their reference and body', async () => {
        const store = await open();
        const placing = await through(store, ['approved']);
        await store.requests.claimPlacement(placing.id, {
          owner: 'A',
          leaseMs: LEASE,
          orderBody: '{"poNumber":"X"}',
        });
        await store.requests.transition(placing.id, {
          from: 'placing',
          to: 'placed',
          actor: 'system',
          action: 'placed',
          patch: { order: { orderNo: 'TY-1', orderStatus: 'succeed' } },
        });
        const old = await through(store, ['approved', 'placing']);
        await store.requests.transition(old.id, {
          from: 'placing',
          to: 'placed',
          actor: 'system',
          action: 'placed',
          patch: { order: { orderNo: 'TY-2', orderStatus: 'succeed' } },
        });

        const known = await store.requests.knownOrders(['TY-1', 'TY-2', 'TY-3']);

        expect(known.sort((a, b) => a.orderNo.localeCompare(b.orderNo))).toEqual([
          { orderNo: 'TY-1', reference: placing.reference, orderBody: '{"poNumber":"X"}' },
          { orderNo: 'TY-2', reference: old.reference },
        ]);
        expect(await store.requests.knownOrders([])).toEqual([]);
      });
    });

    describe('order status follow-up', () => {
      const pendingOrder = { orderNo: 'TY1', orderStatus: 'pending' };
      const event = { actor: 'system', action: 'order_status', reason: 'pending → succeed' };

      async function placed(store: Store, order = pendingOrder, followOrder = true) {
        const request = await through(store, ['approved', 'placing']);
        return store.requests.transition(request.id, {
          from: 'placing',
          to: 'placed',
          actor: 'system',
          action: 'placed',
          patch: { order, followOrder },
        });
      }

      it('when an order is placed with a status that is followed, then it is listed for a lookup at once; a final one never', async () => {
        const store = await open();
        const followed = await placed(store);
        await placed(store, { orderNo: 'TY2', orderStatus: 'succeed' }, false);

        expect(followed?.statusCheck).toStrictEqual({ checks: 0, checkAfter: clock.now() });
        expect((await store.requests.listRecoverable(10)).map((r) => r.id)).toEqual([followed?.id]);
      });

      it('when a lookup finds no change, then it is counted and due only then; once the status changed, not at all', async () => {
        const store = await open();
        const request = await placed(store);
        const id = request?.id ?? '';
        const at = new Date(START + 5 * MINUTE);

        await store.requests.scheduleStatusCheck(id, { from: 'pending', checkAfter: at });
        expect((await store.requests.get(id))?.statusCheck).toStrictEqual({ checks: 1, checkAfter: at });
        expect(await store.requests.listRecoverable(10)).toEqual([]);
        clock.advance(5 * MINUTE);
        expect((await store.requests.listRecoverable(10)).map((r) => r.id)).toEqual([id]);

        // A stale lookup (the status changed meanwhile) schedules nothing.
        await store.requests.scheduleStatusCheck(id, { from: 'succeed', checkAfter: at });
        expect((await store.requests.get(id))?.statusCheck?.checks).toBe(1);
      });

      it('when a status change is recorded by several workers at once, then one records it, audited; a final status ends the follow-up', async () => {
        const store = await open();
        const request = await placed(store);
        const id = request?.id ?? '';
        clock.advance(MINUTE);

        const change = { from: 'pending', to: 'succeed', follow: false };
        const results = await Promise.all(
          Array.from({ length: 10 }, () => store.requests.recordOrderStatus(id, change, event)),
        );

        expect(results.filter(Boolean)).toHaveLength(1);
        const stored = await store.requests.get(id);
        expect(stored?.order).toMatchObject({ orderNo: 'TY1', orderStatus: 'succeed' });
        expect(stored?.statusCheck).toBeUndefined();
        expect(stored?.state).toBe('placed');
        expect(stored?.updatedAt).toEqual(request?.updatedAt);
        const trail = (await store.requests.audit(id)).filter((e) => e.action === 'order_status');
        expect(trail).toEqual([expect.objectContaining({ from: 'placed', reason: 'pending → succeed' })]);
        expect(await store.requests.listRecoverable(10)).toEqual([]);
      });

      it('when a status changes to another that is not final, then it is followed again from its first pause', async () => {
        const store = await open();
        const request = await placed(store);
        const id = request?.id ?? '';
        await store.requests.scheduleStatusCheck(id, { from: 'pending', checkAfter: new Date(START) });

        const recorded = await store.requests.recordOrderStatus(
          id,
          { from: 'pending', to: 'confirming', follow: true },
          event,
        );

        expect(recorded?.statusCheck).toStrictEqual({ checks: 0, checkAfter: clock.now() });
        expect(outcomeStage(recorded ?? request ?? ({} as OrderRequest))).toBe('placed@confirming');
      });
    });

    describe('pending requests: reminders and expiry', () => {
      const HOUR = 60 * MINUTE;
      const timing = { reminderAfterMs: 4 * HOUR, maxReminders: 2, expireAfterMs: 24 * HOUR };
      const event = { actor: 'system', action: 'reminded', reason: 'reminder' };

      it('when pending requests wait, then each is listed once its next reminder or its expiry is due, oldest first', async () => {
        const store = await open();
        const { requests } = store;
        const old = await create(store);
        clock.advance(HOUR);
        const young = await create(store);
        const decided = await through(store, ['rejected']);
        const due = async () => (await requests.listDuePending(timing, 10)).map((r) => r.id);

        expect(await due()).toEqual([]);
        clock.advance(3 * HOUR);
        expect(await due()).toEqual([old.id]);
        clock.advance(HOUR);
        expect(await due()).toEqual([old.id, young.id]);
        expect((await requests.listDuePending(timing, 1)).map((r) => r.id)).toEqual([old.id]);
        expect(await due()).not.toContain(decided.id);

        // Reminded: due again a reminder's interval after the reminder, not after the request.
        await requests.claimReminder(old.id, 1, event);
        expect(await due()).toEqual([young.id]);
        clock.advance(4 * HOUR);
        await requests.claimReminder(old.id, 2, event);
        await requests.claimReminder(young.id, 1, event);
        await requests.claimReminder(young.id, 2, event);
        // Both reminders sent: listed only once they are due to expire.
        clock.advance(10 * HOUR);
        expect(await due()).toEqual([]);
        clock.advance(5 * HOUR);
        expect(await due()).toEqual([old.id]);
        clock.advance(HOUR);
        expect(await due()).toEqual([old.id, young.id]);
      });

      it('when a reminder is claimed, then it is counted once, with its time and audit event, and only while pending', async () => {
        const store = await open();
        const { requests } = store;
        const pending = await create(store);
        const rejected = await through(store, ['rejected']);
        clock.advance(MINUTE);

        const claims = await Promise.all(
          Array.from({ length: 10 }, () => requests.claimReminder(pending.id, 1, event)),
        );

        expect(claims.filter(Boolean)).toHaveLength(1);
        const stored = await requests.get(pending.id);
        expect(stored?.reminded).toStrictEqual({ count: 1, at: clock.now() });
        expect(stored?.updatedAt).toEqual(pending.updatedAt);
        expect(await requests.claimReminder(pending.id, 1, event)).toBeUndefined();
        expect(await requests.claimReminder(pending.id, 3, event)).toBeUndefined();
        expect(await requests.claimReminder(rejected.id, 1, event)).toBeUndefined();
        const trail = (await requests.audit(pending.id)).filter((e) => e.action === 'reminded');
        expect(trail).toEqual([expect.objectContaining({ from: 'pending_approval', reason: 'reminder' })]);
        expect(trail[0]?.to).toBeUndefined();
        expect((await requests.get(rejected.id))?.reminded).toBeUndefined();
      });
    });

    describe('lists', () => {
      it('when listing by state, then only those states come back, least recently changed first, within the limit', async () => {
        const store = await open();
        const { requests } = store;
        const a = await create(store, {}, 'U_1');
        clock.advance(MINUTE);
        const b = await create(store, {}, 'U_1');
        clock.advance(MINUTE);
        const c = await create(store, {}, 'U_1');
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
        expect(await requests.listByState(['placed'])).toEqual([]);
        expect(await requests.listByState([])).toEqual([]);
      });

      it("when listing a requester's requests, then only theirs come back, newest first, up to the limit, from the offset", async () => {
        const store = await open();
        const first = await create(store, { requesterId: 'U_ANNA' }, 'U_ANNA');
        clock.advance(MINUTE);
        await create(store, { requesterId: 'U_BEN' }, 'U_BEN');
        clock.advance(MINUTE);
        const second = await create(store, { requesterId: 'U_ANNA' }, 'U_ANNA');
        clock.advance(MINUTE);
        const third = await create(store, { requesterId: 'U_ANNA' }, 'U_ANNA');

        const ids = async (limit: number, offset?: number) =>
          (await store.requests.listRequesterRequests('U_ANNA', limit, offset)).map((r) => r.id);
        expect(await ids(10)).toEqual([third.id, second.id, first.id]);
        expect(await ids(2)).toEqual([third.id, second.id]);
        expect(await ids(2, 2)).toEqual([first.id]);
      });
    });

    describe('time', () => {
      it('when raw SQL reads a stored time, then it is epoch milliseconds in both dialects', async () => {
        const store = await open();
        const { id } = await create(store);

        const { rows } = await sql<{
          created_at: number;
        }>`select created_at from order_requests where id = ${id}`.execute(store.db);

        expect(rows).toEqual([{ created_at: START }]);
      });

      it('when no test clock is given and this process’s clock is years off, then stored times and leases follow the database’s clock', async () => {
        const store = await openDatabase(await backend.freshUrl());
        opened.push(store);
        const dbNow = async () => {
          const { rows } = await sql<{ t: number }>`select ${sql.raw(
            store.dialect === 'sqlite'
              ? "cast(round((julianday('now') - 2440587.5) * 86400000) as integer)"
              : 'cast(floor(extract(epoch from clock_timestamp()) * 1000) as bigint)',
          )} as t`.execute(store.db);
          return Number(rows[0]?.t);
        };
        // Only Date is faked: this process now believes it is 2001.
        jest.useFakeTimers({ now: new Date('2001-01-01T00:00:00Z'), doNotFake: NOT_DATE });
        try {
          const before = await dbNow();
          const created = await create(store);
          const after = await dbNow();
          expect(created.createdAt.getTime()).toBeGreaterThanOrEqual(before);
          expect(created.createdAt.getTime()).toBeLessThanOrEqual(after);
          expect((await store.requests.now()).getTime()).toBeGreaterThanOrEqual(after);
          // A lease taken now holds by the database's clock, whatever this process believes.
          expect(await store.requests.claimLease(created.id, 'A', 60_000)).toBe(true);
          expect(await store.requests.claimLease(created.id, 'B', 60_000)).toBe(false);
        } finally {
          jest.useRealTimers();
        }
      });

      it('when a request is at each stage, then the SQL stage the outbox backfill uses is its outcomeStage', async () => {
        const store = await open();
        const placed = await through(store, ['approved', 'placing', 'placed']);
        const doubtful = await through(store, ['approved', 'placing', 'in_doubt']);
        const raised = await through(store, ['approved', 'placing', 'in_doubt']);
        const raisedNow = await store.requests.raiseDoubt(raised.id, {
          actor: 'system',
          action: 'doubt_raised',
        });

        for (const request of [placed, doubtful, raisedNow as OrderRequest]) {
          const stage = outcomeStage(request);
          await store.outbox.enqueue([
            { requestId: request.id, kind: 'requester_outcome', stage, method: 'chat.postMessage', args: {} },
          ]);
        }

        expect(await store.outbox.requestsMissing('requester_outcome', ['placed', 'in_doubt'], 10)).toEqual(
          [],
        );
      });
    });
  });
}

type FakeableAPI = NonNullable<
  Extract<Parameters<typeof jest.useFakeTimers>[0], { doNotFake?: unknown }>['doNotFake']
>[number];

/** Every timer jest can fake but Date: database drivers keep their real timers. */
const NOT_DATE: FakeableAPI[] = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
];
