import type BetterSqlite3 from 'better-sqlite3';
import {
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import { LRUCache } from 'lru-cache';

export interface FifoLockOptions {
  /** Longest run of handovers in one turn of the event loop; then the next one waits for a turn. */
  sliceMs?: number;
  now?: () => number;
  /** Runs `fn` after the event loop has read the I/O waiting: setImmediate unless a test says otherwise. */
  defer?: (fn: () => void) => void;
}

/** Long enough for dozens of statements, short enough that an answer waiting on a socket is read soon. */
const DEFAULT_SLICE_MS = 10;

/**
 * A first-come, first-served lock: each release wakes exactly one waiter. Kysely's own SQLite mutex wakes
 * every waiter at each release and all but one go back to sleep, which costs O(waiters) per query: with
 * 200 approvals at once that was a large share of the CPU.
 *
 * better-sqlite3 answers synchronously, so a queue of waiters would otherwise be worked off in one run of
 * microtasks, however long, while the answers of Slack and the Partner API wait unread on their sockets.
 * After `sliceMs` of handovers the next one therefore waits for a turn of the event loop.
 */
export class FifoLock {
  private held = false;
  private readonly waiters: (() => void)[] = [];
  private sliceStartedAt = 0;
  private readonly sliceMs: number;
  private readonly now: () => number;
  private readonly defer: (fn: () => void) => void;

  constructor(options: FifoLockOptions = {}) {
    this.sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
    this.now = options.now ?? (() => performance.now());
    this.defer = options.defer ?? ((fn) => setImmediate(fn));
  }

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      this.sliceStartedAt = this.now();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Hands the lock to the longest waiter (at once, or after a turn of the event loop), or frees it. */
  release(): void {
    const next = this.waiters.shift();
    if (!next) {
      this.held = false;
      return;
    }
    if (this.now() - this.sliceStartedAt < this.sliceMs) {
      next();
      return;
    }
    this.defer(() => {
      this.sliceStartedAt = this.now();
      next();
    });
  }

  get waiting(): number {
    return this.waiters.length;
  }
}

/** Kysely's SQLite driver, its one connection handed out in turn by a FifoLock. */
class FairSqliteDriver extends SqliteDriver {
  private readonly turn = new FifoLock();

  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.turn.acquire();
    // Uncontended now, so Kysely's own mutex never has more than one taker.
    return super.acquireConnection();
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    this.turn.release();
  }
}

/** The SQLite dialect with a fair connection lock (see FifoLock). */
export class FairSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new FairSqliteDriver(this.settings);
  }
}

/**
 * Distinct statements kept prepared. The app's queries are a few dozen fixed texts (an `in (…)` list
 * makes one per length), so this holds all of them with room; an LRU so that a caller building many
 * texts cannot grow it without end.
 */
export const PREPARED_STATEMENTS_MAX = 200;

/**
 * The database as Kysely sees it, each SQL text prepared once and reused: Kysely prepares every query
 * anew, and preparing was a third of the SQLite time under load. Safe because Kysely runs one statement
 * at a time on the one connection and reads each to the end (`all`/`run`); the app streams no query.
 */
export function withPreparedStatements(
  database: BetterSqlite3.Database,
  max = PREPARED_STATEMENTS_MAX,
): SqliteDatabase & { readonly prepared: number } {
  const statements = new LRUCache<string, BetterSqlite3.Statement>({ max });
  return {
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = database.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
    close() {
      statements.clear();
      database.close();
    },
    get prepared() {
      return statements.size;
    },
  };
}
