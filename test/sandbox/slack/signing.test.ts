import {
  type SlackDriver,
  type SlackEmulator,
  signedHeaders,
  startSlackEmulator,
} from '../../../src/sandbox/slack';
import { type RenewApp, SIGNING_SECRET, startRenewApp } from './renew-app';

let emulator: SlackEmulator;
let app: RenewApp;
let driver: SlackDriver;

beforeAll(async () => {
  emulator = await startSlackEmulator();
  app = await startRenewApp(emulator.apiUrl, emulator.botToken);
  driver = emulator.driver(app.eventsUrl, SIGNING_SECRET);
});

afterAll(async () => {
  await app.stop();
  await emulator.close();
});

const commandBody = () =>
  new URLSearchParams({
    command: '/renew',
    text: '',
    user_id: 'UREQUESTER',
    team_id: 'TEMULATOR',
    trigger_id: 'x',
  }).toString();

test('when the driver signs a request, then Bolt accepts it and runs the listener', async () => {
  const answer = await driver.command('UREQUESTER', '/renew');

  expect(answer).toEqual({ status: 200, body: null });
  expect(app.received.at(-1)).toMatchObject({ command: '/renew', user_id: 'UREQUESTER' });
});

test('when a request is unsigned, then Bolt answers 401 and no listener runs', async () => {
  const before = app.received.length;

  const answer = await driver.sendRaw(commandBody(), { signed: false });

  expect(answer.status).toBe(401);
  expect(app.received).toHaveLength(before);
});

test('when a request is signed with another secret, then Bolt answers 401', async () => {
  const body = commandBody();

  const answer = await driver.sendRaw(body, { headers: signedHeaders('not-the-secret', body) });

  expect(answer.status).toBe(401);
});

test('when a correctly signed request is six minutes old, then Bolt refuses it as a replay with 401', async () => {
  const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;

  const answer = await driver.sendRaw(commandBody(), { timestamp: sixMinutesAgo });

  expect(answer.status).toBe(401);
});

test('when a signed body is altered after signing, then Bolt answers 401', async () => {
  const headers = signedHeaders(SIGNING_SECRET, commandBody());

  const answer = await driver.sendRaw(`${commandBody()}&text=tampered`, { signed: false, headers });

  expect(answer.status).toBe(401);
});
