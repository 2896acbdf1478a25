import type { webApi } from '@slack/bolt';
import { type SlackEmulator, startSlackEmulator } from '../../../src/sandbox/slack';
import { slackError, webClient } from './web-client';

let emulator: SlackEmulator;
let client: webApi.WebClient;

beforeEach(async () => {
  emulator = await startSlackEmulator({ botToken: 'xoxb-the-real-one' });
  client = webClient(emulator.apiUrl, emulator.botToken);
});

afterEach(() => emulator.close());

describe('authentication', () => {
  test('when the bot token is wrong, then the call is refused with invalid_auth and nothing changes', async () => {
    const intruder = webClient(emulator.apiUrl, 'xoxb-someone-else');

    expect(await slackError(intruder.chat.postMessage({ channel: 'CGENERAL', text: 'hi' }))).toMatchObject({
      error: 'invalid_auth',
    });
    expect(emulator.messages('CGENERAL')).toEqual([]);
  });

  test('when no token is sent, then the method answers not_authed, as Slack does', async () => {
    const anonymous = webClient(emulator.apiUrl, '');

    expect(await slackError(anonymous.auth.test())).toMatchObject({ error: 'not_authed' });
  });

  test('when auth.test is called with the bot token, then it names the bot and team', async () => {
    expect(await client.auth.test()).toMatchObject({
      ok: true,
      user_id: 'UORDERDESK',
      bot_id: 'BORDERDESK',
      team_id: 'TEMULATOR',
    });
  });

  test('when a call carries its token in the body, then the recorded call does not keep it', async () => {
    const response = await fetch(`${emulator.apiUrl}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: 'xoxb-the-real-one' }).toString(),
    });

    expect(await response.json()).toMatchObject({ ok: true });
    expect(JSON.stringify(emulator.calls())).not.toContain('xoxb-the-real-one');
  });
});

test('when the app calls a method the emulator does not know, then it is refused loudly with unknown_method', async () => {
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    expect(
      await slackError(client.apiCall('chat.scheduleMessage', { channel: 'CGENERAL', text: 'later' })),
    ).toMatchObject({
      error: 'unknown_method',
    });
    expect(stderr.mock.calls.map(([line]) => String(line)).join('')).toContain('chat.scheduleMessage');
  } finally {
    stderr.mockRestore();
  }
  expect(emulator.calls('chat.scheduleMessage')).toMatchObject([{ ok: false, error: 'unknown_method' }]);
});

describe('messages', () => {
  test('when the app posts to a user id, then the message lands in that user DM channel', async () => {
    const posted = await client.chat.postMessage({
      channel: 'UREQUESTER',
      text: 'Your request was approved',
    });
    const opened = await client.conversations.open({ users: 'UREQUESTER' });

    expect(posted.channel).toMatch(/^D/);
    expect(opened.channel?.id).toBe(posted.channel);
    expect(emulator.messages('UREQUESTER').map((m) => m.text)).toEqual(['Your request was approved']);
  });

  test('when messages are posted, then their ts values are unique and increasing', async () => {
    const first = await client.chat.postMessage({ channel: 'CGENERAL', text: 'one' });
    const second = await client.chat.postMessage({ channel: 'CGENERAL', text: 'two' });

    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
  });

  test('when a message has neither text nor blocks, then chat.postMessage is refused with no_text', async () => {
    expect(await slackError(client.chat.postMessage({ channel: 'CGENERAL', text: '' }))).toMatchObject({
      error: 'no_text',
    });
  });

  test('when the channel does not exist, then chat.postMessage is refused with channel_not_found', async () => {
    expect(await slackError(client.chat.postMessage({ channel: 'CNOWHERE', text: 'hi' }))).toMatchObject({
      error: 'channel_not_found',
    });
  });

  test('when the app replies in a thread, then the reply is in the thread and not among top-level messages', async () => {
    const parent = await client.chat.postMessage({ channel: 'CAPPROVALS', text: 'request' });
    await client.chat.postMessage({ channel: 'CAPPROVALS', text: 'placed', thread_ts: parent.ts ?? '' });

    expect(emulator.thread('CAPPROVALS', parent.ts ?? '').map((m) => m.text)).toEqual(['placed']);
    expect(emulator.messages('CAPPROVALS').map((m) => m.text)).toEqual(['request']);
  });

  test('when chat.update names a message a person wrote, then it is refused with cant_update_message', async () => {
    const theirs = emulator.postAsUser('UOTHER', 'CGENERAL', 'my words');

    expect(
      await slackError(client.chat.update({ channel: 'CGENERAL', ts: theirs.ts, text: 'edited' })),
    ).toMatchObject({
      error: 'cant_update_message',
    });
    expect(
      await slackError(client.chat.update({ channel: 'CGENERAL', ts: '1.000100', text: 'x' })),
    ).toMatchObject({
      error: 'message_not_found',
    });
  });

  test('when chat.update gives only text, then the message keeps its blocks', async () => {
    const blocks = [{ type: 'section', block_id: 's', text: { type: 'mrkdwn', text: 'body' } }];
    const posted = await client.chat.postMessage({ channel: 'CGENERAL', text: 'v1', blocks });

    await client.chat.update({ channel: 'CGENERAL', ts: posted.ts ?? '', text: 'v2' });

    expect(emulator.messages('CGENERAL')[0]).toMatchObject({ text: 'v2', blocks });
  });

  test('when the app asks for a message’s permalink, then it gets Slack’s archive link, or message_not_found', async () => {
    const posted = await client.chat.postMessage({ channel: 'CGENERAL', text: 'link me' });

    expect(
      await client.chat.getPermalink({ channel: 'CGENERAL', message_ts: posted.ts ?? '' }),
    ).toMatchObject({
      channel: 'CGENERAL',
      permalink: `https://emulated.slack.local/archives/CGENERAL/p${posted.ts?.replace('.', '')}`,
    });
    expect(
      await slackError(client.chat.getPermalink({ channel: 'CGENERAL', message_ts: '1.000001' })),
    ).toMatchObject({ error: 'message_not_found' });
  });

  test('when the app posts an ephemeral message, then only that user has it', async () => {
    const posted = await client.chat.postEphemeral({
      channel: 'CAPPROVALS',
      user: 'UOTHER',
      text: 'Only approvers may decide',
    });

    expect(posted.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(emulator.ephemerals('UOTHER').map((m) => m.text)).toEqual(['Only approvers may decide']);
    expect(emulator.messages('CAPPROVALS')).toEqual([]);
  });

  test('when a call is sent as JSON with a bearer token, then it is served like a form call', async () => {
    const response = await fetch(`${emulator.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        authorization: 'Bearer xoxb-the-real-one',
      },
      body: JSON.stringify({ channel: 'CGENERAL', text: 'as json', blocks: [{ type: 'divider' }] }),
    });

    expect(await response.json()).toMatchObject({ ok: true, channel: 'CGENERAL' });
    expect(emulator.calls('chat.postMessage')[0]?.args).toEqual({
      channel: 'CGENERAL',
      text: 'as json',
      blocks: [{ type: 'divider' }],
    });
  });
});

describe('message metadata', () => {
  const metadata = { event_type: 'order_request', event_payload: { requestId: 'R-1' } };

  test('when the app posts with metadata, then the message keeps it', async () => {
    const posted = await client.chat.postMessage({ channel: 'CAPPROVALS', text: 'request', metadata });

    expect(posted.message?.metadata).toEqual(metadata);
    expect(emulator.messages('CAPPROVALS')[0]?.metadata).toEqual(metadata);
  });

  test('when metadata arrives as a JSON object in a JSON body, then it is kept like form-encoded metadata', async () => {
    const response = await fetch(`${emulator.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-the-real-one' },
      body: JSON.stringify({ channel: 'CGENERAL', text: 'as json', metadata }),
    });

    expect(await response.json()).toMatchObject({ ok: true });
    expect(emulator.messages('CGENERAL')[0]?.metadata).toEqual(metadata);
  });

  test.each([
    ['an empty event_type', { event_type: '', event_payload: {} }],
    ['no event_type', { event_payload: {} }],
    ['an event_payload that is a list', { event_type: 'order_request', event_payload: [] }],
    ['an event_payload that is text', { event_type: 'order_request', event_payload: 'R-1' }],
    ['text that is not JSON', '{event_type: order_request'],
  ])(
    'when metadata has %s, then chat.postMessage is refused with invalid_metadata_format',
    async (_, bad) => {
      const call = client.apiCall('chat.postMessage', { channel: 'CGENERAL', text: 'hi', metadata: bad });

      expect(await slackError(call)).toMatchObject({ error: 'invalid_metadata_format' });
      expect(emulator.messages('CGENERAL')).toEqual([]);
    },
  );

  test('when chat.update gives metadata, then it replaces the old; when it gives none, then the old is kept', async () => {
    const posted = await client.chat.postMessage({ channel: 'CGENERAL', text: 'v1', metadata });
    const ts = posted.ts ?? '';
    const decided = { event_type: 'order_decided', event_payload: { requestId: 'R-1', approved: true } };

    await client.chat.update({ channel: 'CGENERAL', ts, text: 'v2', metadata: decided });
    expect(emulator.messages('CGENERAL')[0]).toMatchObject({ text: 'v2', metadata: decided });

    await client.chat.update({ channel: 'CGENERAL', ts, text: 'v3' });
    expect(emulator.messages('CGENERAL')[0]).toMatchObject({ text: 'v3', metadata: decided });
  });

  test('when chat.update gives invalid metadata, then it is refused and the message is unchanged', async () => {
    const posted = await client.chat.postMessage({ channel: 'CGENERAL', text: 'v1', metadata });
    const update = client.apiCall('chat.update', {
      channel: 'CGENERAL',
      ts: posted.ts,
      text: 'v2',
      metadata: { event_type: 'order_decided' },
    });

    expect(await slackError(update)).toMatchObject({ error: 'invalid_metadata_format' });
    expect(emulator.messages('CGENERAL')[0]).toMatchObject({ text: 'v1', metadata });
  });
});

describe('people', () => {
  test('when the app lists a usergroup, then it gets the members', async () => {
    expect((await client.usergroups.users.list({ usergroup: 'SAPPROVERS' })).users).toEqual(['UAPPROVER']);
    expect(await slackError(client.usergroups.users.list({ usergroup: 'SNOPE' }))).toMatchObject({
      error: 'no_such_subteam',
    });
  });

  test('when the app looks up a user, then users.info answers with the profile or user_not_found', async () => {
    expect((await client.users.info({ user: 'UAPPROVER' })).user).toMatchObject({
      id: 'UAPPROVER',
      name: 'ben',
      profile: { real_name: 'Ben Approver' },
    });
    expect(await slackError(client.users.info({ user: 'UNOBODY' }))).toMatchObject({
      error: 'user_not_found',
    });
  });
});
