import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { type Config, ConfigError, loadConfig } from './config';
import { loadEnvFile } from './env-file';
import { releaseHeapWhenIdle } from './idle-heap-release';
import { createLogger, type Logger } from './logger';
import { DeskMetrics } from './metrics';
import { ApproverPolicy, DeskOverview, OrderWorkflow, RecoveryWorker } from './orders';
import { describeError } from './orders/describe-error';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  SANDBOX_ACCOUNT_NAME,
  startPartnerApiSandbox,
} from './sandbox/partner-api';
import { createSlackApp, type HealthReport, registerListeners } from './slack/app';
import { AppHome, notifyingHomes } from './slack/home';
import { InFlight } from './slack/in-flight';
import { SlackMessages } from './slack/messages';
import { SlackNotifier } from './slack/notifier';
import { createPartnerLists } from './slack/options/partner-lists';
import { createOutboxClient, OutboxDispatcher, observedClient, SlackOutbox } from './slack/outbox';
import { usergroupMembers } from './slack/usergroups';
import { type Clock, openDatabase, type Store } from './store';
import { PartnerApiClient } from './yeastar/client';
import { tryCredentials } from './yeastar/diagnosis';
import type { CallObserver } from './yeastar/http';
import { PartnerApiOrders } from './yeastar/partner-orders';
import { PartnerApiPrices } from './yeastar/partner-prices';

export interface OrderDeskOverrides {
  logger?: Logger;
  /** A Partner API client to use instead of the one the config describes (tests point it at their sandbox). */
  partnerApi?: PartnerApiClient;
  /** Pause between recovery runs; RECOVERY_INTERVAL_MS when unset. */
  recoveryIntervalMs?: number;
  /** Timing of the Slack outbox: its dispatcher's pause and the backoff of a failing message. */
  outbox?: { intervalMs?: number; initialBackoffMs?: number; maxBackoffMs?: number };
  /** How long shutdown waits for placements in flight; 15 s by default. */
  drainTimeoutMs?: number;
  /** Interface to listen on in HTTP mode; all interfaces by default. */
  host?: string;
  /** The store's clock instead of the database's: tests let reminders, expiry and leases come due at will. */
  clock?: Clock;
  /** Told as each start-up step that takes something has taken it; tests throw here to fail the next. */
  started?: (step: StartStep) => void;
}

/** The start-up steps that take something a failed start must give back. */
export type StartStep = 'store' | 'partner-api' | 'http-server' | 'recovery' | 'dispatcher';

export interface OrderDesk {
  /** Base URL of the HTTP server (events at `${url}/slack/events`, health at `${url}/healthz`). */
  url: string;
  store: Store;
  workflow: OrderWorkflow;
  notifier: SlackNotifier;
  recovery: RecoveryWorker;
  dispatcher: OutboxDispatcher;
  /** Stops taking work, lets placements in flight finish (bounded), stops recovery, closes the database. */
  stop(): Promise<void>;
}

/** The built-in sandbox's account has a name of its own. */
function ownAccountName(config: Config): string | undefined {
  return config.YEASTAR_ACCOUNT_NAME || (config.YEASTAR_SANDBOX ? SANDBOX_ACCOUNT_NAME : undefined);
}

const SANDBOX_WARNING = 'YEASTAR_SANDBOX=true: orders go to the built-in sandbox, not to Yeastar';

