import { type Kysely, type Selectable, sql } from 'kysely';
import type { RequestState } from '../orders/model';
import {
  type NewOutboxMessage,
  type OutboxEntry,
  type OutboxQueue,
  outboxDedupeKey,
} from '../slack/outbox/queue';
import type { StoreClock } from './clock';
import type { Database, SlackOutboxTable } from './schema';

function toEntry(row: Selectable<SlackOutboxTable>): OutboxEntry {
  const args: unknown = JSON.parse(row.args);
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw new Error(`outbox message ${row.id} has arguments that are not a JSON object`);
  }
  return {
    id: row.id,
    requestId: row.request_id,
    dedupeKey: row.dedupe_key,
    kind: row.kind,
    method: row.method,
    args: args as Record<string, unknown>,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    ...(row.delivered_at === null ? {} : { deliveredAt: new Date(row.delivered_at) }),
    ...(row.abandoned_at === null ? {} : { abandonedAt: new Date(row.abandoned_at) }),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.outcome_unknown_at === null ? {} : { outcomeUnknownAt: new Date(row.outcome_unknown_at) }),
    createdAt: new Date(row.created_at),
  };
}

/**
 * The Slack outbox: messages the app owes, each delivered at least once and, thanks to claims, by one
 * sender at a time. A claim moves `next_attempt_at` ahead by a lease, so a sender that dies mid-call only
 * delays the message until the lease runs out.
 */
