import { type Kysely, sql } from 'kysely';
import type { StoreClock } from './clock';
import type { Database } from './schema';

/** What the metrics read from the store when scraped: the truth lives in the rows, so nothing is counted twice. */
export interface StoreFigures {
  /** Requests per state. */
  requestsByState: Record<string, number>;
  /** Audit events per action, for the actions asked about; `refused`: those that changed nothing. */
  events: Record<string, { total: number; refused: number }>;
  /** Slack messages neither delivered nor given up, and how long the oldest of them has waited (ms). */
  outboxBacklog: number;
  outboxOldestAgeMs: number;
  outboxAbandoned: number;
}

export class FiguresRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: StoreClock,
  ) {}

  async read(actions: readonly string[]): Promise<StoreFigures> {
    const states = await this.db
      .selectFrom('order_requests')
      .select(['state', sql<number>`count(*)`.as('n')])
      .groupBy('state')
      .execute();
    const events =
      actions.length === 0
        ? []
        : await this.db
            .selectFrom('audit_events')
            .select([
              'action',
              sql<number>`count(*)`.as('n'),
              sql<number>`sum(case when to_state is null then 1 else 0 end)`.as('refused'),
            ])
            .where('action', 'in', actions)
            .groupBy('action')
            .execute();
    const backlog = await this.db
      .selectFrom('slack_outbox')
      .select([sql<number>`count(*)`.as('n'), sql<number | null>`min(created_at)`.as('oldest')])
      .where('delivered_at', 'is', null)
      .where('abandoned_at', 'is', null)
      .executeTakeFirst();
    const abandoned = await this.db
      .selectFrom('slack_outbox')
      .select(sql<number>`count(*)`.as('n'))
      .where('abandoned_at', 'is not', null)
      .executeTakeFirst();
    const oldest =
      backlog?.oldest === null || backlog?.oldest === undefined ? undefined : Number(backlog.oldest);
    const now = await this.clock.read(this.db);
    return {
      requestsByState: Object.fromEntries(states.map((r) => [r.state, Number(r.n)])),
      events: Object.fromEntries(
        events.map((r) => [r.action, { total: Number(r.n), refused: Number(r.refused) }]),
      ),
      outboxBacklog: Number(backlog?.n ?? 0),
      outboxOldestAgeMs: oldest === undefined ? 0 : Math.max(0, now - oldest),
      outboxAbandoned: Number(abandoned?.n ?? 0),
    };
  }
}
