import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { loadConfig } from '../src/config';
import { type StartStep, startOrderDesk } from '../src/index';
import { type SlackEmulator, startSlackEmulator } from '../src/sandbox/slack';
import { databasesUnderTest } from './orders/harness';
import { POSTGRES_URL, postgresBackend } from './store/backends';
import { captureLogs } from './store/capture-logs';

/**
 * Start-up that fails half-way leaves nothing open behind it: no database connection, no sandbox server,
 * no HTTP server. A desk that started and stopped leaves nothing either.
 */

const onPostgres = databasesUnderTest().some((d) => d.name === 'PostgreSQL');
const APP_NAME = 'yod-start-up-test';

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

async function listen(port = 0): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) =>
    server.once('error', reject).listen(port, '127.0.0.1', resolve),
  );
  return server;
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** Settings on a fresh PostgreSQL schema whose connections carry APP_NAME, with the built-in sandbox. */
async function onFreshDatabase(run: (env: Record<string, string>, emulator: SlackEmulator) => Promise<void>) {
  const backend = postgresBackend();
  const url = new URL(await backend.freshUrl());
  url.searchParams.set('application_name', APP_NAME);
  const emulator = await startSlackEmulator();
  try {
    await run(
      {
        SLACK_BOT_TOKEN: emulator.botToken,
        SLACK_API_URL: emulator.apiUrl,
        SLACK_SIGNING_SECRET: 'start-up-test-secret',
        APPROVALS_CHANNEL_ID: 'CAPPROVALS',
        ORDERS_CHANNEL_ID: 'CORDERS',
        APPROVER_USER_IDS: 'UAPPROVER',
        YEASTAR_SANDBOX: 'true',
        DATABASE_URL: url.toString(),
      },
      emulator,
    );
  } finally {
    await emulator.close();
    await backend.cleanup();
  }
}

const sandboxUrlIn = (logs: ReturnType<typeof captureLogs>) =>
  logs.lines().find((l) => typeof l.sandboxUrl === 'string')?.sandboxUrl as string | undefined;

(onPostgres ? test : test.skip)(
  'when the HTTP port is taken, then start-up fails and closes the database pool and the built-in Partner API sandbox it had opened',
  () =>
    onFreshDatabase(async (env) => {
      const taken = await listen();
      const logs = captureLogs();
      const config = loadConfig({ ...env, PORT: String((taken.address() as AddressInfo).port) });
      try {
        await expect(startOrderDesk(config, { logger: logs.logger, host: '127.0.0.1' })).rejects.toThrow(
          /EADDRINUSE/,
        );

        expect(sandboxUrlIn(logs)).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        await expect(fetch(`${sandboxUrlIn(logs)}/__sandbox/orders`)).rejects.toThrow();
        expect(await connectionsNamed(APP_NAME)).toBe(0);
      } finally {
        await close(taken);
      }
    }),
);

const STEPS: StartStep[] = ['store', 'partner-api', 'http-server', 'recovery', 'dispatcher'];

(onPostgres ? test.each(STEPS) : test.skip.each(STEPS))(
  'when start-up fails right after the %s step, then the database pool, the built-in sandbox and the HTTP server it had opened are all closed',
  (failingStep) =>
    onFreshDatabase(async (env) => {
      const logs = captureLogs();
      const free = await listen();
      const port = (free.address() as AddressInfo).port;
      await close(free);
      const steps: StartStep[] = [];

      const starting = startOrderDesk(loadConfig({ ...env, PORT: String(port) }), {
        logger: logs.logger,
        host: '127.0.0.1',
        started: (step) => {
          steps.push(step);
          if (step === failingStep) throw new Error(`failed after ${step}`);
        },
      });

      await expect(starting).rejects.toThrow(`failed after ${failingStep}`);
      expect(steps).toEqual(STEPS.slice(0, STEPS.indexOf(failingStep) + 1));
      expect(await connectionsNamed(APP_NAME)).toBe(0);
      const sandboxUrl = sandboxUrlIn(logs);
      if (sandboxUrl) await expect(fetch(`${sandboxUrl}/__sandbox/orders`)).rejects.toThrow();
      // The port is free again: another server can take it.
      await close(await listen(port));
    }),
);

(onPostgres ? test : test.skip)(
  'when an order desk has started and stops, then its HTTP server and built-in sandbox no longer answer and no database connection is left',
  () =>
    onFreshDatabase(async (env, emulator) => {
      const logs = captureLogs();
      const desk = await startOrderDesk(loadConfig({ ...env, PORT: '0' }), {
        logger: logs.logger,
        host: '127.0.0.1',
      });
      await emulator.waitFor(() => emulator.calls('auth.test').length > 0, { what: 'the bot token check' });
      expect((await fetch(`${desk.url}/healthz`)).status).toBe(200);

      await desk.stop();

      await expect(fetch(`${desk.url}/healthz`)).rejects.toThrow();
      await expect(fetch(`${sandboxUrlIn(logs)}/__sandbox/orders`)).rejects.toThrow();
      expect(await connectionsNamed(APP_NAME)).toBe(0);
    }),
);
