import WebSocket from 'ws';
import { type SlackEmulator, startSlackEmulator } from '../../../src/sandbox/slack';
import { APPROVALS, startSocketModeRenewApp } from './renew-app';
import { slackError, webClient } from './web-client';

/** Socket Mode as @slack/socket-mode speaks it: the token check, hello, envelopes and their acks. */

const APP_TOKEN = 'xapp-socket-test';

let emulator: SlackEmulator;
const openSockets: WebSocket[] = [];

beforeEach(async () => {
  emulator = await startSlackEmulator({ appToken: APP_TOKEN });
});

afterEach(async () => {
  for (const socket of openSockets.splice(0)) socket.terminate();
  await emulator.close();
});

async function connectionUrl(): Promise<string> {
  const answer = await webClient(emulator.apiUrl, APP_TOKEN).apps.connections.open({});
  if (!answer.url) throw new Error('no url');
  return answer.url;
}

/** A raw WebSocket client that keeps every message the emulator sends it. */
function connect(url: string): Promise<{ socket: WebSocket; messages: Record<string, unknown>[] }> {
  const socket = new WebSocket(url);
  const messages: Record<string, unknown>[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(data.toString()) as Record<string, unknown>));
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      openSockets.push(socket);
      resolve({ socket, messages });
    });
    socket.once('unexpected-response', (req, res) => {
      req.destroy();
      reject(new Error(`refused: ${res.statusCode}`));
    });
  });
}

function until<T>(probe: () => T | undefined): Promise<T> {
  return new Promise((resolve) => {
    const check = () => {
      const value = probe();
      if (value === undefined) setTimeout(check, 5);
      else resolve(value);
    };
    check();
  });
}

describe('apps.connections.open', () => {
  test('when called with the app-level token, then it answers a one-time ws:// URL on the emulator and records no token', async () => {
    const url = await connectionUrl();

    expect(url).toMatch(new RegExp(`^${emulator.url.replace('http', 'ws')}/socket-mode\\?ticket=[\\w-]+`));
    expect(emulator.calls('apps.connections.open')).toEqual([
      expect.objectContaining({ ok: true, args: {} }),
    ]);
    expect(JSON.stringify(emulator.calls())).not.toContain(APP_TOKEN);
  });

  test.each([
    ['a wrong app-level token', 'invalid_auth', 'xapp-someone-else'],
    ['no token', 'not_authed', ''],
    ['the bot token', 'not_allowed_token_type', 'xoxb-emulator-token'],
  ])('when called with %s, then it is refused with %s, as Slack does', async (_what, error, token) => {
    expect(await slackError(webClient(emulator.apiUrl, token).apps.connections.open({}))).toMatchObject({
      error,
    });
  });

  test('when a bot method is called with the app-level token, then it is refused with not_allowed_token_type', async () => {
    const withAppToken = webClient(emulator.apiUrl, APP_TOKEN);

    expect(
      await slackError(withAppToken.chat.postMessage({ channel: 'CGENERAL', text: 'hi' })),
    ).toMatchObject({
      error: 'not_allowed_token_type',
    });
    expect(emulator.messages('CGENERAL')).toEqual([]);
  });
});

