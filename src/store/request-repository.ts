import {
  type ExpressionBuilder,
  type Kysely,
  type Transaction as KyselyTransaction,
  type RawBuilder,
  sql,
} from 'kysely';
import {
  type AuditEvent,
  ORDER_OUTCOMES,
  type OrderRequest,
  type RequestState,
  type SlackCoordinates,
  SYSTEM_ACTOR,
} from '../orders/model';
import type { PendingApprovalFilter } from '../orders/overview';
import type {
  KnownOrder,
  NewOrderRequest,
  PendingTiming,
  RequestEvent,
  RequestStore,
  Transition,
} from '../orders/ports';
import type { StoreClock } from './clock';
import { patchColumns, slackColumns, toAuditEvent, toOrderRequest } from './request-row';
import type { Database } from './schema';

type Db = Kysely<Database> | KyselyTransaction<Database>;
/** The store's "now", as an SQL expression (see StoreClock). */
type Now = RawBuilder<number>;

/** Order numbers asked about in one statement; a search reads up to thousands. */
const KNOWN_ORDERS_CHUNK = 500;

/**
 * Order requests and their audit trail. Every state change is a conditional update written in the same
 * transaction as its audit event, so concurrent clicks and several app instances cannot both win.
 * `updated_at` moves only with the state, so "stuck since" queries are not reset by bookkeeping. Times
 * come from the store's clock (the database's, unless a test gives its own).
 */