async function partnerApiFor(
  config: Config,
  logger: Logger,
  overrides: OrderDeskOverrides,
  onCall: CallObserver | undefined,
) {
  if (overrides.partnerApi) return { partnerApi: overrides.partnerApi, close: async () => undefined };
  const observed = onCall ? { onCall } : {};
  if (config.YEASTAR_SANDBOX) {
    const sandbox = await startPartnerApiSandbox();
    logger.warn({ sandboxUrl: sandbox.url }, SANDBOX_WARNING);
    const partnerApi = new PartnerApiClient({
      baseUrl: sandbox.url,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
      logger,
      traceShapes: config.YEASTAR_TRACE_SHAPES,
      ...observed,
    });
    return { partnerApi, close: () => sandbox.close() };
  }
  const partnerApi = new PartnerApiClient({
    baseUrl: config.YEASTAR_BASE_URL,
    clientId: config.YEASTAR_CLIENT_ID ?? '',
    clientSecret: config.YEASTAR_CLIENT_SECRET ?? '',
    logger,
    traceShapes: config.YEASTAR_TRACE_SHAPES,
    ...observed,
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

/** Longest pause between two lookups of a request in doubt. */
const MAX_CHECK_INTERVAL_MS = 60 * 60_000;
/** A Home tab opened within this long is published again when a request it shows changes elsewhere. */
const HOME_LIVE_MS = 30 * 60_000;
/** One publish per person for the changes of this long: a burst of approvals is one refresh. */
const HOME_COALESCE_MS = 1000;
/** How often the app looks whether it has idled after a burst with more heap than it needs (see idle-heap-release.ts). */
const HEAP_RELEASE_CHECK_MS = 10_000;

/** Closes what start-up opened, newest first; a failing close does not keep the others open. */
async function closeAll(closers: (() => Promise<unknown>)[]): Promise<void> {
  for (const close of closers.reverse()) await close().catch(() => undefined);
}

/**
 * Starts the whole app in this process: store, Partner API client, workflow, Slack app, recovery and the
 * outbox dispatcher. If a step fails, what the earlier steps opened is closed again.
 */
export async function startOrderDesk(config: Config, overrides: OrderDeskOverrides = {}): Promise<OrderDesk> {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const closers: (() => Promise<unknown>)[] = [];
  try {
    return await assemble(config, overrides, logger, closers);
  } catch (err) {
    await closeAll(closers);
    throw err;
  }
}

async function assemble(
  config: Config,
  overrides: OrderDeskOverrides,
  logger: Logger,
  closers: (() => Promise<unknown>)[],
): Promise<OrderDesk> {
  const started = overrides.started ?? (() => undefined);
  const store = await openDatabase(config.DATABASE_URL, {
    logger,
    ...(overrides.clock && { clock: overrides.clock }),
  });
  closers.push(() => store.close());
  started('store');
  const metrics = config.METRICS_TOKEN
    ? new DeskMetrics(config.METRICS_TOKEN, (actions) => store.figures.read(actions))
    : undefined;
  const api = await partnerApiFor(config, logger, overrides, metrics?.partnerApiCall);
  closers.push(api.close);
  started('partner-api');

  const app = createSlackApp({
    settings: config,
    logger,
    health: healthOf(store),
    ...(metrics && { metrics }),
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
  const messages = new SlackMessages({
    sandbox: config.YEASTAR_SANDBOX,
    approvers: {
      userIds: config.APPROVER_USER_IDS,
      ...(config.APPROVER_USERGROUP_ID && { usergroupId: config.APPROVER_USERGROUP_ID }),
    },
    approvalsChannelId: config.APPROVALS_CHANNEL_ID,
    ordersChannelId: config.ORDERS_CHANNEL_ID,
  });
  const outboxClient = createOutboxClient(config, logger, config.SLACK_TIMEOUT_MS);
  const outbox: SlackOutbox = new SlackOutbox({
    client: metrics ? observedClient(outboxClient, metrics.slackError) : outboxClient,
    render: (kind, request) => messages.render(kind, request),
    // The notifier is made below; this is only called once deliveries run.
    onApprovalUnposted: (requestId: string, error: string): Promise<void> =>
      notifier.approvalUnposted(requestId, error),
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
  const lists = createPartnerLists(api.partnerApi, {
    logger,
    ...(metrics && { onLookup: metrics.listLookup }),
  });
  const home = new AppHome({
    overview: new DeskOverview({ queries: requests, policy }),
    ctx: messages.ctx,
    logger,
    refresh: { client: app.client, liveMs: HOME_LIVE_MS, coalesceMs: HOME_COALESCE_MS },
    lists,
    ...(overrides.clock && { now: overrides.clock }),
  });
  const notifier: SlackNotifier = new SlackNotifier({
    messages,
    outbox,
    queue: store.outbox,
    requests,
    logger,
  });
  const recoveryIntervalMs = overrides.recoveryIntervalMs ?? config.RECOVERY_INTERVAL_MS;
  const dispatcher = new OutboxDispatcher({
    outbox,
    queue: store.outbox,
    backfill: () => notifier.backfill(),
    intervalMs: overrides.outbox?.intervalMs ?? 1000,
    backfillIntervalMs: recoveryIntervalMs,
    logger,
  });
  const instanceId = randomUUID();
  const workflow = new OrderWorkflow({
    store: requests,
    partner: new PartnerApiOrders(api.partnerApi, metrics?.placement),
    // A price is asked within the lists' deadline: submission answers Slack within its 3 s.
    prices: new PartnerApiPrices(api.partnerApi, { deadlineMs: lists.deadlineMs, logger }),
    notifier: notifyingHomes(notifier, home),
    policy,
    instanceId,
    timing: {
      orderDeadlineMs: config.ORDER_DEADLINE_MS,
      placingLeaseMs: config.STALE_PLACING_MS,
      graceMs: config.RECONCILE_GRACE_MS,
      checkIntervalMs: recoveryIntervalMs,
      maxCheckIntervalMs: Math.max(recoveryIntervalMs, MAX_CHECK_INTERVAL_MS),
      reminderAfterMs: config.REMINDER_AFTER,
      maxReminders: config.REMINDER_MAX,
      expireAfterMs: config.EXPIRE_AFTER,
    },
    secondApproval: {
      productIds: config.SECOND_APPROVAL_PRODUCTS,
      ...(config.SECOND_APPROVAL_ABOVE_QUANTITY !== undefined && {
        aboveQuantity: config.SECOND_APPROVAL_ABOVE_QUANTITY,
      }),
      ...(config.SECOND_APPROVAL_ABOVE_AMOUNT && { aboveAmount: config.SECOND_APPROVAL_ABOVE_AMOUNT }),
    },
    logger,
  });
  const recovery = new RecoveryWorker({
    store: requests,
    workflow,
    instanceId,
    intervalMs: recoveryIntervalMs,
    // The lease of an instance that died mid-work lapses as a placer's would: then another takes over.
    leaseTtlMs: config.STALE_PLACING_MS,
    logger,
  });
  const inFlight = new InFlight();

  registerListeners(app, {
    request: {
      logger,
      lists,
      workflow,
      sandbox: config.YEASTAR_SANDBOX,
      ...(ownAccountName(config) && { ownAccount: ownAccountName(config) }),
    },
    decision: {
      logger,
      workflow,
      inFlight,
      approvalsChannelId: config.APPROVALS_CHANNEL_ID,
      sandbox: config.YEASTAR_SANDBOX,
      home,
    },
    home: { home },
  });

  const listen = overrides.host ? { port: config.PORT, host: overrides.host } : config.PORT;
  let server: unknown;
  try {
    server = await app.start(listen);
  } catch (err) {
    // In Socket Mode the /healthz server is already listening when Slack refuses the app-level token.
    await app.stop().catch(() => undefined);
    throw config.SLACK_APP_TOKEN
      ? new Error(
          `Socket Mode could not connect to Slack with SLACK_APP_TOKEN: ${describeError(err).message}`,
        )
      : err;
  }
  // Once listening, a failure stops what runs (newest first) before the store and sandbox are closed.
  const running: (() => Promise<unknown>)[] = [() => app.stop()];
  try {
    started('http-server');
    recovery.start();
    running.push(() => recovery.stop());
    started('recovery');
    dispatcher.start();
    running.push(() => dispatcher.stop());
    started('dispatcher');
  } catch (err) {
    await closeAll(running);
    throw err;
  }
  const port = addressPort(server) ?? config.PORT;
  const url = `http://${overrides.host ?? '127.0.0.1'}:${port}`;
  logger.info({ url, socketMode: Boolean(config.SLACK_APP_TOKEN) }, 'order desk started');
  const stopHeapRelease = releaseHeapWhenIdle(HEAP_RELEASE_CHECK_MS, (released) =>
    logger.info(released, 'idle: heap grown by a burst given back'),
  );
  const credentialCheck = new AbortController();
  const credentialsTried = tryCredentials(api.partnerApi, logger, credentialCheck.signal);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      credentialCheck.abort();
      stopHeapRelease();
      await credentialsTried;
      await app.stop();
      const drainMs = overrides.drainTimeoutMs ?? 15_000;
      const drained = await inFlight.drain(drainMs);
      if (!drained) logger.warn({ inFlight: inFlight.size }, 'shutdown: work still in flight was left');
      await recovery.stop();
      // After the work in flight, whose messages are still being delivered; what is left stays queued.
      await notifier.drain(drainMs);
      await dispatcher.stop();
      home.stop();
      await closeAll(closers);
      logger.info('order desk stopped');
    })();
    return stopping;
  };
  return { url, store, workflow, notifier, recovery, dispatcher, stop };
}

/** The port an http.Server listens on; undefined for Socket Mode, whose start() returns no server. */
function addressPort(server: unknown): number | undefined {
  if (typeof server !== 'object' || server === null || !('address' in server)) return undefined;
  const address = (server as { address(): AddressInfo | string | null }).address();
  return typeof address === 'object' && address ? address.port : undefined;
}

async function main(): Promise<void> {
  // Settings come from the environment; a .env file in the working directory fills in what is unset.
  loadEnvFile();
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
