import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { type Config, ConfigError, loadConfig } from './config';
import { createLogger, type Logger } from './logger';
import {
  ApproverPolicy,
  OrderPlacer,
  type OrderRequest,
  OrderRequestService,
  Reconciler,
  RecoveryWorker,
} from './orders';
import { describeError } from './orders/describe-error';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startPartnerApiSandbox } from './sandbox/partner-api';
import { createSlackApp, type HealthReport, registerListeners } from './slack/app';
import { InFlight } from './slack/in-flight';
import { Notifier } from './slack/notifier';
import { createPartnerLists } from './slack/options/partner-lists';
import { createOutboxClient, OutboxDispatcher, SlackOutbox } from './slack/outbox';
import { usergroupMembers } from './slack/usergroups';
import { openDatabase, type Store } from './store';
import { PartnerApiClient } from './yeastar/client';

export interface OrderDeskOverrides {
  logger?: Logger;
  /** A Partner API client to use instead of the one the config describes (tests point it at their sandbox). */
  partnerApi?: PartnerApiClient;
  /** Pause between recovery runs; RECOVERY_INTERVAL_MS when unset. */
  recoveryIntervalMs?: number;
  /** How old a `placing` request must be before recovery looks it up; STALE_PLACING_MS when unset. */
  stalePlacingMs?: number;
  /** Timing of the Slack outbox: its dispatcher's pause and the backoff of a failing message. */
  outbox?: { intervalMs?: number; initialBackoffMs?: number; maxBackoffMs?: number };
  /** How long shutdown waits for placements in flight; 15 s by default. */
  drainTimeoutMs?: number;
  /** Retries of a failed Slack Web API call (tests use 0); the WebClient's default policy when unset. */
  slackRetries?: number;
  /** Interface to listen on in HTTP mode; all interfaces by default. */
  host?: string;
}

export interface OrderDesk {
  /** Base URL of the HTTP server (events at `${url}/slack/events`, health at `${url}/healthz`). */
  url: string;
  store: Store;
  orders: OrderRequestService;
  notifier: Notifier;
  recovery: RecoveryWorker;
  dispatcher: OutboxDispatcher;
  /** Stops taking work, lets placements in flight finish (bounded), stops recovery, closes the database. */
  stop(): Promise<void>;
}

const SANDBOX_WARNING = 'YEASTAR_SANDBOX=true: orders go to the built-in sandbox, not to Yeastar';

async function partnerApiFor(config: Config, logger: Logger, overrides: OrderDeskOverrides) {
  if (overrides.partnerApi) return { partnerApi: overrides.partnerApi, close: async () => undefined };
  if (config.YEASTAR_SANDBOX) {
    const sandbox = await startPartnerApiSandbox();
    logger.warn({ sandboxUrl: sandbox.url }, SANDBOX_WARNING);
    const partnerApi = new PartnerApiClient({
      baseUrl: sandbox.url,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
      logger,
    });
    return { partnerApi, close: () => sandbox.close() };
  }
  const partnerApi = new PartnerApiClient({
    baseUrl: config.YEASTAR_BASE_URL,
    clientId: config.YEASTAR_CLIENT_ID ?? '',
    clientSecret: config.YEASTAR_CLIENT_SECRET ?? '',
    logger,
  });
  return { partnerApi, close: async () => undefined };
}

function healthOf(store: Store): () => Promise<HealthReport> {
  return async () => {
    try {
      await sql`select 1`.execute(store.db);
      return { ok: true, database: 'reachable' };
    } catch {
      return { ok: false, database: 'unreachable' };
    }
  };
}

