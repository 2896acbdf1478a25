import { loadConfig } from '../src/config';
import { type OrderDesk, startOrderDesk } from '../src/index';
import { offlineSettings } from '../src/offline-desk';
import { type PartnerApiSandbox, startPartnerApiSandbox } from '../src/sandbox/partner-api';
import { type SlackEmulator, startSlackEmulator } from '../src/sandbox/slack';
import { captureLogs } from './store/capture-logs';
import { until } from './support/poll';

/** The Partner API credentials are tried at start, and a refusal is in the log with its cause, not only later. */

let sandbox: PartnerApiSandbox;
let emulator: SlackEmulator;
let desk: OrderDesk | undefined;
beforeEach(async () => {
  sandbox = await startPartnerApiSandbox();
  emulator = await startSlackEmulator();
});
afterEach(async () => {
  await desk?.stop();
  desk = undefined;
  await emulator.close();
  await sandbox.close();
});

async function startWith(env: Record<string, string> = {}) {
  const logs = captureLogs();
  const config = loadConfig({
    ...offlineSettings(emulator, sandbox),
    DATABASE_URL: 'sqlite::memory:',
    ...env,
  });
  desk = await startOrderDesk(config, { logger: logs.logger, host: '127.0.0.1' });
  // Bolt checks the bot token as it is built, without waiting: let that answer come before the emulator closes.
  await emulator.waitFor(() => emulator.calls('auth.test').length > 0, { what: 'the bot token check' });
  const checked = () =>
    until(
      async () => logs.lines().find((l) => String(l.msg).startsWith('partner api credentials')),
      'the credentials to be tried',
    );
  return { logs, checked };
}

test('when the client secret is wrong, then the app starts and logs at once that the client ID or secret is wrong, and how to fix it', async () => {
  const { logs, checked } = await startWith({ YEASTAR_CLIENT_SECRET: 'a-wrong-secret' });

  expect(await checked()).toMatchObject({
    level: 50,
    msg: 'partner api credentials could not be used',
    cause: expect.stringMatching(/^the client ID or the client secret is wrong/),
    fix: expect.stringMatching(/YEASTAR_CLIENT_SECRET/),
  });
  expect(logs.lines().some((l) => l.msg === 'order desk started')).toBe(true);
  expect(logs.text()).not.toContain('a-wrong-secret');
});

test('when Client IP Restriction refuses this machine, then the log says so at start', async () => {
  sandbox.faults.restrictIp(true);
  const { checked } = await startWith();

  expect(await checked()).toMatchObject({ cause: expect.stringMatching(/Client IP Restriction/) });
});

test('when the credentials are right, then the log says they were accepted', async () => {
  const { checked } = await startWith();

  expect(await checked()).toMatchObject({ level: 30, msg: 'partner api credentials accepted' });
});
