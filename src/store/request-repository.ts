import type { Kysely } from 'kysely';
import type { AuditEvent, OrderRequest, RequestState, SlackCoordinates } from '../orders/model';
import {
  patchColumns,
  slackColumns,
  type TransitionPatch,
  toAuditEvent,
  toOrderRequest,
} from './request-row';
import type { Database } from './schema';

export type Clock = () => Date;

export interface NewOrderRequest {
  id: string;
  reference: string;
  requesterId: string;
  scenarioId: string;
  details: Record<string, unknown>;
  slack?: SlackCoordinates;
}

export interface Transition {
  /** The state(s) the request must be in; otherwise nothing is written. */
  from: RequestState | readonly RequestState[];
  to: RequestState;
  actor: string;
  action: string;
  reason?: string;
  patch?: TransitionPatch;
}

export interface Refusal {
  actor: string;
  action: string;
  reason?: string;
}

/**
 * Order requests and their audit trail. Every state change is a conditional update written in the same
 * transaction as its audit event, so concurrent clicks and several app instances cannot both win.
 * `updated_at` moves only with the state, so "stuck since" queries are not reset by Slack bookkeeping.
 */
export class RequestRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock = () => new Date(),
  ) {}

  async create(input: NewOrderRequest, actor: string): Promise<OrderRequest> {
    const now = this.clock().getTime();
    const row = await this.db.transaction().execute(async (trx) => {
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
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('audit_events')
        .values({ request_id: input.id, at: now, actor, action: 'created', to_state: 'pending_approval' })
        .execute();
      return inserted;
    });
    return toOrderRequest(row);
  }

  async get(id: string): Promise<OrderRequest | undefined> {
    const row = await this.db
      .selectFrom('order_requests')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toOrderRequest(row);
  }

  async getByReference(reference: string): Promise<OrderRequest | undefined> {
    const row = await this.db
      .selectFrom('order_requests')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirst();
    return row && toOrderRequest(row);
  }

  /**
   * Moves the request to `to` if it is in one of the `from` states; returns the updated request, or
   * undefined (and writes nothing) when it is not. Each attempt is one conditional update on one exact
   * state, so the audit event's `from` is the state really left. The transaction writes before it reads:
   * SQLite then takes its write lock at the first statement and waits (busy_timeout) for another
   * connection instead of failing with "database is locked" when a read lock cannot be upgraded.
   */
  async transition(id: string, t: Transition): Promise<OrderRequest | undefined> {
    const allowed: readonly RequestState[] = typeof t.from === 'string' ? [t.from] : t.from;
    const now = this.clock().getTime();
    const row = await this.db.transaction().execute(async (trx) => {
      for (const from of allowed) {
        const updated = await trx
          .updateTable('order_requests')
          .set({ ...patchColumns(t.patch ?? {}), state: t.to, updated_at: now })
          .where('id', '=', id)
          .where('state', '=', from)
          .returningAll()
          .executeTakeFirst();
        if (!updated) continue;
        await trx
          .insertInto('audit_events')
          .values({
            request_id: id,
            at: now,
            actor: t.actor,
            action: t.action,
            from_state: from,
            to_state: t.to,
            reason: t.reason ?? null,
          })
          .execute();
        return updated;
      }
      return undefined;
    });
    return row && toOrderRequest(row);
  }

  /** Records where Slack shows the request; not a state change, so no audit event. */
  async updateSlack(id: string, coords: SlackCoordinates): Promise<void> {
    const columns = slackColumns(coords);
    if (Object.values(columns).every((v) => v === undefined)) return;
    await this.db.updateTable('order_requests').set(columns).where('id', '=', id).execute();
  }

  /**
   * Audits an attempt that changed nothing (a stale or unauthorised click), with the state the request
   * was in. Returns false for an unknown request id: there is no trail to add to, the caller logs it.
   */
  async recordRefusal(id: string, refusal: Refusal): Promise<boolean> {
    const current = await this.db
      .selectFrom('order_requests')
      .select('state')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!current) return false;
    await this.db
      .insertInto('audit_events')
      .values({
        request_id: id,
        at: this.clock().getTime(),
        actor: refusal.actor,
        action: refusal.action,
        from_state: current.state,
        reason: refusal.reason ?? null,
      })
      .execute();
    return true;
  }

  /** Requests in the given states, least recently changed first. */
  async listByState(
    states: readonly RequestState[],
    opts: { updatedBefore?: Date; limit?: number } = {},
  ): Promise<OrderRequest[]> {
    if (states.length === 0) return [];
    let query = this.db
      .selectFrom('order_requests')
      .selectAll()
      .where('state', 'in', states)
      .orderBy('updated_at')
      .orderBy('id');
    if (opts.updatedBefore) query = query.where('updated_at', '<', opts.updatedBefore.getTime());
    if (opts.limit !== undefined) query = query.limit(opts.limit);
    return (await query.execute()).map(toOrderRequest);
  }

  /** A requester's requests, newest first. */
  async listRequesterRequests(requesterId: string, limit: number): Promise<OrderRequest[]> {
    const rows = await this.db
      .selectFrom('order_requests')
      .selectAll()
      .where('requester_id', '=', requesterId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toOrderRequest);
  }

  /**
   * Takes (or renews) the right to work on a request for `ttlMs`. One atomic update: it succeeds only
   * when nobody else holds an unexpired lease, so of several app instances only one wins.
   */
  async claimLease(id: string, owner: string, ttlMs: number, now: Date = this.clock()): Promise<boolean> {
    const at = now.getTime();
    const result = await this.db
      .updateTable('order_requests')
      .set({ lease_owner: owner, lease_until: at + ttlMs })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', owner), eb('lease_until', '<=', at)]),
      )
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
}