/** Starts the whole app in this process: store, Partner API client, Slack app, recovery worker. */
export async function startOrderDesk(config: Config, overrides: OrderDeskOverrides = {}): Promise<OrderDesk> {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const store = await openDatabase(config.DATABASE_URL, { logger });
  const api = await partnerApiFor(config, logger, overrides);
  const { partnerApi } = api;

  const app = createSlackApp({
    settings: config,
    logger,
    health: healthOf(store),
    ...(overrides.slackRetries === undefined ? {} : { slackRetries: overrides.slackRetries }),
  });
  const policy = new ApproverPolicy(
    {
      approverUserIds: config.APPROVER_USER_IDS,
      ...(config.APPROVER_USERGROUP_ID ? { approverUsergroupId: config.APPROVER_USERGROUP_ID } : {}),
      allowSelfApproval: config.ALLOW_SELF_APPROVAL,
    },
    usergroupMembers(app.client),
  );
  const { requests } = store;
  const orders = new OrderRequestService({ requests, policy, logger });
  const placer = new OrderPlacer({ requests, partnerApi, logger });
  const outbox = new SlackOutbox({
    client: createOutboxClient(config, logger, config.SLACK_TIMEOUT_MS),
    outbox: store.outbox,
    requests,
    backoff: {
      initialMs: overrides.outbox?.initialBackoffMs ?? 1000,
      maxMs: overrides.outbox?.maxBackoffMs ?? 5 * 60_000,
    },
    // Twice the call's limit plus a second for the database: a slow call is never sent twice at once.
    leaseMs: 2 * config.SLACK_TIMEOUT_MS + 1000,
    maxAttempts: 50,
    logger,
  });
  const notifier = new Notifier(app.client, {
    approvalsChannelId: config.APPROVALS_CHANNEL_ID,
    ordersChannelId: config.ORDERS_CHANNEL_ID,
    outbox,
    queue: store.outbox,
    requests,
    logger,
  });
  const recoveryIntervalMs = overrides.recoveryIntervalMs ?? config.RECOVERY_INTERVAL_MS;
  const dispatcher = new OutboxDispatcher({
    outbox,
    queue: store.outbox,
    backfill: () => notifier.backfillOutcomes(),
    intervalMs: overrides.outbox?.intervalMs ?? 1000,
    backfillIntervalMs: recoveryIntervalMs,
    logger,
  });
  const stalePlacingMs = overrides.stalePlacingMs ?? config.STALE_PLACING_MS;
  const recovery = new RecoveryWorker({
    requests,
    placer,
    reconciler: new Reconciler({
      requests,
      partnerApi,
      placer,
      stalePlacingMs,
      logger,
    }),
    instanceId: randomUUID(),
    intervalMs: recoveryIntervalMs,
    // A placement outlives neither: the lease of an instance that died mid-work lapses when its
    // `placing` request would count as stale anyway, so a restarted instance takes over then.
    leaseTtlMs: stalePlacingMs,
    onOutcome: (request: OrderRequest) => notifier.outcome(request),
    logger,
  });
  const inFlight = new InFlight();

  registerListeners(app, {
    request: {
      logger,
      lists: createPartnerLists(partnerApi, { logger }),
      orders,
      onSubmitted: async (request) => {
        await notifier.submitted(request);
      },
    },
    decision: { logger, orders, placer, policy, requests, notifier, inFlight },
  });

  const listen = overrides.host ? { port: config.PORT, host: overrides.host } : config.PORT;
  let server: unknown;
  try {
    server = await app.start(listen);
  } catch (err) {
    // Nothing may be left open: in Socket Mode the /healthz server is already listening when Slack
    // refuses the app-level token.
    await app.stop().catch(() => undefined);
    await store.close();
    await api.close();
    throw config.SLACK_APP_TOKEN
      ? new Error(
          `Socket Mode could not connect to Slack with SLACK_APP_TOKEN: ${describeError(err).message}`,
        )
      : err;
  }
  const port = addressPort(server) ?? config.PORT;
  const url = `http://${overrides.host ?? '127.0.0.1'}:${port}`;
  recovery.start();
  dispatcher.start();
  logger.info({ url, socketMode: Boolean(config.SLACK_APP_TOKEN) }, 'order desk started');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await app.stop();
      const drained = await inFlight.drain(overrides.drainTimeoutMs ?? 15_000);
      if (!drained) logger.warn({ inFlight: inFlight.size }, 'shutdown: work still in flight was left');
      await recovery.stop();
      // After the work in flight, whose messages it may still be delivering.
      await dispatcher.stop();
      await store.close();
      await api.close();
      logger.info('order desk stopped');
    })();
    return stopping;
  };
  return { url, store, orders, notifier, recovery, dispatcher, stop };
}

/** The port an http.Server listens on; undefined for Socket Mode, whose start() returns no server. */
function addressPort(server: unknown): number | undefined {
  if (typeof server !== 'object' || server === null || !('address' in server)) return undefined;
  const address = (server as { address(): AddressInfo | string | null }).address();
  return typeof address === 'object' && address ? address.port : undefined;
}

async function main(): Promise<void> {
  // Settings come from the environment; a .env file in the working directory fills in what is unset.
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const desk = await startOrderDesk(config);
  const shutdown = (signal: string) => {
    console.error(`${signal}: stopping`);
    desk.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('shutdown failed:', describeError(err).message);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('order desk failed to start:', describeError(err).message);
    process.exit(1);
  });
}
