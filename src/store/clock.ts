import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { StoreDialect } from './migrations';
import type { Database } from './schema';

/** A time source a test controls; without one, the store reads the database's clock. */
export type Clock = () => Date;

/**
 * The time the store writes and compares leases against: the database server's own clock, so that app
 * instances whose clocks disagree still agree on when a lease lapsed. Epoch milliseconds, as stored.
 */
export class StoreClock {
  constructor(
    private readonly dialect: StoreDialect,
    private readonly testClock?: Clock,
  ) {}

  /** "Now" inside a statement; it holds still for the whole statement in both dialects. */
  sql(): RawBuilder<number> {
    if (this.testClock) return sql<number>`cast(${this.testClock().getTime()} as bigint)`;
    return this.dialect === 'sqlite'
      ? sql<number>`cast(round((julianday('now') - 2440587.5) * 86400000) as integer)`
      : sql<number>`cast(floor(extract(epoch from statement_timestamp()) * 1000) as bigint)`;
  }

  /** `ms` after now, inside a statement. */
  after(ms: number): RawBuilder<number> {
    return sql<number>`(${this.sql()} + cast(${ms} as bigint))`;
  }

  /** Now, read once, for a decision made outside the database. */
  async read(db: Kysely<Database>): Promise<number> {
    if (this.testClock) return this.testClock().getTime();
    const { rows } = await sql<{ now: number | string }>`select ${this.sql()} as now`.execute(db);
    return Number(rows[0]?.now);
  }
}
