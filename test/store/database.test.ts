import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describeDatabaseUrl, openDatabase, parseDatabaseUrl, type Store } from '../../src/store';

describe('DATABASE_URL', () => {
  it('when it names a SQLite file or memory, then the file name is the part after sqlite:', () => {
    expect(parseDatabaseUrl('sqlite:./data/orders.sqlite')).toEqual({
      dialect: 'sqlite',
      filename: './data/orders.sqlite',
    });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', filename: ':memory:' });
  });

  it('when it is a postgres or postgresql URL, then it is used as the connection string', () => {
    for (const url of ['postgres://u@db:5432/orders', 'postgresql://u@db/orders']) {
      expect(parseDatabaseUrl(url)).toEqual({ dialect: 'postgres', connectionString: url });
    }
  });

  it('when the scheme is unknown or the SQLite path empty, then the error does not repeat the URL', () => {
    expect(() => parseDatabaseUrl('mysql://root:hunter2@db/orders')).toThrow(/^DATABASE_URL must start with/);
    expect(() => parseDatabaseUrl('mysql://root:hunter2@db/orders')).not.toThrow(/hunter2/);
    expect(() => parseDatabaseUrl('sqlite:')).toThrow(/needs a file path/);
  });

  it('when a PostgreSQL URL is described for the logs, then user, host and database stay and the password goes', () => {
    expect(describeDatabaseUrl('postgres://app:hunter2@db.internal:6543/orders?sslmode=require')).toEqual({
      dialect: 'postgres',
      location: 'app@db.internal:6543/orders',
    });
  });
});

describe('openDatabase', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yod-open-'));
  const opened: Store[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when a SQLite file is opened in a folder that does not exist, then the folder is made and WAL, busy_timeout and foreign keys are on', async () => {
    const store = await openDatabase(`sqlite:${join(dir, 'nested', 'deeper', 'orders.sqlite')}`);
    opened.push(store);

    const pragma = async (name: string) =>
      Object.values(
        (await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(store.db)).rows[0] ?? {},
      )[0];
    expect(store.dialect).toBe('sqlite');
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('busy_timeout')).toBeGreaterThan(0);
    expect(await pragma('foreign_keys')).toBe(1);
  });

  it('when an audit event names a request that does not exist, then the foreign key rejects it', async () => {
    // Whether jest's toThrow() recognises better-sqlite3's errors depends on load order; match the message.
    const store = await openDatabase('sqlite::memory:');
    opened.push(store);

    await expect(
      store.db
        .insertInto('audit_events')
        .values({ request_id: 'nope', at: 0, actor: 'system', action: 'x' })
        .execute(),
    ).rejects.toMatchObject({ message: expect.stringMatching(/FOREIGN KEY/) });
  });

  it('when PostgreSQL cannot be reached, then the error names the host but never the password', async () => {
    // Port 1 on loopback: refused at once, and nothing leaves this machine.
    const attempt = openDatabase('postgres://app:pw-hunter2@127.0.0.1:1/orders');

    await expect(attempt).rejects.toThrow('could not open the postgres database at app@127.0.0.1:1/orders');
    const error = await attempt.catch((e: unknown) => e);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('pw-hunter2');
    expect(String((error as Error).cause)).not.toContain('pw-hunter2');
  });
});
