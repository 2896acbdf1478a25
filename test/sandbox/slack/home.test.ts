import { type App, type BlockAction, App as BoltApp, type ButtonAction, LogLevel } from '@slack/bolt';
import type { HomeView, KnownBlock, SectionBlock } from '@slack/types';
import { type SlackEmulator, startSlackEmulator } from '../../../src/sandbox/slack';
import { emulatedBoltApp, listenOnLoopback, SIGNING_SECRET } from './renew-app';
import { slackError, webClient } from './web-client';

/**
 * The Home tab: views.publish checked like every view and kept per person, app_home_opened sent to the
 * app over HTTP (signed) and over Socket Mode, and clicks on the Home tab's buttons.
 */

let emulator: SlackEmulator;
const stops: (() => Promise<unknown>)[] = [];

beforeEach(async () => {
  emulator = await startSlackEmulator();
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await emulator.close();
});

const section = (text: string): SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const home = (text: string, extra: KnownBlock[] = []): HomeView => ({
  type: 'home',
  blocks: [section(text), ...extra],
});
const button: KnownBlock = {
  type: 'actions',
  block_id: 'row',
  elements: [{ type: 'button', action_id: 'go', text: { type: 'plain_text', text: 'Go' }, value: 'req-1' }],
};

/** An app that publishes a Home for whoever opens it, naming what it was given, and records the clicks. */
function homeApp(app: App): { opened: Record<string, unknown>[]; clicks: BlockAction<ButtonAction>[] } {
  const opened: Record<string, unknown>[] = [];
  const clicks: BlockAction<ButtonAction>[] = [];
  app.event('app_home_opened', async ({ event, client }) => {
    opened.push(event as unknown as Record<string, unknown>);
    await client.views.publish({ user_id: event.user, view: home(`Visit ${opened.length}`, [button]) });
  });
  app.action<BlockAction<ButtonAction>>('go', async ({ ack, body }) => {
    await ack();
    clicks.push(body);
  });
  return { opened, clicks };
}

describe('views.publish', () => {
  test('when the app publishes a Home view, then the person’s Home tab shows it, and a second publish replaces it under the same id', async () => {
    const client = webClient(emulator.apiUrl, emulator.botToken);

    const first = await client.views.publish({ user_id: 'UREQUESTER', view: home('one') });
    const second = await client.views.publish({
      user_id: 'UREQUESTER',
      view: home('two'),
      hash: first.view?.hash,
    });

    expect(second.view?.id).toBe(first.view?.id);
    expect(second.view?.hash).not.toBe(first.view?.hash);
    expect(emulator.home('UREQUESTER')?.view).toMatchObject({ type: 'home', blocks: [section('two')] });
    expect(emulator.home('UAPPROVER')).toBeUndefined();
    expect(emulator.calls('views.publish')).toHaveLength(2);
  });

  test('when a publish is wrong, then Slack’s error comes back and the Home tab keeps what it showed', async () => {
    const client = webClient(emulator.apiUrl, emulator.botToken);
    const shown = await client.views.publish({ user_id: 'UREQUESTER', view: home('kept') });
    const tooMany: HomeView = {
      type: 'home',
      blocks: Array.from({ length: 101 }, (_, i) => section(`${i}`)),
    };

    expect(await slackError(client.views.publish({ user_id: 'UNOBODY', view: home('x') }))).toMatchObject({
      error: 'user_not_found',
    });
    expect(
      await slackError(
        client.views.publish({
          user_id: 'UREQUESTER',
          view: { type: 'modal', title: { type: 'plain_text', text: 'M' }, blocks: [] },
        }),
      ),
    ).toMatchObject({ error: 'invalid_arguments', messages: [expect.stringContaining('/view/type')] });
    expect(await slackError(client.views.publish({ user_id: 'UREQUESTER', view: tooMany }))).toMatchObject({
      error: 'invalid_blocks',
      messages: [expect.stringContaining('must provide at most 100 items')],
    });
    expect(
      await slackError(client.views.publish({ user_id: 'UREQUESTER', view: home('y'), hash: 'stale' })),
    ).toMatchObject({ error: 'hash_conflict' });
    expect(emulator.home('UREQUESTER')?.view.hash).toBe(shown.view?.hash);
    expect(emulator.home('UREQUESTER')?.view.blocks).toEqual([expect.objectContaining(section('kept'))]);
  });
});

describe('opening the Home tab', () => {
  test('when a person opens the Home tab over HTTP, then the app gets a signed app_home_opened, with its last Home view the second time, and a click there comes from the view', async () => {
    const app = emulatedBoltApp(emulator.apiUrl, emulator.botToken);
    const { opened, clicks } = homeApp(app);
    const driver = emulator.driver(await listenOnLoopback(app), SIGNING_SECRET);
    stops.push(() => app.stop());

    expect((await driver.openHome('UREQUESTER')).status).toBe(200);
    await emulator.waitFor(() => emulator.home('UREQUESTER'), { what: 'the first Home' });
    await driver.openHome('UREQUESTER');
    const shown = await emulator.waitFor(() => {
      const view = emulator.home('UREQUESTER');
      return JSON.stringify(view?.view.blocks).includes('Visit 2') && view;
    });

    expect(opened[0]).toMatchObject({ type: 'app_home_opened', user: 'UREQUESTER', tab: 'home' });
    expect(opened[0]).not.toHaveProperty('view');
    expect(opened[1]).toMatchObject({ view: { id: shown.id, type: 'home' } });

    expect((await driver.clickHome('UREQUESTER', 'go')).status).toBe(200);
    const [click] = await emulator.waitFor(() => clicks.length > 0 && clicks);
    expect(click).toMatchObject({
      type: 'block_actions',
      user: { id: 'UREQUESTER' },
      container: { type: 'view', view_id: shown.id },
      view: { id: shown.id, type: 'home' },
      actions: [{ action_id: 'go', value: 'req-1' }],
    });
    expect(click?.channel).toBeUndefined();
  });

  test('when the events URL is signed with another secret, then the app refuses app_home_opened', async () => {
    const app = emulatedBoltApp(emulator.apiUrl, emulator.botToken);
    const { opened } = homeApp(app);
    const driver = emulator.driver(await listenOnLoopback(app), 'not-the-signing-secret');
    stops.push(() => app.stop());

    expect((await driver.openHome('UREQUESTER')).status).toBe(401);
    expect(opened).toEqual([]);
  });

  test('when the app runs in Socket Mode, then opening the Home tab reaches it as an events_api envelope', async () => {
    const app = new BoltApp({
      token: emulator.botToken,
      appToken: emulator.appToken,
      socketMode: true,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } },
    });
    const { opened } = homeApp(app);
    await app.start();
    stops.push(() => app.stop());
    await emulator.waitFor(() => emulator.socketModeConnections() > 0, { what: 'a Socket Mode connection' });

    expect(await emulator.socketModeDriver().openHome('UAPPROVER')).toEqual({ status: 200, body: null });
    const view = await emulator.waitFor(() => emulator.home('UAPPROVER'), { what: 'the Home' });
    expect(opened).toEqual([expect.objectContaining({ user: 'UAPPROVER', tab: 'home' })]);
    expect(JSON.stringify(view.view.blocks)).toContain('Visit 1');
  });
});