export class RequestRepository implements RequestStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: StoreClock,
  ) {}

  async now(): Promise<Date> {
    return new Date(await this.clock.read(this.db));
  }

  async create(input: NewOrderRequest, actor: string): Promise<{ request: OrderRequest; created: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock.sql();
      const inserted = await trx
        .insertInto('order_requests')
        .values({
          id: input.id,
          reference: input.reference,
          state: 'pending_approval',
          requester_id: input.requesterId,
          scenario_id: input.scenarioId,
          details: JSON.stringify(input.details),
          ...slackColumns(input.slack ?? {}),
          submission_key: input.submissionKey ?? null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('submission_key').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!inserted) {
        // Only the submission key can have clashed: the form was submitted before.
        const first = await trx
          .selectFrom('order_requests')
          .selectAll()
          .where('submission_key', '=', String(input.submissionKey))
          .executeTakeFirstOrThrow();
        return { request: toOrderRequest(first), created: false };
      }
      await this.writeEvent(trx, input.id, now, { actor, action: 'created' }, undefined, 'pending_approval');
      return { request: toOrderRequest(inserted), created: true };
    });
  }

  async get(id: string): Promise<OrderRequest | undefined> {
    const row = await this.db
      .selectFrom('order_requests')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toOrderRequest(row);
  }

  /**
   * Moves the request to `to` if it is in `from`; returns the updated request, or undefined (and writes
   * nothing) when it is not. The transaction writes before it reads: SQLite then takes its write lock at
   * the first statement and waits (busy_timeout) for another connection instead of failing with "database
   * is locked" when a read lock cannot be upgraded.
   */
  async transition(id: string, t: Transition): Promise<OrderRequest | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock.sql();
      const updated = await trx
        .updateTable('order_requests')
        .set({ ...patchColumns(t.patch ?? {}, now), state: t.to, updated_at: now })
        .where('id', '=', id)
        .where('state', '=', t.from)
        .returningAll()
        .executeTakeFirst();
      if (!updated) return undefined;
      await this.writeEvent(trx, id, now, t, t.from, t.to);
      return toOrderRequest(updated);
    });
  }

  async recordFirstApproval(id: string, userId: string): Promise<OrderRequest | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock.sql();
      const updated = await trx
        .updateTable('order_requests')
        .set({ first_approved_by: userId, first_approved_at: now, updated_at: now })
        .where('id', '=', id)
        .where('state', '=', 'pending_approval')
        .where('first_approved_by', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!updated) return undefined;
      const event = { actor: userId, action: 'approve_first' };
      await this.writeEvent(trx, id, now, event, 'pending_approval', 'pending_approval');
      return toOrderRequest(updated);
    });
  }

  async recordEvent(id: string, event: RequestEvent): Promise<boolean> {
    const current = await this.db
      .selectFrom('order_requests')
      .select('state')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!current) return false;
    await this.writeEvent(this.db, id, this.clock.sql(), event, current.state as RequestState);
    return true;
  }

  async claimPlacement(
    id: string,
    claim: { owner: string; leaseMs: number; orderBody: string },
  ): Promise<OrderRequest | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock.sql();
      const claimed = await trx
        .updateTable('order_requests')
        .set((eb) => ({
          state: 'placing',
          updated_at: now,
          lease_owner: claim.owner,
          lease_until: this.clock.after(claim.leaseMs),
          order_body: eb.fn.coalesce('order_body', eb.val(claim.orderBody)),
        }))
        .where('id', '=', id)
        .where('state', '=', 'approved')
        .where((eb) => this.leaseFree(eb, now, claim.owner))
        .returningAll()
        .executeTakeFirst();
      if (!claimed) return undefined;
      await this.writeEvent(trx, id, now, { actor: SYSTEM_ACTOR, action: 'place' }, 'approved', 'placing');
      return toOrderRequest(claimed);
    });
  }

  /**
   * Takes (or renews) the right to work on a request for `ttlMs`. One atomic update: it succeeds only
   * when nobody else holds an unexpired lease, so of several app instances only one wins.
   */
  async claimLease(id: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.sql();
    const result = await this.db
      .updateTable('order_requests')
      .set({ lease_owner: owner, lease_until: this.clock.after(ttlMs) })
      .where('id', '=', id)
      .where((eb) => this.leaseFree(eb, now, owner))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Gives the lease back early; only its owner can. */
  async releaseLease(id: string, owner: string): Promise<void> {
    await this.db
      .updateTable('order_requests')
      .set({ lease_owner: null, lease_until: null })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  }

  async listRecoverable(limit: number): Promise<OrderRequest[]> {
    const now = this.clock.sql();
    const rows = await this.db
      .selectFrom('order_requests')
      .selectAll()
      .where((eb) =>
        eb.and([
          eb.or([eb('lease_owner', 'is', null), eb('lease_until', '<=', now)]),
          eb.or([
            eb('state', 'in', ['approved', 'placing']),
            eb.and([eb('state', '=', 'in_doubt'), eb('doubt_check_after', '<=', now)]),
            eb.and([eb('state', '=', 'placed'), eb('status_check_after', '<=', now)]),
          ]),
        ]),
      )
      .orderBy('updated_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toOrderRequest);
  }

  async scheduleCheck(id: string, next: { checkAfter: Date; reason: string }): Promise<void> {
    await this.db
      .updateTable('order_requests')
      .set((eb) => ({
        doubt_checks: eb('doubt_checks', '+', 1),
        doubt_check_after: next.checkAfter.getTime(),
        doubt_reason: next.reason,
      }))
      .where('id', '=', id)
      .where('state', '=', 'in_doubt')
      .execute();
  }

  async scheduleStatusCheck(id: string, next: { from: string; checkAfter: Date }): Promise<void> {
    await this.db
      .updateTable('order_requests')
      .set((eb) => ({
        status_checks: eb('status_checks', '+', 1),
        status_check_after: next.checkAfter.getTime(),
      }))
      .where('id', '=', id)
      .where('state', '=', 'placed')
      .where('order_status', '=', next.from)
      .where('status_check_after', 'is not', null)
      .execute();
  }

  async recordOrderStatus(
    id: string,
    change: { from: string; to: string; follow: boolean },
    event: RequestEvent,
  ): Promise<OrderRequest | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock.sql();
      const recorded = await trx
        .updateTable('order_requests')
        .set({ order_status: change.to, status_checks: 0, status_check_after: change.follow ? now : null })
        .where('id', '=', id)
        .where('state', '=', 'placed')
        .where('order_status', '=', change.from)
        .returningAll()
        .executeTakeFirst();
      if (!recorded) return undefined;
      await this.writeEvent(trx, id, now, event, 'placed');
      return toOrderRequest(recorded);
    });
  }

  async raiseDoubt(id: string, event: RequestEvent): Promise<OrderRequest | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock.sql();
      const raised = await trx
        .updateTable('order_requests')
        .set({ doubt_raised_at: now })
        .where('id', '=', id)
        .where('state', '=', 'in_doubt')
        .where('doubt_raised_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!raised) return undefined;
      await this.writeEvent(trx, id, now, event, 'in_doubt');
      return toOrderRequest(raised);
    });
  }

  async knownOrders(orderNos: readonly string[]): Promise<KnownOrder[]> {
    const known: KnownOrder[] = [];
    for (let i = 0; i < orderNos.length; i += KNOWN_ORDERS_CHUNK) {
      const rows = await this.db
        .selectFrom('order_requests')
        .select(['order_no', 'reference', 'order_body'])
        .where('order_no', 'in', orderNos.slice(i, i + KNOWN_ORDERS_CHUNK))
        .execute();
      for (const r of rows) {
        if (r.order_no === null) continue;
        known.push({
          orderNo: r.order_no,
          reference: r.reference,
          ...(r.order_body && { orderBody: r.order_body }),
        });
      }
    }
    return known;
  }

  async listDuePending(timing: PendingTiming, limit: number): Promise<OrderRequest[]> {
    const now = this.clock.sql();
    const ms = (value: number) => sql<number>`cast(${value} as bigint)`;
    const rows = await this.db
      .selectFrom('order_requests')
      .selectAll()
      .where('state', '=', 'pending_approval')
      .where((eb) =>
        eb.or([
          eb(sql`created_at + ${ms(timing.expireAfterMs)}`, '<=', now),
          eb.and([
            eb('reminders_sent', '<', timing.maxReminders),
            eb(sql`coalesce(reminded_at, created_at) + ${ms(timing.reminderAfterMs)}`, '<=', now),
          ]),
        ]),
      )
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toOrderRequest);
  }

  async claimReminder(id: string, n: number, event: RequestEvent): Promise<OrderRequest | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock.sql();
      const claimed = await trx
        .updateTable('order_requests')
        .set({ reminders_sent: n, reminded_at: now })
        .where('id', '=', id)
        .where('state', '=', 'pending_approval')
        .where('reminders_sent', '=', n - 1)
        .returningAll()
        .executeTakeFirst();
      if (!claimed) return undefined;
      await this.writeEvent(trx, id, now, event, 'pending_approval');
      return toOrderRequest(claimed);
    });
  }

  /** Records where Slack shows the request; not a state change, so no audit event. */
  async updateSlack(id: string, coords: SlackCoordinates): Promise<void> {
    const columns = slackColumns(coords);
    if (Object.values(columns).every((v) => v === undefined)) return;
    await this.db.updateTable('order_requests').set(columns).where('id', '=', id).execute();
  }

  /** Requests in the given states, least recently changed first. */
  async listByState(states: readonly RequestState[], opts: { limit?: number } = {}): Promise<OrderRequest[]> {
    if (states.length === 0) return [];
    let query = this.db
      .selectFrom('order_requests')
      .selectAll()
      .where('state', 'in', states)
      .orderBy('updated_at')
      .orderBy('id');
    if (opts.limit !== undefined) query = query.limit(opts.limit);
    return (await query.execute()).map(toOrderRequest);
  }

  /** A requester's requests, newest first, from the `offset`-th on. */
  async listRequesterRequests(requesterId: string, limit: number, offset = 0): Promise<OrderRequest[]> {
    const rows = await this.db
      .selectFrom('order_requests')
      .selectAll()
      .where('requester_id', '=', requesterId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map(toOrderRequest);
  }

  /**
   * Requests waiting for an approver, longest waiting first. `exceptRequester`'s own are left out: that
   * approver may not decide them (unless self-approval is allowed, when the caller does not pass it); so
   * are those `exceptFirstApprover` gave the first of two approvals, since the second must be another's.
   */
  async listPendingApproval(limit: number, opts: PendingApprovalFilter = {}): Promise<OrderRequest[]> {
    let query = this.db
      .selectFrom('order_requests')
      .selectAll()
      .where('state', '=', 'pending_approval')
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .offset(opts.offset ?? 0);
    const { exceptRequester, exceptFirstApprover } = opts;
    if (exceptRequester !== undefined) query = query.where('requester_id', '!=', exceptRequester);
    if (exceptFirstApprover !== undefined) {
      query = query.where((eb) =>
        eb.or([eb('first_approved_by', 'is', null), eb('first_approved_by', '!=', exceptFirstApprover)]),
      );
    }
    return (await query.execute()).map(toOrderRequest);
  }

  /** Requests whose order has an outcome (placed, failed, unknown), most recently changed first. */
  async listRecentOrders(limit: number): Promise<OrderRequest[]> {
    const rows = await this.db
      .selectFrom('order_requests')
      .selectAll()
      .where('state', 'in', ORDER_OUTCOMES)
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toOrderRequest);
  }

  /** The request's audit trail, oldest first. */
  async audit(id: string): Promise<AuditEvent[]> {
    const rows = await this.db
      .selectFrom('audit_events')
      .selectAll()
      .where('request_id', '=', id)
      .orderBy('id')
      .execute();
    return rows.map(toAuditEvent);
  }

  /** Nobody else holds an unexpired lease. */
  private leaseFree(eb: ExpressionBuilder<Database, 'order_requests'>, now: Now, owner: string) {
    return eb.or([
      eb('lease_owner', 'is', null),
      eb('lease_owner', '=', owner),
      eb('lease_until', '<=', now),
    ]);
  }

  private async writeEvent(
    db: Db,
    id: string,
    at: Now,
    event: RequestEvent,
    from?: RequestState,
    to?: RequestState,
  ): Promise<void> {
    await db
      .insertInto('audit_events')
      .values({
        request_id: id,
        at,
        actor: event.actor,
        action: event.action,
        from_state: from ?? null,
        to_state: to ?? null,
        reason: event.reason ?? null,
      })
      .execute();
  }
}