describe('the WebSocket', () => {
  test('when a client connects with the URL, then hello is the first message and the URL cannot be used again', async () => {
    const url = await connectionUrl();
    const { messages } = await connect(url);

    const hello = await until(() => messages[0]);
    expect(hello).toMatchObject({
      type: 'hello',
      num_connections: 1,
      connection_info: { app_id: 'AORDERDESK' },
    });
    expect(emulator.socketModeConnections()).toBe(1);
    await expect(connect(url)).rejects.toThrow('refused: 401');
  });

  test('when a client connects with a made-up ticket, then the upgrade is refused', async () => {
    const forged = `${emulator.url.replace('http', 'ws')}/socket-mode?ticket=made-up`;

    await expect(connect(forged)).rejects.toThrow('refused: 401');
    expect(emulator.socketModeConnections()).toBe(0);
  });

  test('when the driver runs a command, then an envelope arrives and the payload of its ack is the answer', async () => {
    const { socket, messages } = await connect(await connectionUrl());
    const driver = emulator.socketModeDriver();

    const answered = driver.command('UREQUESTER', '/renew', 'rm premium', { channelId: 'CGENERAL' });
    const envelope = await until(() => messages.find((m) => m.type === 'slash_commands'));
    expect(envelope).toMatchObject({
      envelope_id: expect.any(String),
      accepts_response_payload: true,
      payload: { command: '/renew', text: 'rm premium', user_id: 'UREQUESTER', channel_id: 'CGENERAL' },
    });
    socket.send(JSON.stringify({ envelope_id: envelope.envelope_id, payload: { text: 'on it' } }));

    expect(await answered).toEqual({ status: 200, body: { text: 'on it' } });
  });

  test('when the app acks with an empty payload, then the answer is empty, like an empty HTTP 200', async () => {
    const { socket, messages } = await connect(await connectionUrl());

    const answered = emulator.socketModeDriver().command('UREQUESTER', '/renew');
    const envelope = await until(() => messages.find((m) => m.type === 'slash_commands'));
    socket.send(JSON.stringify({ envelope_id: envelope.envelope_id, payload: {} }));

    expect(await answered).toEqual({ status: 200, body: null });
  });

  test('when the app never acks, then the driver gives up after its ack timeout and says so', async () => {
    await connect(await connectionUrl());

    await expect(
      emulator.socketModeDriver({ ackTimeoutMs: 50 }).command('UREQUESTER', '/renew'),
    ).rejects.toThrow('the app did not ack slash_commands envelope within 50 ms');
  });

  test('when the app drops its connection before acking, then the driver says so', async () => {
    const { socket, messages } = await connect(await connectionUrl());

    const answered = emulator.socketModeDriver().command('UREQUESTER', '/renew');
    await until(() => messages.find((m) => m.type === 'slash_commands'));
    socket.close();

    await expect(answered).rejects.toThrow('closed its Socket Mode connection before acking');
  });

  test('when no app is connected, then the driver refuses at once', async () => {
    const driver = emulator.socketModeDriver();

    await expect(driver.command('UREQUESTER', '/renew')).rejects.toThrow(
      'no app is connected in Socket Mode',
    );
    expect(() => driver.sendRaw('command=%2Frenew')).toThrow('this driver delivers over Socket Mode');
  });
});

test('when a real Bolt app runs in Socket Mode, then a command, modal, options, errors, submission and click all go through the socket', async () => {
  const app = await startSocketModeRenewApp(emulator.apiUrl, emulator.botToken, APP_TOKEN);
  try {
    expect(emulator.socketModeConnections()).toBe(1);
    const driver = emulator.socketModeDriver();

    expect(await driver.command('UREQUESTER', '/renew', '', { channelId: 'CGENERAL' })).toEqual({
      status: 200,
      body: null,
    });
    const modal = await driver.waitForView('UREQUESTER');
    expect(await modal.select('product_block', 'product_select', 'pseries')).toMatchObject({ status: 200 });
    await modal.waitForUpdate();
    const suggestions = await modal.suggest('plan_block::pseries', 'plan_select', 'annual');
    expect(suggestions.options?.map((o) => o.value)).toEqual(['ps-annual']);
    modal.setValue('plan_block::pseries', 'plan_select', 'ps-annual');

    modal.setValue('seats_block', 'seats_input', '0');
    expect((await modal.submit()).body).toEqual({
      response_action: 'errors',
      errors: { seats_block: 'Seats must be between 1 and 500' },
    });
    expect(modal.errors).toEqual({ seats_block: 'Seats must be between 1 and 500' });
    modal.setValue('seats_block', 'seats_input', '5');
    expect(await modal.submit()).toEqual({ status: 200, body: null });
    expect(modal.isOpen).toBe(false);

    const request = await emulator.waitFor(() => emulator.messages(APPROVALS)[0], { what: 'approval' });
    expect(request.text).toBe('<@UREQUESTER> asks to renew ps-annual for 5 seats');
    await driver.click('UAPPROVER', APPROVALS, request.ts, 'approve');
    const [reply] = await emulator.waitFor(
      () => emulator.thread(APPROVALS, request.ts)[0] && emulator.thread(APPROVALS, request.ts),
      {
        what: 'thread reply',
      },
    );
    expect(reply?.text).toBe('Order placed for req-1');
    expect(app.received.map((b) => b.type ?? b.command)).toEqual([
      '/renew',
      'block_actions',
      'block_suggestion',
      'view_submission',
      'view_submission',
      'block_actions',
    ]);
  } finally {
    await app.stop();
  }
  await until(() => (emulator.socketModeConnections() === 0 ? true : undefined));
});
