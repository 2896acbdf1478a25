import { createServer } from 'node:net';
import { loadConfig } from '../../src/config';
import { playRequest, TUTORIAL_PLAYS } from '../../src/demo';
import { type OrderDesk, startOrderDesk } from '../../src/index';
import { createLogger } from '../../src/logger';
import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import { type SlackEmulator, startSlackEmulator } from '../../src/sandbox/slack';
import { UNAVAILABLE_VALUE } from '../../src/slack/options/option-list';
import { PartnerApiClient } from '../../src/yeastar/client';
import { parseJson } from '../../src/yeastar/json';
import { tutorialRequestText } from '../catalog/support';

/**
 * The order desk in Socket Mode, as `npm start` runs it with SLACK_APP_TOKEN set: it connects out to the
 * Slack emulator, and every command, dropdown, submission and click reaches it over that socket.
 */

const APPROVALS = 'CAPPROVALS';
const ORDERS = 'CORDERS';
const REQUESTER = 'UREQUESTER';
const APPROVER = 'UAPPROVER';

let sandbox: PartnerApiSandbox;
let emulator: SlackEmulator;
let desk: OrderDesk | undefined;
let port: number;

/** A port free right now: in Socket Mode Bolt reports no server, so the test picks /healthz's port. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

async function startDesk(appToken: string): Promise<OrderDesk> {
  const config = loadConfig({
    SLACK_BOT_TOKEN: emulator.botToken,
    SLACK_SIGNING_SECRET: 'unused-in-socket-mode',
    SLACK_APP_TOKEN: appToken,
    SLACK_API_URL: emulator.apiUrl,
    PORT: String(port),
    APPROVALS_CHANNEL_ID: APPROVALS,
    ORDERS_CHANNEL_ID: ORDERS,
    APPROVER_USER_IDS: APPROVER,
    YEASTAR_CLIENT_ID: 'sandbox',
    YEASTAR_CLIENT_SECRET: 'sandbox-secret',
    DATABASE_URL: 'sqlite::memory:',
  });
  return startOrderDesk(config, {
    logger: createLogger('silent'),
    partnerApi: new PartnerApiClient({
      baseUrl: sandbox.url,
      clientId: 'sandbox',
      clientSecret: 'sandbox-secret',
      timeoutMs: 1000,
      retry: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 20 },
    }),
    recoveryIntervalMs: 60_000,
    drainTimeoutMs: 2000,
    outbox: { intervalMs: 20 },
  });
}

beforeEach(async () => {
  sandbox = await startPartnerApiSandbox();
  emulator = await startSlackEmulator();
  port = await freePort();
});

afterEach(async () => {
  await desk?.stop();
  desk = undefined;
  await emulator.close();
  await sandbox.close();
});

function withoutPoNumber(text: string): unknown {
  const { poNumber: _ignored, ...rest } = parseJson(text) as Record<string, unknown>;
  return rest;
}

test('when the app runs in Socket Mode, then a YCM White Label renewal goes from /renew through approval to the tutorial body over the socket', async () => {
  desk = await startDesk(emulator.appToken);
  expect(emulator.calls('apps.connections.open')).toEqual([expect.objectContaining({ ok: true })]);
  expect(emulator.socketModeConnections()).toBe(1);
  const driver = emulator.socketModeDriver();
  const transcript: string[] = [];

  await playRequest(driver, REQUESTER, TUTORIAL_PLAYS['renew-ycm-white-label'], (line) =>
    transcript.push(line),
  );

  // What to renew came, by name, from the app's options answer, carried back in its ack.
  expect(transcript).toContain('    What to renew: chose "YCM White Label, until 20 May 2027"');
  const approval = await emulator.waitFor(() => emulator.messages(APPROVALS)[0], { what: 'approval' });
  const [stored] = await desk.store.requests.listRequesterRequests(REQUESTER, 1);
  expect(stored).toMatchObject({ state: 'pending_approval', scenarioId: 'renew-ycm-white-label' });

  expect(await driver.click(APPROVER, APPROVALS, approval.ts, 'approve_request')).toEqual({
    status: 200,
    body: null,
  });
  const [reply] = await emulator.waitFor(
    () => emulator.thread(APPROVALS, approval.ts).length > 0 && emulator.thread(APPROVALS, approval.ts),
    { what: 'the reply in the approval thread' },
  );
  const [order] = sandbox.orders();
  expect(sandbox.orders()).toHaveLength(1);
  expect(withoutPoNumber(order?.rawBody ?? '{}')).toEqual(
    withoutPoNumber(tutorialRequestText('renew-ycm-white-label')),
  );
  expect(reply?.text).toContain(`Ordered: order *${order?.orderNo}*`);
});

test('when someone opens the Home tab in Socket Mode, then the app publishes it from the events_api envelope', async () => {
  desk = await startDesk(emulator.appToken);

  expect(await emulator.socketModeDriver().openHome(APPROVER)).toEqual({ status: 200, body: null });

  const home = await emulator.waitFor(() => emulator.home(APPROVER), { what: 'the Home tab' });
  expect(JSON.stringify(home.view.blocks)).toContain('Nothing waits for your approval.');
});

test('when a submission is refused in Socket Mode, then the errors come back to the modal through the ack', async () => {
  desk = await startDesk(emulator.appToken);

  // The Partner API hangs: the billing contacts cannot be listed, and their stand-in entry is refused.
  sandbox.faults.hang(true);
  const refused = playRequest(emulator.socketModeDriver(), REQUESTER, {
    command: '/purchase',
    choices: { product: '20', billing_contact: UNAVAILABLE_VALUE, service: UNAVAILABLE_VALUE, quantity: '9' },
  });

  await expect(refused).rejects.toThrow('"response_action":"errors"');
  expect(await desk.store.requests.listRequesterRequests(REQUESTER, 1)).toEqual([]);
});

test('when the app runs in Socket Mode, then /healthz still answers on PORT', async () => {
  desk = await startDesk(emulator.appToken);

  const response = await fetch(`http://127.0.0.1:${port}/healthz`);

  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', database: 'reachable' });
});

test('when the app-level token is wrong, then start-up fails at once with a clear error that does not show the token', async () => {
  const wrongToken = 'xapp-not-this-app';

  const started = startDesk(wrongToken);

  await expect(started).rejects.toThrow(
    'Socket Mode could not connect to Slack with SLACK_APP_TOKEN: An API error occurred: invalid_auth',
  );
  const error = await started.catch((err: unknown) => String(err));
  expect(error).not.toContain(wrongToken);
  expect(emulator.socketModeConnections()).toBe(0);
  // Nothing is left serving: the /healthz server that Socket Mode had started is closed again.
  await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
});

test('when the app stops, then it closes its Socket Mode connection', async () => {
  desk = await startDesk(emulator.appToken);
  expect(emulator.socketModeConnections()).toBe(1);

  await desk.stop();

  // The close handshake ends after stop() returns: Bolt does not wait for it.
  await new Promise<void>((resolve) => {
    const check = () => (emulator.socketModeConnections() === 0 ? resolve() : setTimeout(check, 5));
    check();
  });
  expect(emulator.calls('apps.connections.open')).toHaveLength(1);
});
