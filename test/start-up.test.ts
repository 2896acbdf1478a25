import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { loadConfig } from '../src/config';
import { startOrderDesk } from '../src/index';
import { startSlackEmulator } from '../src/sandbox/slack';
import { databasesUnderTest } from './orders/harness';
import { POSTGRES_URL, postgresBackend } from './store/backends';
import { captureLogs } from './store/capture-logs';

/** Start-up that fails half-way leaves nothing open behind it: no database connection, no sandbox server. */

const onPostgres = databasesUnderTest().some((d) => d.name === 'PostgreSQL');
const APP_NAME = 'yod-start-up-test';

let taken: Server;
beforeEach(async () => {
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
});
afterEach(() => new Promise<void>((resolve) => taken.close(() => resolve())));

async function connectionsNamed(name: string): Promise<number> {
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query(
      'select count(*)::int as n from pg_stat_activity where application_name = $1',
      [name],
    );
    return (rows[0] as { n: number }).n;
  } finally {
    await client.end();
  }
}

(onPostgres ? test : test.skip)(
  'when the HTTP port is taken, then start-up fails and closes the database pool and the built-in Partner API sandbox it had opened',
  async () => {
    const backend = postgresBackend();
    const url = new URL(await backend.freshUrl());
    url.searchParams.set('application_name', APP_NAME);
    const logs = captureLogs();
    const emulator = await startSlackEmulator();
    const config = loadConfig({
      SLACK_BOT_TOKEN: emulator.botToken,
      SLACK_API_URL: emulator.apiUrl,
      SLACK_SIGNING_SECRET: 'start-up-test-secret',
      APPROVALS_CHANNEL_ID: 'CAPPROVALS',
      ORDERS_CHANNEL_ID: 'CORDERS',
      APPROVER_USER_IDS: 'UAPPROVER',
      YEASTAR_SANDBOX: 'true',
      DATABASE_URL: url.toString(),
      PORT: String((taken.address() as AddressInfo).port),
    });

    try {
      await expect(startOrderDesk(config, { logger: logs.logger, host: '127.0.0.1' })).rejects.toThrow(
        /EADDRINUSE/,
      );

      const sandboxUrl = logs.lines().find((l) => typeof l.sandboxUrl === 'string')?.sandboxUrl as string;
      expect(sandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await expect(fetch(`${sandboxUrl}/__sandbox/orders`)).rejects.toThrow();
      expect(await connectionsNamed(APP_NAME)).toBe(0);
    } finally {
      await emulator.close();
      await backend.cleanup();
    }
  },
);
