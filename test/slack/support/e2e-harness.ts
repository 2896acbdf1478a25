import { validateOrderInput } from '../../../src/catalog';
import { loadConfig } from '../../../src/config';
import { type OrderDesk, type OrderDeskOverrides, startOrderDesk } from '../../../src/index';
import { createLogger } from '../../../src/logger';
import type { OrderRequest } from '../../../src/orders';
import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../../src/sandbox/partner-api';
import { type SlackDriver, type SlackEmulator, startSlackEmulator } from '../../../src/sandbox/slack';
import { PartnerApiClient } from '../../../src/yeastar/client';
import { scenarioById, TUTORIAL_CASES } from '../../catalog/support';

/**
 * The whole order desk in-process, as `npm start` runs it, between a Partner API sandbox and the Slack
 * emulator: real HTTP both ways, real signatures, SQLite in memory.
 */

export const SIGNING_SECRET = 'e2e-signing-secret';
export const APPROVALS = 'CAPPROVALS';
export const ORDERS = 'CORDERS';
export const REQUESTER = 'UREQUESTER';
export const APPROVER = 'UAPPROVER';
export const OTHER = 'UOTHER';

export interface Harness {
  desk: OrderDesk;
  sandbox: PartnerApiSandbox;
  emulator: SlackEmulator;
  driver: SlackDriver;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  recoveryIntervalMs?: number;
  /** Slack outbox timing (dispatcher pause, backoff); production defaults when unset. */
  outbox?: OrderDeskOverrides['outbox'];
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sandbox = await startPartnerApiSandbox();
  const emulator = await startSlackEmulator();
  const config = loadConfig({
    SLACK_BOT_TOKEN: emulator.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: emulator.apiUrl,
    PORT: '0',
    APPROVALS_CHANNEL_ID: APPROVALS,
    ORDERS_CHANNEL_ID: ORDERS,
    APPROVER_USER_IDS: APPROVER,
    YEASTAR_CLIENT_ID: 'sandbox',
    YEASTAR_CLIENT_SECRET: 'sandbox-secret',
    DATABASE_URL: 'sqlite::memory:',
    ...options.env,
  });
  const partnerApi = new PartnerApiClient({
    baseUrl: sandbox.url,
    clientId: 'sandbox',
    clientSecret: 'sandbox-secret',
    timeoutMs: 1000,
    retry: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 20 },
  });
  const desk = await startOrderDesk(config, {
    logger: createLogger('silent'),
    partnerApi,
    host: '127.0.0.1',
    recoveryIntervalMs: options.recoveryIntervalMs ?? 60_000,
    drainTimeoutMs: 2000,
    slackRetries: 0,
    ...(options.outbox ? { outbox: options.outbox } : {}),
  });
  return {
    desk,
    sandbox,
    emulator,
    driver: emulator.driver(`${desk.url}/slack/events`, SIGNING_SECRET),
    close: async () => {
      await desk.stop();
      await emulator.close();
      await sandbox.close();
    },
  };
}

export type TutorialName = (typeof TUTORIAL_CASES)[number]['tutorial'];

/**
 * Stores a tutorial's request and posts it, exactly as the request side's submission does after the modal
 * closes; for tests about deciding, where working the modal is beside the point.
 */
export async function submitTutorial(
  h: Harness,
  tutorial: TutorialName,
  overrides: Record<string, unknown> = {},
  requesterId = REQUESTER,
): Promise<OrderRequest> {
  const found = TUTORIAL_CASES.find((c) => c.tutorial === tutorial);
  if (!found) throw new Error(`no tutorial ${tutorial}`);
  const validated = validateOrderInput(scenarioById(found.scenarioId), { ...found.raw, ...overrides });
  if (!validated.ok) throw new Error(`refused: ${JSON.stringify(validated.errors)}`);
  const request = await h.desk.orders.submit({
    requesterId,
    scenarioId: found.scenarioId,
    input: { ...validated.value, labels: { scenario: scenarioById(found.scenarioId).label } },
  } as Parameters<OrderDesk['orders']['submit']>[0]);
  return h.desk.notifier.submitted(request);
}

/** The approval message of a request, as it is in the channel now. */
export function approvalMessageOf(h: Harness, request: OrderRequest) {
  const ts = request.slack.approvalMessageTs;
  const message = h.emulator.messages(APPROVALS).find((m) => m.ts === ts);
  if (!message) throw new Error(`no approval message for ${request.id}`);
  return message;
}

export function threadOf(h: Harness, request: OrderRequest) {
  return h.emulator.thread(APPROVALS, request.slack.approvalMessageTs ?? '');
}

/** Waits until the approval thread has `count` replies. */
export function waitForThread(h: Harness, request: OrderRequest, count = 1) {
  return h.emulator.waitFor(() => threadOf(h, request).length >= count && threadOf(h, request), {
    what: `${count} repl(ies) in the approval thread`,
  });
}

export function hasButtons(message: { blocks: { type: string }[] }): boolean {
  return message.blocks.some((b) => b.type === 'actions');
}
