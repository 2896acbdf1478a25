import type { App, SlashCommand } from '@slack/bolt';
import { type SlackDriver, type SlackEmulator, startSlackEmulator } from '../../../src/sandbox/slack';
import { emulatedBoltApp, listenOnLoopback } from './renew-app';
import { webClient } from './web-client';

const SECRET = 'response-url-test-secret';
let emulator: SlackEmulator;
let app: App;
let driver: SlackDriver;
const commands: SlashCommand[] = [];

/** An app that answers through respond(), i.e. by posting to the response_url Slack sent. */
beforeAll(async () => {
  emulator = await startSlackEmulator();
  app = emulatedBoltApp(emulator.apiUrl, emulator.botToken, SECRET);
  app.action('approve', async ({ ack, respond, body }) => {
    await ack();
    await respond({ replace_original: true, text: `Approved by <@${body.user.id}>` });
  });
  app.action('dismiss', async ({ ack, respond }) => {
    await ack();
    await respond({ delete_original: true });
  });
  app.action('why', async ({ ack, respond }) => {
    await ack();
    await respond({ text: 'Only approvers may decide' });
  });
  app.command('/ping', async ({ ack, respond, command }) => {
    await ack();
    commands.push(command);
    await respond({ response_type: 'in_channel', text: 'pong' });
  });
  driver = emulator.driver(await listenOnLoopback(app), SECRET);
});

afterAll(async () => {
  await app.stop();
  await emulator.close();
});

async function postRequest(channel: string): Promise<string> {
  const button = (action_id: string) => ({
    type: 'button' as const,
    action_id,
    text: { type: 'plain_text' as const, text: action_id },
    value: 'r1',
  });
  const posted = await webClient(emulator.apiUrl, emulator.botToken).chat.postMessage({
    channel,
    text: 'Request r1',
    blocks: [{ type: 'actions', block_id: 'decide', elements: ['approve', 'dismiss', 'why'].map(button) }],
  });
  return posted.ts ?? '';
}

test('when the app responds with replace_original, then the clicked message is replaced in place', async () => {
  const ts = await postRequest('CAPPROVALS');

  await driver.click('UAPPROVER', 'CAPPROVALS', ts, 'approve');

  const replaced = await emulator.waitFor(() =>
    emulator.messages('CAPPROVALS').find((m) => m.ts === ts && m.edited),
  );
  expect(replaced).toMatchObject({ text: 'Approved by <@UAPPROVER>', blocks: [] });
  expect(emulator.calls('response_url').at(-1)).toMatchObject({ ok: true, args: { replace_original: true } });
});

test('when the app responds with delete_original, then the clicked message is gone', async () => {
  const ts = await postRequest('CORDERS');

  await driver.click('UAPPROVER', 'CORDERS', ts, 'dismiss');

  await emulator.waitFor(() => emulator.messages('CORDERS').every((m) => m.ts !== ts), {
    what: 'the deletion',
  });
  expect(emulator.messages('CORDERS')).toEqual([]);
});

test('when the app responds without replace/delete, then the clicker gets an ephemeral message and the original stays', async () => {
  const ts = await postRequest('CGENERAL');

  await driver.click('UOTHER', 'CGENERAL', ts, 'why');

  const [note] = await emulator.waitFor(
    () => emulator.ephemerals('UOTHER').length > 0 && emulator.ephemerals('UOTHER'),
  );
  expect(note).toMatchObject({ channel: 'CGENERAL', text: 'Only approvers may decide' });
  expect(emulator.messages('CGENERAL').find((m) => m.ts === ts)?.text).toBe('Request r1');
});

test('when a slash command is answered in_channel, then everyone sees it; a response URL takes five posts at most', async () => {
  await driver.command('UREQUESTER', '/ping', '', { channelId: 'CGENERAL' });
  const pong = await emulator.waitFor(() => emulator.messages('CGENERAL').find((m) => m.text === 'pong'));
  expect(pong.bot_id).toBe('BORDERDESK');

  const url = commands.at(-1)?.response_url ?? '';
  const again = () =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"again"}' });
  const statuses = [];
  for (let i = 0; i < 5; i += 1) statuses.push((await again()).status);

  expect(statuses).toEqual([200, 200, 200, 200, 404]);
  expect(emulator.calls('response_url').at(-1)).toMatchObject({ ok: false, error: 'used_url' });
});
