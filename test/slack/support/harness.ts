import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { createLogger, type Logger } from '../../../src/logger';
import type { OrderRequest } from '../../../src/orders/model';
import { ApproverPolicy } from '../../../src/orders/policy';
import { OrderWorkflow } from '../../../src/orders/workflow';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type PartnerApiSandbox,
  SANDBOX_ACCOUNT_NAME,
  startPartnerApiSandbox,
} from '../../../src/sandbox/partner-api';
import { type SlackDriver, type SlackEmulator, startSlackEmulator } from '../../../src/sandbox/slack';
import { PartnerLists } from '../../../src/slack/options/partner-lists';
import { registerRequestListeners } from '../../../src/slack/request-flow';
import { openDatabase, type Store } from '../../../src/store';
import { PartnerApiClient } from '../../../src/yeastar/client';
import { PartnerApiOrders } from '../../../src/yeastar/partner-orders';
import { PartnerApiPrices } from '../../../src/yeastar/partner-prices';
import { TEST_TIMING } from '../../orders/harness';

export const SIGNING_SECRET = 'request-flow-test-signing-secret';
export const REQUESTER = 'UREQUESTER';

export interface HarnessOptions {
  /** What the notifier does once a request is stored (posting it for approval); records it by default. */
  onSubmitted?: (request: OrderRequest) => Promise<void>;
  /** The lists' deadline; small so that "API down" tests stay fast. */
  deadlineMs?: number;
}

/** The REQUEST side running as in production, over real HTTP, against local Slack and Yeastar stand-ins. */
export interface RequestHarness {
  emulator: SlackEmulator;
  sandbox: PartnerApiSandbox;
  driver: SlackDriver;
  store: Store;
  /** Requests handed to onSubmitted, in order. */
  submitted: OrderRequest[];
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

function capturingLogger(lines: Record<string, unknown>[]): Logger {
  return createLogger('info', { write: (line: string) => lines.push(JSON.parse(line)) });
}

export async function startRequestHarness(options: HarnessOptions = {}): Promise<RequestHarness> {
  const emulator = await startSlackEmulator();
  const sandbox = await startPartnerApiSandbox();
  const store = await openDatabase('sqlite::memory:');
  const logs: Record<string, unknown>[] = [];
  const logger = capturingLogger(logs);
  const api = new PartnerApiClient({
    baseUrl: sandbox.url,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret: DEFAULT_CLIENT_SECRET,
    timeoutMs: 1000,
    retry: { maxAttempts: 1 },
  });
  const lists = new PartnerLists(api, { deadlineMs: options.deadlineMs ?? 300, logger });
  const submitted: OrderRequest[] = [];
  const onSubmitted =
    options.onSubmitted ??
    (async (request: OrderRequest) => {
      submitted.push(request);
    });
  const workflow = new OrderWorkflow({
    store: store.requests,
    partner: new PartnerApiOrders(api),
    prices: new PartnerApiPrices(api, { deadlineMs: lists.deadlineMs, logger }),
    notifier: {
      submitted: onSubmitted,
      decided: async () => undefined,
      outcome: async () => undefined,
      reminder: async () => undefined,
      repriced: async () => undefined,
    },
    policy: new ApproverPolicy({ approverUserIds: ['UAPPROVER'], allowSelfApproval: false }, async () => []),
    instanceId: 'request-harness',
    timing: TEST_TIMING,
    logger,
  });
  const app = new App({
    token: emulator.botToken,
    signingSecret: SIGNING_SECRET,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } },
  });
  registerRequestListeners(app, { logger, lists, workflow, ownAccount: SANDBOX_ACCOUNT_NAME });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as {
    address(): AddressInfo | string | null;
  };
  const { port } = server.address() as AddressInfo;
  const driver = emulator.driver(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET);
  let closed = false;
  return {
    emulator,
    sandbox,
    driver,
    store,
    submitted,
    logs,
    close: async () => {
      if (closed) return;
      closed = true;
      await app.stop();
      await Promise.all([emulator.close(), sandbox.close(), store.close().catch(() => undefined)]);
    },
  };
}

/** Polls for something the app does after its answer to Slack (e.g. onSubmitted, a log line). */
export async function eventually<T>(probe: () => T | undefined | null | false, what: string): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
