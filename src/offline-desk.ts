import { loadConfig } from './config';
import { type OrderDesk, type OrderDeskOverrides, startOrderDesk } from './index';
import { createLogger } from './logger';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type PartnerApiSandbox,
  SANDBOX_ACCOUNT_NAME,
  startPartnerApiSandbox,
} from './sandbox/partner-api';
import { type SlackDriver, type SlackEmulator, startSlackEmulator } from './sandbox/slack';
import { PartnerApiClient, type PartnerApiClientOptions } from './yeastar/client';

/**
 * The whole order desk in this process, as `npm start` runs it, between a Partner API sandbox and the Slack
 * emulator: real HTTP both ways, real signatures. The demo and the end-to-end tests both run on it.
 */

export const SIGNING_SECRET = 'offline-signing-secret';
export const APPROVALS = 'CAPPROVALS';
export const ORDERS = 'CORDERS';
export const REQUESTER = 'UREQUESTER';
export const APPROVER = 'UAPPROVER';
export const OTHER = 'UOTHER';

export interface OfflineDesk {
  desk: OrderDesk;
  sandbox: PartnerApiSandbox;
  emulator: SlackEmulator;
  /** Acts as the people of the emulated workspace, signing what it sends to the app. */
  driver: SlackDriver;
  /** Stops the app, the emulator and the sandbox; calling it again waits for the same close. */
  close(): Promise<void>;
}

export interface OfflineDeskOptions {
  /** Settings over the offline ones: the channels above, APPROVER as the approver, SQLite in memory. */
  env?: Record<string, string>;
  /** Deadline and retries of the app's Partner API client; the client's defaults when unset. */
  partnerApi?: Pick<PartnerApiClientOptions, 'timeoutMs' | 'retry'>;
  /** Timing of the app (recovery, outbox, shutdown); the app's defaults when unset. */
  desk?: Pick<OrderDeskOverrides, 'recoveryIntervalMs' | 'drainTimeoutMs' | 'outbox' | 'clock'>;
}

/**
 * The settings that point an order desk at an emulated Slack and a Partner API sandbox: their tokens,
 * URLs and credentials, the emulated workspace's channels, and APPROVER as the approver.
 */
export function offlineSettings(
  emulator: Pick<SlackEmulator, 'botToken' | 'apiUrl'>,
  sandbox: Pick<PartnerApiSandbox, 'url'>,
  signingSecret = SIGNING_SECRET,
): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: emulator.botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: emulator.apiUrl,
    PORT: '0',
    APPROVALS_CHANNEL_ID: APPROVALS,
    ORDERS_CHANNEL_ID: ORDERS,
    APPROVER_USER_IDS: APPROVER,
    YEASTAR_BASE_URL: sandbox.url,
    YEASTAR_CLIENT_ID: DEFAULT_CLIENT_ID,
    YEASTAR_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
    YEASTAR_ACCOUNT_NAME: SANDBOX_ACCOUNT_NAME,
  };
}

export async function startOfflineDesk(options: OfflineDeskOptions = {}): Promise<OfflineDesk> {
  const sandbox = await startPartnerApiSandbox();
  const emulator = await startSlackEmulator();
  const closeWorld = async () => {
    await emulator.close();
    await sandbox.close();
  };
  let desk: OrderDesk;
  try {
    const config = loadConfig({
      ...offlineSettings(emulator, sandbox),
      DATABASE_URL: 'sqlite::memory:',
      ...options.env,
    });
    const partnerApi = new PartnerApiClient({
      baseUrl: sandbox.url,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
      ...options.partnerApi,
    });
    desk = await startOrderDesk(config, {
      logger: createLogger('silent'),
      partnerApi,
      host: '127.0.0.1',
      ...options.desk,
    });
  } catch (err) {
    await closeWorld();
    throw err;
  }
  let closed: Promise<void> | undefined;
  const closeAll = async () => {
    await desk.stop();
    await closeWorld();
  };
  return {
    desk,
    sandbox,
    emulator,
    driver: emulator.driver(`${desk.url}/slack/events`, SIGNING_SECRET),
    // Once only: a test may close early and its afterEach close again.
    close: () => {
      closed ??= closeAll();
      return closed;
    },
  };
}
