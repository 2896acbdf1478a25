import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Pool, types } from 'pg';
import type { Logger } from '../logger';
import { type Clock, StoreClock } from './clock';
import { type DatabaseTarget, describeDatabaseUrl, parseDatabaseUrl } from './database-url';
import { FiguresRepository } from './figures';
import { createMigrator, migrateToLatest, migrationNames, type StoreDialect } from './migrations';
import { OutboxRepository } from './outbox-repository';
import { RequestRepository } from './request-repository';
import type { Database } from './schema';
import { FairSqliteDialect, withPreparedStatements } from './sqlite-dialect';

export interface Store {
  db: Kysely<Database>;
  requests: RequestRepository;
  outbox: OutboxRepository;
  figures: FiguresRepository;
  dialect: StoreDialect;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  logger?: Logger;
  /** Time source for stored timestamps and leases instead of the database's clock; tests pass one they control. */
  clock?: Clock;
}

const SQLITE_BUSY_TIMEOUT_MS = 5000;

function openSqlite(filename: string): Kysely<Database> {
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  const sqlite = new BetterSqlite3(filename);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<Database>({
    dialect: new FairSqliteDialect({ database: withPreparedStatements(sqlite) }),
  });
}

/** Times are epoch ms in int8 columns; pg returns int8 as text unless told otherwise (this pool only). */
function parseInt8AsNumber(oid: number, format?: 'text' | 'binary') {
  return oid === types.builtins.INT8 ? Number : types.getTypeParser(oid, format);
}

function openPostgres(connectionString: string, logger: Logger | undefined): Kysely<Database> {
  const pool = new Pool({ connectionString, types: { getTypeParser: parseInt8AsNumber } });
  // An idle connection dropped by the server must not crash the process; the pool reconnects.
  pool.on('error', (err) => logger?.warn({ err }, 'idle PostgreSQL connection failed'));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

function connect(target: DatabaseTarget, logger: Logger | undefined): Kysely<Database> {
  return target.dialect === 'sqlite'
    ? openSqlite(target.filename)
    : openPostgres(target.connectionString, logger);
}

/**
 * Opens the database named by DATABASE_URL (`sqlite:<path>`, `sqlite::memory:` or `postgres://…`) and
 * brings its schema up to date. Neither logs nor errors ever contain the URL's password.
 */
export async function openDatabase(databaseUrl: string, opts: OpenDatabaseOptions = {}): Promise<Store> {
  const target = parseDatabaseUrl(databaseUrl);
  const { location } = describeDatabaseUrl(databaseUrl);
  let db: Kysely<Database> | undefined;
  try {
    db = connect(target, opts.logger);
    const applied = await migrateToLatest(db, target.dialect);
    opts.logger?.info({ dialect: target.dialect, location, migrationsApplied: applied }, 'store opened');
  } catch (error) {
    await db?.destroy();
    throw new Error(`could not open the ${target.dialect} database at ${location}`, { cause: error });
  }
  const opened = db;
  const clock = new StoreClock(target.dialect, opts.clock);
  return {
    db: opened,
    requests: new RequestRepository(opened, clock),
    outbox: new OutboxRepository(opened, clock),
    figures: new FiguresRepository(opened, clock),
    dialect: target.dialect,
    close: () => opened.destroy(),
  };
}

/** What `npm run doctor` learns of the database: where it is, and which migrations the next start applies. */
export interface DatabaseInspection {
  dialect: StoreDialect;
  location: string;
  /** False for a SQLite file not created yet: the first start creates it. */
  exists: boolean;
  pending: string[];
}

/**
 * Looks at the database without changing it: SQLite is opened read-only and never created, and no
 * migration runs. Throws when it cannot be reached, never repeating the URL's password.
 */
export async function inspectDatabase(databaseUrl: string): Promise<DatabaseInspection> {
  const target = parseDatabaseUrl(databaseUrl);
  const { location } = describeDatabaseUrl(databaseUrl);
  if (target.dialect === 'sqlite' && target.filename !== ':memory:' && !existsSync(target.filename)) {
    return { dialect: 'sqlite', location, exists: false, pending: migrationNames('sqlite') };
  }
  const db =
    target.dialect === 'sqlite'
      ? new Kysely<Database>({
          dialect: new SqliteDialect({
            database: new BetterSqlite3(target.filename, { readonly: true, fileMustExist: true }),
          }),
        })
      : openPostgres(target.connectionString, undefined);
  try {
    const migrator = await createMigrator(db, target.dialect);
    const pending = (await migrator.getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
    return { dialect: target.dialect, location, exists: true, pending };
  } catch (error) {
    throw new Error(`could not reach the ${target.dialect} database at ${location}`, { cause: error });
  } finally {
    await db.destroy();
  }
}
