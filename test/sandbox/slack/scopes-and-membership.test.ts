import type { webApi } from '@slack/bolt';
import { type SlackEmulator, startSlackEmulator } from '../../../src/sandbox/slack';
import { parseCli, runCli } from '../../../src/sandbox/slack/cli';
import { BOT_SCOPES } from '../../../src/slack/scopes';
import { slackError, webClient } from './web-client';

/** Slack names the bot token's scopes in every answer and refuses what they do not cover; a bot that is not in a channel can neither post nor read there. */

let emulator: SlackEmulator;
let client: webApi.WebClient;
beforeEach(async () => {
  emulator = await startSlackEmulator();
  client = webClient(emulator.apiUrl, emulator.botToken);
});
afterEach(() => emulator.close());

async function control(body: unknown) {
  const response = await fetch(`${emulator.url}/__emulator/faults`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('scopes', () => {
  test('when the app calls with its bot token, then the answer names the scopes of the app’s manifest', async () => {
    const answer = await client.auth.test();

    expect(answer.response_metadata?.scopes?.sort()).toEqual(BOT_SCOPES.map((s) => s.scope).sort());
  });

  test('when a scope is revoked, then the answer no longer names it and a method that needs it answers missing_scope, naming it', async () => {
    emulator.faults.revokeScopes(['users:read']);

    const answer = await client.auth.test();
    const refused = await client.users.info({ user: 'UAPPROVER' }).catch((e: unknown) => e);

    expect(answer.response_metadata?.scopes).not.toContain('users:read');
    expect(refused).toMatchObject({ data: { ok: false, error: 'missing_scope', needed: 'users:read' } });
    expect(emulator.calls('users.info')).toMatchObject([{ ok: false, error: 'missing_scope' }]);
  });

  test('when the emulator starts with fewer scopes, then a private channel’s history needs groups:history', async () => {
    const narrow = await startSlackEmulator({
      scopes: ['chat:write', 'channels:history'],
      channels: ['CPUBLIC', 'GPRIVATE'],
    });
    try {
      const narrowClient = webClient(narrow.apiUrl, narrow.botToken);

      await expect(narrowClient.conversations.history({ channel: 'CPUBLIC' })).resolves.toMatchObject({
        ok: true,
      });
      expect(await slackError(narrowClient.conversations.history({ channel: 'GPRIVATE' }))).toMatchObject({
        error: 'missing_scope',
      });
    } finally {
      await narrow.close();
    }
  });
});

describe('membership', () => {
  test('when the bot is in a channel, then conversations.info says it is a member', async () => {
    const answer = await client.conversations.info({ channel: 'CAPPROVALS' });

    expect(answer.channel).toMatchObject({ id: 'CAPPROVALS', is_member: true, is_private: false });
  });

  test('when the bot is removed from a channel, then it is no member there, cannot post or read there, and still can elsewhere and in DMs', async () => {
    emulator.faults.removeBot(['CAPPROVALS']);

    const info = await client.conversations.info({ channel: 'CAPPROVALS' });
    const post = await slackError(client.chat.postMessage({ channel: 'CAPPROVALS', text: 'Approve?' }));
    const history = await slackError(client.conversations.history({ channel: 'CAPPROVALS' }));

    expect(info.channel).toMatchObject({ is_member: false });
    expect(post).toMatchObject({ error: 'not_in_channel' });
    expect(history).toMatchObject({ error: 'not_in_channel' });
    expect(emulator.messages('CAPPROVALS')).toEqual([]);
    await expect(client.chat.postMessage({ channel: 'CORDERS', text: 'Placed' })).resolves.toMatchObject({
      ok: true,
    });
    await expect(client.chat.postMessage({ channel: 'UREQUESTER', text: 'Sent' })).resolves.toMatchObject({
      ok: true,
    });

    emulator.faults.clear();
    expect((await client.conversations.info({ channel: 'CAPPROVALS' })).channel).toMatchObject({
      is_member: true,
    });
  });

  test('when a channel does not exist, then conversations.info answers channel_not_found', async () => {
    expect(await slackError(client.conversations.info({ channel: 'CNOWHERE' }))).toMatchObject({
      error: 'channel_not_found',
    });
  });
});

describe('from the control and the command line', () => {
  test('when scopes are revoked and the bot removed through the control, then the answer lists both and they take effect', async () => {
    const set = await control({ revokeScopes: ['channels:read'], removeBotFrom: ['CORDERS'] });

    expect(set).toMatchObject({
      status: 200,
      body: { revokedScopes: ['channels:read'], botRemovedFrom: ['CORDERS'] },
    });
    expect(await slackError(client.conversations.info({ channel: 'CORDERS' }))).toMatchObject({
      error: 'missing_scope',
    });
    expect(await slackError(client.chat.postMessage({ channel: 'CORDERS', text: 'x' }))).toMatchObject({
      error: 'not_in_channel',
    });
  });

  test('when the emulator is started with --revoke-scope and --remove-bot, then it starts with both switched on', async () => {
    const settings = parseCli(['--revoke-scope', 'users:read', '--remove-bot', 'CAPPROVALS'], { PORT: '0' });
    const started = await runCli(settings, () => undefined);
    try {
      const startedClient = webClient(started.apiUrl, started.botToken);
      expect((await startedClient.conversations.info({ channel: 'CAPPROVALS' })).channel).toMatchObject({
        is_member: false,
      });
      expect(await slackError(startedClient.users.info({ user: 'UAPPROVER' }))).toMatchObject({
        error: 'missing_scope',
      });
    } finally {
      await started.close();
    }
  });
});
