import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { OrderRequest, RequestState } from '../../src/orders/model';
import type { NewOutboxMessage } from '../../src/slack/outbox/queue';
import { createMigrator, migrateToLatest, openDatabase, type Store } from '../../src/store';
import { migrationNames } from '../../src/store/migrations';
import type { Backend } from './backends';

/** Every migration after `name`: what migrating to the latest applies once the database is at `name`. */
function migrationsAfter(name: string): string[] {
  return migrationNames('sqlite').filter((m) => m > name);
}

const START = Date.UTC(2026, 10, 1, 9, 0, 0);
const LEASE = 30_000;

/** A clock the test moves by hand, so due times and leases are exact. */
function manualClock() {
  let now = START;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

/**
 * The Slack outbox's storage contract, run unchanged against every backend: queuing is idempotent per
 * dedupe key, a claim has one winner, and delivered or abandoned messages are never handed out again.
 */
export function describeOutboxContract(backend: Backend): void {
  describe(`outbox contract on ${backend.name}`, () => {
    const opened: Store[] = [];
    let clock = manualClock();

    async function open(): Promise<Store> {
      const store = await openDatabase(await backend.freshUrl(), { clock: clock.now });
      opened.push(store);
      return store;
    }

    async function requestIn(store: Store, state: RequestState = 'pending_approval'): Promise<OrderRequest> {
      const { request: created } = await store.requests.create(
        {
          id: randomUUID(),
          reference: `YOD-${randomUUID().slice(0, 8)}`,
          requesterId: 'U_REQUESTER',
          scenarioId: 'renew_rm_premium',
          details: {},
        },
        'U_REQUESTER',
      );
      if (state === 'pending_approval') return created;
      const moved = await store.requests.transition(created.id, {
        from: 'pending_approval',
        to: state,
        actor: 'test',
        action: 'test',
        ...(state === 'in_doubt' && { patch: { doubt: { reason: 'test' } } }),
      });
      if (!moved) throw new Error('transition refused');
      return moved;
    }

    function message(request: OrderRequest, overrides: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
      return {
        requestId: request.id,
        kind: 'requester_outcome',
        stage: request.state,
        method: 'chat.postMessage',
        args: { channel: 'U_REQUESTER', text: 'done', blocks: [] },
        ...overrides,
      };
    }

    /** Queues the messages, as the dispatcher's backfill does; each new row's id, undefined for a duplicate. */
    async function queued(store: Store, messages: NewOutboxMessage[]): Promise<(number | undefined)[]> {
      return (await store.outbox.enqueue(messages)).map((entry) => entry?.id);
    }

    beforeEach(() => {
      clock = manualClock();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });
    afterAll(() => backend.cleanup());

    it('when the same message is queued twice, then it is stored once and the second enqueue reports a duplicate', async () => {
      const store = await open();
      const request = await requestIn(store, 'placed');

      const [first] = await queued(store, [message(request)]);
      const [second] = await queued(store, [message(request)]);

      expect(first).toEqual(expect.any(Number));
      expect(second).toBeUndefined();
      const rows = await store.outbox.entriesOf(request.id);
      expect(rows).toEqual([
        expect.objectContaining({
          id: first,
          dedupeKey: `${request.id}:requester_outcome:placed`,
          kind: 'requester_outcome',
          method: 'chat.postMessage',
          args: { channel: 'U_REQUESTER', text: 'done', blocks: [] },
          attempts: 0,
          nextAttemptAt: new Date(START),
          createdAt: new Date(START),
        }),
      ]);
    });

    it('when messages differ only in stage, then both are queued, in input order', async () => {
      const store = await open();
      const request = await requestIn(store, 'in_doubt');

      const ids = await queued(store, [
        message(request, { stage: 'in_doubt' }),
        message(request, { stage: 'placed' }),
      ]);

      expect(ids).toHaveLength(2);
      expect((await store.outbox.entriesOf(request.id)).map((e) => e.dedupeKey)).toEqual([
        `${request.id}:requester_outcome:in_doubt`,
        `${request.id}:requester_outcome:placed`,
      ]);
    });

    it('when a message of the same request and kind is queued after another, then it supersedes it until it is given up', async () => {
      const store = await open();
      const request = await requestIn(store, 'placed');
      const other = await requestIn(store, 'placed');
      const [older, newer] = await store.outbox.enqueue([
        message(request, { stage: 'approved' }),
        message(request, { stage: 'placed' }),
      ]);
      const [elsewhere] = await store.outbox.enqueue([message(other, { stage: 'placed' })]);
      if (!older || !newer || !elsewhere) throw new Error('not queued');

      expect(await store.outbox.supersededBy(older)).toBe(true);
      expect(await store.outbox.supersededBy(newer)).toBe(false);
      expect(await store.outbox.supersededBy(elsewhere)).toBe(false);
      // Given up, the newer one says nothing; sent already, a newer one still says it all.
      await store.outbox.abandon(newer.id, 'message_not_found');
      expect(await store.outbox.supersededBy(older)).toBe(false);
      const [newest] = await store.outbox.enqueue([message(request, { stage: 'failed' })]);
      if (!newest) throw new Error('not queued');
      await store.outbox.markDelivered(newest.id);
      expect(await store.outbox.supersededBy(older)).toBe(true);
    });

    it('when a message is queued, then it is pending for its request and kind until it is delivered or given up', async () => {
      const store = await open();
      const request = await requestIn(store, 'placed');
      const [sent, dropped] = await queued(store, [
        message(request, { kind: 'thread_result' }),
        message(request, { kind: 'orders_notice' }),
      ]);
      if (sent === undefined || dropped === undefined) throw new Error('not queued');

      expect(await store.outbox.isPending(request.id, 'thread_result')).toBe(true);
      expect(await store.outbox.isPending(request.id, 'requester_outcome')).toBe(false);
      await store.outbox.markDelivered(sent);
      await store.outbox.abandon(dropped, 'channel_not_found');
      expect(await store.outbox.isPending(request.id, 'thread_result')).toBe(false);
      expect(await store.outbox.isPending(request.id, 'orders_notice')).toBe(false);
    });

    it('when only messages whose post went unanswered are asked for, then only those come back', async () => {
      const store = await open();
      const request = await requestIn(store, 'placed');
      const [answered, unanswered] = await queued(store, [
        message(request, { stage: 'approved' }),
        message(request, { stage: 'placed' }),
      ]);
      if (answered === undefined || unanswered === undefined) throw new Error('not queued');
      await store.outbox.claim(unanswered, LEASE);
      await store.outbox.reschedule(unanswered, 1000, 'timed out', true);

      const only = await store.outbox.entriesOf(request.id, 'requester_outcome', { outcomeUnknown: true });
      expect(only.map((e) => e.id)).toEqual([unanswered]);
      expect(await store.outbox.entriesOf(request.id, 'requester_outcome')).toHaveLength(2);
    });

    it('when a message names a request that does not exist, then queuing it fails and stores nothing', async () => {
      const store = await open();
      const ghost = { id: randomUUID(), state: 'placed' } as OrderRequest;

      // Whether jest's toThrow() recognises better-sqlite3's errors depends on load order; match the message.
      await expect(queued(store, [message(ghost)])).rejects.toMatchObject({
        message: expect.stringMatching(/foreign key/i),
      });
      expect(await store.outbox.entriesOf(ghost.id)).toEqual([]);
    });

    it('when messages are queued for their queuer to send at once, then they come back claimed, and nobody else may take them until that claim lapses', async () => {
      const store = await open();
      const request = await requestIn(store, 'placed');

      const [entry] = await store.outbox.enqueue([message(request)], LEASE);

      expect(entry).toMatchObject({ attempts: 1, nextAttemptAt: new Date(START + LEASE) });
      expect(await store.outbox.due(10)).toEqual([]);
      expect(await store.outbox.claim(entry?.id ?? 0, LEASE)).toBeUndefined();
      clock.advance(LEASE);
      expect(await store.outbox.due(10)).toEqual([entry?.id]);
      expect((await store.outbox.claim(entry?.id ?? 0, LEASE))?.attempts).toBe(2);
    });

    it('when two senders claim the same message, then only the first gets it until its lease runs out', async () => {
      const store = await open();
      const [id] = await queued(store, [message(await requestIn(store, 'placed'))]);
      if (id === undefined) throw new Error('not queued');

      const [a, b] = await Promise.all([store.outbox.claim(id, LEASE), store.outbox.claim(id, LEASE)]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect((a ?? b)?.attempts).toBe(1);
      expect(await store.outbox.due(10)).toEqual([]);

      clock.advance(LEASE);
      expect(await store.outbox.due(10)).toEqual([id]);
      expect((await store.outbox.claim(id, LEASE))?.attempts).toBe(2);
    });

    it('when a failed message is rescheduled, then it is due again only after the delay, with its error kept', async () => {
      const store = await open();
      const request = await requestIn(store, 'placed');
      const [id] = await queued(store, [message(request)]);
      if (id === undefined) throw new Error('not queued');
      await store.outbox.claim(id, LEASE);

      await store.outbox.reschedule(id, 5000, 'slack_webapi_http_error');

      clock.advance(4999);
      expect(await store.outbox.due(10)).toEqual([]);
      clock.advance(1);
      expect(await store.outbox.due(10)).toEqual([id]);
      expect((await store.outbox.entriesOf(request.id))[0]?.lastError).toBe('slack_webapi_http_error');
      expect(
        (await store.outbox.entriesOf(request.id, 'requester_outcome'))[0]?.outcomeUnknownAt,
      ).toBeUndefined();
    });

    it('when messages are due, then the longest waiting come first and the limit is kept', async () => {
      const store = await open();
      const request = await requestIn(store, 'placed');
      const [late, early, third] = await queued(store, [
        message(request, { kind: 'thread_result' }),
        message(request, { kind: 'orders_notice' }),
        message(request),
      ]);
      if (late === undefined) throw new Error('not queued');
      await store.outbox.claim(late, LEASE);
      await store.outbox.reschedule(late, 1000, 'later');
      clock.advance(1000);

      expect(await store.outbox.due(10)).toEqual([early, third, late]);
      expect(await store.outbox.due(2)).toEqual([early, third]);
    });

    it('when a message is delivered or abandoned, then it is neither due, nor claimable, nor pending', async () => {
      const store = await open();
      const request = await requestIn(store, 'placed');
      const [delivered, abandoned] = await queued(store, [
        message(request),
        message(request, { kind: 'orders_notice' }),
      ]);
      if (delivered === undefined || abandoned === undefined) throw new Error('not queued');

      await store.outbox.markDelivered(delivered);
      await store.outbox.abandon(abandoned, 'channel_not_found');

      expect(await store.outbox.due(10)).toEqual([]);
      expect(await store.outbox.claim(delivered, LEASE)).toBeUndefined();
      expect(await store.outbox.claim(abandoned, LEASE)).toBeUndefined();
      expect(await store.outbox.entriesOf(request.id)).toEqual([
        expect.objectContaining({ id: delivered, deliveredAt: new Date(START) }),
        expect.objectContaining({
          id: abandoned,
          abandonedAt: new Date(START),
          lastError: 'channel_not_found',
        }),
      ]);
    });

    it('when a request reached a state whose marker message is not queued, then requestsMissing names it until it is', async () => {
      const store = await open();
      const placed = await requestIn(store, 'placed');
      const told = await requestIn(store, 'rejected');
      await requestIn(store, 'pending_approval');
      await queued(store, [message(told)]);
      // A message of another kind, or of an earlier state, does not count.
      await queued(store, [
        message(placed, { kind: 'thread_result' }),
        message(placed, { stage: 'in_doubt' }),
      ]);

      const missing = await store.outbox.requestsMissing('requester_outcome', ['placed', 'rejected'], 10);

      expect(missing).toEqual([placed.id]);
      await queued(store, [message(placed)]);
      expect(await store.outbox.requestsMissing('requester_outcome', ['placed', 'rejected'], 10)).toEqual([]);
    });

    it('when an attempt got no answer, then the message is marked as possibly posted, and stays so', async () => {
      const store = await open();
      const request = await requestIn(store, 'placed');
      const [id] = await queued(store, [message(request)]);
      if (id === undefined) throw new Error('not queued');
      await store.outbox.claim(id, LEASE);

      await store.outbox.reschedule(id, 1000, 'timeout', true);
      clock.advance(1000);
      await store.outbox.claim(id, LEASE);
      await store.outbox.reschedule(id, 1000, 'ratelimited');

      expect((await store.outbox.entriesOf(request.id, 'requester_outcome'))[0]).toMatchObject({
        outcomeUnknownAt: new Date(START),
        lastError: 'ratelimited',
      });
      expect(await store.outbox.entriesOf(request.id, 'orders_notice')).toEqual([]);
    });

    /** Rows as an older version of the app wrote them, before the migrations after `version` existed. */
    async function legacyRequest(store: Store, state: RequestState, at: number): Promise<string> {
      const id = randomUUID();
      await sql`insert into order_requests (id, reference, state, requester_id, scenario_id, details, created_at, updated_at)
                values (${id}, ${`YOD-${id.slice(0, 8)}`}, ${state}, 'U_REQUESTER', 'renew_rm_premium', '{}', ${at}, ${at})`.execute(
        store.db,
      );
      return id;
    }

    it('when the outbox migration runs on a database with finished requests, then their outcomes count as already told', async () => {
      const store = await open();
      const migrator = await createMigrator(store.db, store.dialect);
      await migrator.migrateTo('0001_order_requests_and_audit_events');
      const finished = await legacyRequest(store, 'placed', START);
      const pending = await legacyRequest(store, 'pending_approval', START);

      await migrator.migrateTo('0002_slack_outbox');
      expect(await migrateToLatest(store.db, store.dialect)).toEqual(migrationsAfter('0002_slack_outbox'));

      expect(await store.outbox.requestsMissing('requester_outcome', ['placed'], 10)).toEqual([]);
      expect(await store.outbox.entriesOf(finished)).toEqual([
        expect.objectContaining({ kind: 'requester_outcome', deliveredAt: new Date(START) }),
      ]);
      expect(await store.outbox.entriesOf(pending)).toEqual([]);
      expect(await store.outbox.due(10)).toEqual([]);
    });

    it('when the fencing migration runs, then old placements get the old two-minute lease, and old doubts a start and their told marker', async () => {
      const store = await open();
      const migrator = await createMigrator(store.db, store.dialect);
      await migrator.migrateTo('0002_slack_outbox');
      const placing = await legacyRequest(store, 'placing', START);
      const doubtful = await legacyRequest(store, 'in_doubt', START);

      expect(await migrateToLatest(store.db, store.dialect)).toEqual(migrationsAfter('0002_slack_outbox'));

      // Still leased a minute later; free once the old stale threshold passed.
      clock.advance(60_000);
      expect(await store.requests.claimLease(placing, 'recovery', LEASE)).toBe(false);
      clock.advance(60_000);
      expect(await store.requests.claimLease(placing, 'recovery', LEASE)).toBe(true);
      const request = await store.requests.get(doubtful);
      expect(request?.doubt).toEqual({
        since: new Date(START),
        reason: 'Yeastar did not confirm the order',
        checks: 0,
        checkAfter: new Date(START),
      });
      expect(await store.outbox.requestsMissing('requester_outcome', ['in_doubt'], 10)).toEqual([]);
    });

    it('when the status follow-up migration runs, then placed orders that are not final are followed, and their outcome counts as told', async () => {
      const store = await open();
      const migrator = await createMigrator(store.db, store.dialect);
      await migrator.migrateTo('0005_reminders');
      const byStatus: Record<string, string> = {};
      for (const status of ['pending', 'succeed', 'refunded']) {
        const id = await legacyRequest(store, 'placed', START);
        await sql`update order_requests set order_no = ${`TY-${status}`}, order_status = ${status}
                  where id = ${id}`.execute(store.db);
        byStatus[status] = id;
      }

      expect(await migrateToLatest(store.db, store.dialect)).toEqual([
        '0006_order_status_follow_up',
        '0007_first_approval',
      ]);

      expect((await store.requests.get(byStatus.pending ?? ''))?.statusCheck).toEqual({
        checks: 0,
        checkAfter: new Date(START),
      });
      expect((await store.requests.get(byStatus.succeed ?? ''))?.statusCheck).toBeUndefined();
      expect((await store.requests.get(byStatus.refunded ?? ''))?.statusCheck).toBeUndefined();
      // Only orders whose stage has a new name (placed@pending) get a marker; `succeed` keeps `placed`.
      expect(await store.outbox.requestsMissing('requester_outcome', ['placed'], 10)).toEqual([
        byStatus.succeed,
      ]);
    });
  });
}
