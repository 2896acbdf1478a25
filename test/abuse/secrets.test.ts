import { sql } from 'kysely';
import { loadConfig } from '../../src/config';
import { playRequest, TUTORIAL_PLAYS } from '../../src/demo';
import { type OrderDesk, startOrderDesk } from '../../src/index';
import { createLogger } from '../../src/logger';
import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import { type SlackDriver, type SlackEmulator, startSlackEmulator } from '../../src/sandbox/slack';
import { PartnerApiClient } from '../../src/yeastar/client';
import { type Harness, submitTutorial } from '../slack/support/e2e-harness';
import { startRecordingProxy } from '../yeastar/support/recording-proxy';

/**
 * A whole day's work — a placed order, a rejection, a refused order, an expired token — with logging at
 * trace, then a search for every secret the app held in everything it wrote: logs, Slack calls, rows.
 */

const BOT_TOKEN = 'xoxb-4242-secret-bot-token-7f3a';
const SIGNING_SECRET = 'signing-secret-9c81d2e4';
const CLIENT_SECRET = 'partner-client-secret-51be';
const BILLING = '3197218168379846218';
const APPROVALS = 'CAPPROVALS';

let sandbox: PartnerApiSandbox;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
let emulator: SlackEmulator;
let desk: OrderDesk;
const logLines: string[] = [];

beforeAll(async () => {
  sandbox = await startPartnerApiSandbox({ clientSecret: CLIENT_SECRET });
  proxy = await startRecordingProxy(sandbox.url);
  emulator = await startSlackEmulator({ botToken: BOT_TOKEN });
  const logger = createLogger('trace', { write: (line: string) => logLines.push(line) });
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: emulator.apiUrl,
    PORT: '0',
    APPROVALS_CHANNEL_ID: APPROVALS,
    ORDERS_CHANNEL_ID: 'CORDERS',
    APPROVER_USER_IDS: 'UAPPROVER',
    YEASTAR_CLIENT_ID: 'sandbox',
    YEASTAR_CLIENT_SECRET: CLIENT_SECRET,
    DATABASE_URL: 'sqlite::memory:',
    LOG_LEVEL: 'trace',
  });
  const partnerApi = new PartnerApiClient({
    baseUrl: proxy.url,
    clientId: 'sandbox',
    clientSecret: CLIENT_SECRET,
    timeoutMs: 1000,
    retry: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 20 },
    logger,
  });
  desk = await startOrderDesk(config, {
    logger,
    partnerApi,
    host: '127.0.0.1',
    recoveryIntervalMs: 60_000,
    drainTimeoutMs: 2000,
  });
});

afterAll(async () => {
  await desk.stop();
  await Promise.all([emulator.close(), proxy.close()]);
  await sandbox.close();
});

async function request(driver: SlackDriver, billingContact: string) {
  const before = emulator.messages(APPROVALS).length;
  const ycm = TUTORIAL_PLAYS['renew-ycm-white-label'];
  await playRequest(driver, 'UREQUESTER', {
    ...ycm,
    choices: { ...ycm.choices, billing_contact: billingContact },
  });
  return emulator.waitFor(() => emulator.messages(APPROVALS)[before], { what: 'approval message' });
}

/** Every row of every table, as text. */
async function databaseText(): Promise<string> {
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
    desk.store.db,
  );
  const dumps = await Promise.all(
    tables.rows.map(async ({ name }) =>
      JSON.stringify((await sql`select * from ${sql.table(name)}`.execute(desk.store.db)).rows),
    ),
  );
  return dumps.join('\n');
}

test('when requests are placed, rejected and refused with trace logging, then no Slack or Partner API secret or token appears in any log line, Slack call or database row', async () => {
  const driver = emulator.driver(`${desk.url}/slack/events`, SIGNING_SECRET);

  const placed = await request(driver, BILLING);
  // Every token held so far stops working: the client must renew, and the new tokens are secrets too.
  sandbox.expireAllTokens();
  await driver.click('UAPPROVER', APPROVALS, placed.ts, 'approve_request');
  await emulator.waitFor(() => emulator.thread(APPROVALS, placed.ts)[0], { what: 'placed reply' });

  const rejected = await request(driver, BILLING);
  await driver.click('UAPPROVER', APPROVALS, rejected.ts, 'reject_request');
  const modal = await driver.waitForView('UAPPROVER');
  modal.setValue('reason', 'reason_input', 'Not this quarter');
  await modal.submit();
  await emulator.waitFor(() => emulator.messages('UREQUESTER').some((m) => m.text.includes('was rejected')), {
    what: 'rejection DM',
  });

  // A contact the API does not know: the order is refused with the API's own message.
  const h: Harness = { desk, sandbox, emulator, driver, close: async () => undefined };
  const refused = await submitTutorial(h, 'renew-ycm-white-label', {
    billingContactId: '1234567890123456789',
  });
  const refusedTs = refused.slack.approvalMessageTs ?? '';
  await driver.click('UAPPROVER', APPROVALS, refusedTs, 'approve_request');
  await emulator.waitFor(() => emulator.thread(APPROVALS, refusedTs)[0], { what: 'refused reply' });

  // The flow really went through every branch and every kind of secret was in play.
  const states = (await desk.store.requests.listRequesterRequests('UREQUESTER', 10))
    .map((r) => r.state)
    .sort();
  expect(states).toEqual(['failed', 'placed', 'rejected']);
  expect(proxy.tokens.length).toBeGreaterThanOrEqual(4);
  expect(logLines.some((line) => line.includes('"level":20'))).toBe(true);

  const places = {
    logs: logLines.join('\n'),
    slack: JSON.stringify(emulator.calls()),
    messages: JSON.stringify(
      [APPROVALS, 'CORDERS', 'UREQUESTER', 'UAPPROVER'].map((c) => emulator.messages(c)),
    ),
    database: await databaseText(),
  };
  for (const secret of [BOT_TOKEN, SIGNING_SECRET, CLIENT_SECRET, ...proxy.tokens]) {
    for (const [where, text] of Object.entries(places)) {
      expect({ where, leaked: text.includes(secret) }).toEqual({ where, leaked: false });
    }
  }
});
