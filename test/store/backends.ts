import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** A place to open empty databases for the store contract suite. */
export interface Backend {
  name: string;
  /** Whether a second open of the same URL sees the first one's data. */
  persistent: boolean;
  /** A DATABASE_URL naming a new, empty database. */
  freshUrl(): Promise<string>;
  /** Removes everything `freshUrl` created. */
  cleanup(): Promise<void>;
}

export const sqliteMemoryBackend: Backend = {
  name: 'SQLite in memory',
  persistent: false,
  freshUrl: async () => 'sqlite::memory:',
  cleanup: async () => {},
};

export function sqliteFileBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'yod-store-'));
  return {
    name: 'SQLite file',
    persistent: true,
    // A folder that does not exist yet: opening must create it.
    freshUrl: async () => `sqlite:${join(dir, randomUUID(), 'orders.sqlite')}`,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Points a connection string at one schema through the libpq `options` parameter. */
export function withSearchPath(url: string, schema: string): string {
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** Each fresh database is a new schema `yod_test_<random>`, dropped by cleanup. */
export function postgresBackend(url: string = POSTGRES_URL): Backend {
  const schemas: string[] = [];
  async function withAdmin(work: (client: Client) => Promise<void>): Promise<void> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await work(client);
    } finally {
      await client.end();
    }
  }
  return {
    name: 'PostgreSQL',
    persistent: true,
    freshUrl: async () => {
      const schema = `yod_test_${randomUUID().replaceAll('-', '')}`;
      await withAdmin((client) => client.query(`create schema ${schema}`).then(() => undefined));
      schemas.push(schema);
      return withSearchPath(url, schema);
    },
    cleanup: () =>
      withAdmin(async (client) => {
        for (const schema of schemas.splice(0)) await client.query(`drop schema ${schema} cascade`);
      }),
  };
}

/**
 * Jest decides which tests exist before any of them runs, so reachability is checked synchronously, in
 * a child process, when the test file loads.
 */
export function postgresReachable(url: string = POSTGRES_URL): { ok: true } | { ok: false; why: string } {
  const probe = `
    const { Client } = require('pg');
    const client = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
    client.connect().then(() => client.end()).then(() => process.exit(0), (e) => {
      process.stderr.write(String(e.message)); process.exit(1);
    });`;
  const result = spawnSync(process.execPath, ['-e', probe, url], {
    cwd: join(__dirname, '..', '..'), // where require('pg') resolves
    encoding: 'utf8',
    timeout: 10_000,
  });
  return result.status === 0 ? { ok: true } : { ok: false, why: result.stderr || 'probe timed out' };
}