export class OutboxRepository implements OutboxQueue {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: StoreClock,
  ) {}

  /**
   * Queues the messages in one transaction, due now; a message whose dedupe key is already queued is left
   * as it is (undefined in its place). With `claimForMs` each new message comes back already claimed for
   * its first attempt by the caller, who delivers it at once; the dispatcher takes over only if that
   * lease runs out.
   */
  async enqueue(
    messages: readonly NewOutboxMessage[],
    claimForMs?: number,
  ): Promise<(OutboxEntry | undefined)[]> {
    if (messages.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock.sql();
      const entries: (OutboxEntry | undefined)[] = [];
      for (const m of messages) {
        const inserted = await trx
          .insertInto('slack_outbox')
          .values({
            request_id: m.requestId,
            dedupe_key: outboxDedupeKey(m.requestId, m.kind, m.stage),
            kind: m.kind,
            method: m.method,
            args: JSON.stringify(m.args),
            attempts: claimForMs === undefined ? 0 : 1,
            next_attempt_at: claimForMs === undefined ? now : this.clock.after(claimForMs),
            delivered_at: null,
            abandoned_at: null,
            last_error: null,
            outcome_unknown_at: null,
            created_at: now,
          })
          .onConflict((oc) => oc.column('dedupe_key').doNothing())
          .returningAll()
          .executeTakeFirst();
        entries.push(inserted && toEntry(inserted));
      }
      return entries;
    });
  }

  /**
   * Takes a due, undelivered message for `leaseMs` and counts the attempt; undefined when it is not due,
   * already delivered or abandoned, or another sender holds it. One conditional update, so one winner.
   */
  async claim(id: number, leaseMs: number): Promise<OutboxEntry | undefined> {
    const row = await this.db
      .updateTable('slack_outbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: this.clock.after(leaseMs) }))
      .where('id', '=', id)
      .where('delivered_at', 'is', null)
      .where('abandoned_at', 'is', null)
      .where('next_attempt_at', '<=', this.clock.sql())
      .returningAll()
      .executeTakeFirst();
    return row && toEntry(row);
  }

  /** Ids of messages due for delivery, the longest waiting first. */
  async due(limit: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('slack_outbox')
      .select('id')
      .where('delivered_at', 'is', null)
      .where('abandoned_at', 'is', null)
      .where('next_attempt_at', '<=', this.clock.sql())
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  async markDelivered(id: number): Promise<void> {
    await this.db
      .updateTable('slack_outbox')
      .set({ delivered_at: this.clock.sql(), last_error: null })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Releases the claim: the message is due again in `delayMs`. `outcomeUnknown` when the attempt got no
   * answer, so it may have been posted: the next attempt looks for it first.
   */
  async reschedule(id: number, delayMs: number, error: string, outcomeUnknown = false): Promise<void> {
    await this.db
      .updateTable('slack_outbox')
      .set({
        next_attempt_at: this.clock.after(delayMs),
        last_error: error,
        ...(outcomeUnknown && { outcome_unknown_at: this.clock.sql() }),
      })
      .where('id', '=', id)
      .where('delivered_at', 'is', null)
      .execute();
  }

  /**
   * Due again after `delayMs` without counting the claim as an attempt: the message was not sent, it
   * waits for the message it attaches to, which has attempts of its own.
   */
  async postpone(id: number, delayMs: number, reason: string): Promise<void> {
    await this.db
      .updateTable('slack_outbox')
      .set((eb) => ({
        attempts: eb('attempts', '-', 1),
        next_attempt_at: this.clock.after(delayMs),
        last_error: reason,
      }))
      .where('id', '=', id)
      .where('delivered_at', 'is', null)
      .execute();
  }

  /** No more attempts: Slack refused the message for good. */
  async abandon(id: number, error: string): Promise<void> {
    await this.db
      .updateTable('slack_outbox')
      .set({ abandoned_at: this.clock.sql(), last_error: error })
      .where('id', '=', id)
      .where('delivered_at', 'is', null)
      .execute();
  }

  async supersededBy(entry: Pick<OutboxEntry, 'id' | 'requestId' | 'kind'>): Promise<boolean> {
    const newer = await this.db
      .selectFrom('slack_outbox')
      .select('id')
      .where('request_id', '=', entry.requestId)
      .where('kind', '=', entry.kind)
      .where('id', '>', entry.id)
      .where('abandoned_at', 'is', null)
      .limit(1)
      .executeTakeFirst();
    return newer !== undefined;
  }

  async isPending(requestId: string, kind: string): Promise<boolean> {
    const pending = await this.db
      .selectFrom('slack_outbox')
      .select('id')
      .where('request_id', '=', requestId)
      .where('kind', '=', kind)
      .where('delivered_at', 'is', null)
      .where('abandoned_at', 'is', null)
      .limit(1)
      .executeTakeFirst();
    return pending !== undefined;
  }

  async entriesOf(requestId: string, kind?: string, only?: { outcomeUnknown: true }): Promise<OutboxEntry[]> {
    let query = this.db.selectFrom('slack_outbox').selectAll().where('request_id', '=', requestId);
    if (kind !== undefined) query = query.where('kind', '=', kind);
    if (only?.outcomeUnknown) query = query.where('outcome_unknown_at', 'is not', null);
    return (await query.orderBy('id').execute()).map(toEntry);
  }

  /**
   * Ids of requests in one of `states` with no `kind` message queued for the stage they are at now (see
   * `outcomeStage` in orders/model.ts, which this mirrors): what a crash kept from being queued. Least
   * recently changed first.
   */
  async requestsMissing(kind: string, states: readonly RequestState[], limit: number): Promise<string[]> {
    if (states.length === 0) return [];
    const stage = sql<string>`case
      when r.state = 'placed' and r.order_status <> 'succeed' then 'placed@' || r.order_status
      when r.state <> 'in_doubt' then r.state
      when r.doubt_raised_at is null then 'in_doubt@' || r.doubt_since
      else 'in_doubt_raised@' || r.doubt_since end`;
    const rows = await this.db
      .selectFrom('order_requests as r')
      .select('r.id')
      .where('r.state', 'in', states)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('slack_outbox as o')
              .select('o.id')
              .whereRef('o.request_id', '=', 'r.id')
              .where('o.dedupe_key', '=', sql<string>`r.id || ':' || ${kind} || ':' || ${stage}`),
          ),
        ),
      )
      .orderBy('r.updated_at')
      .orderBy('r.id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }
}
