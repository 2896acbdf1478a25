import { captureLogs } from './store/capture-logs';
import { useOfflineWorld } from './support/offline-world';
import { until } from './support/poll';

/** The Partner API credentials are tried at start, and a refusal is in the log with its cause, not only later. */

const world = useOfflineWorld();

async function startWith(env: Record<string, string> = {}) {
  const logs = captureLogs();
  await world.startDesk(env, { logger: logs.logger });
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
  world.sandbox.faults.restrictIp(true);
  const { checked } = await startWith();

  expect(await checked()).toMatchObject({ cause: expect.stringMatching(/Client IP Restriction/) });
});

test('when the credentials are right, then the log says they were accepted', async () => {
  const { checked } = await startWith();

  expect(await checked()).toMatchObject({ level: 30, msg: 'partner api credentials accepted' });
});
