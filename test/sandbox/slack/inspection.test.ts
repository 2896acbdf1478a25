import type { webApi } from '@slack/bolt';
import { type SlackEmulator, startSlackEmulator } from '../../../src/sandbox/slack';
import { webClient } from './web-client';

/** The reads a driver in another process plays people with: `/__emulator/interaction`, `view`, `messages`, `calls`. */

let emulator: SlackEmulator;
let app: webApi.WebClient;

beforeEach(async () => {
  emulator = await startSlackEmulator();
  app = webClient(emulator.apiUrl, emulator.botToken);
});

afterEach(() => emulator.close());

/** The answers' fields these tests read. */
interface ControlAnswer {
  ok: boolean;
  triggerId: string;
  responseUrl: string;
  viewSeq: number;
  view: unknown;
  messages: { text: string; replyCount: number }[];
  calls: { method: string; args: { text?: string }; ok: boolean; at: number }[];
  next: number;
}

async function control(path: string, body?: unknown) {
  const response = await fetch(`${emulator.url}/__emulator/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as ControlAnswer };
}

const modal = (title: string) => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: title },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: title } }],
});

describe('POST /__emulator/interaction', () => {
  test('when a person does something, then the trigger id opens a modal for them and the response URL posts in the channel', async () => {
    const issued = await control('interaction', { user: 'UREQUESTER', channel: 'CGENERAL' });
    expect(issued.status).toBe(200);
    expect(issued.body.viewSeq).toBe(0);

    await app.views.open({ trigger_id: issued.body.triggerId, view: modal('Renew') });
    const posted = await fetch(issued.body.responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'working on it', response_type: 'in_channel' }),
    });

    expect(emulator.openViews('UREQUESTER').map((v) => v.view.title?.text)).toEqual(['Renew']);
    const again = await control('interaction', { user: 'UREQUESTER', channel: 'CGENERAL' });
    expect(again.body.viewSeq).toBe(emulator.openViews('UREQUESTER')[0]?.seq);
    expect(posted.status).toBe(200);
    expect(emulator.messages('CGENERAL').map((m) => m.text)).toEqual(['working on it']);
  });

  test('when the person is not in the workspace or the body is not valid, then it is refused', async () => {
    expect((await control('interaction', { user: 'UNOBODY', channel: 'CGENERAL' })).status).toBe(404);
    expect((await control('interaction', { user: 'UREQUESTER' })).status).toBe(400);
  });
});

describe('GET /__emulator/view', () => {
  test('when the app opens a modal after the wait began, then the wait answers it', async () => {
    const { body } = await control('interaction', { user: 'UREQUESTER', channel: 'CGENERAL' });
    const waiting = control('view?user=UREQUESTER&after=0');
    await app.views.open({ trigger_id: body.triggerId, view: modal('Renew') });

    const answered = await waiting;
    expect(answered.status).toBe(200);
    expect(answered.body.view).toMatchObject({ userId: 'UREQUESTER', view: { title: { text: 'Renew' } } });
  });

  test('when the app updates a modal, then a wait for a change from its hash answers the new view; with no change it times out with 408', async () => {
    const { body } = await control('interaction', { user: 'UREQUESTER', channel: 'CGENERAL' });
    const opened = await app.views.open({ trigger_id: body.triggerId, view: modal('Renew') });
    const { id, hash } = opened.view as { id: string; hash: string };

    expect((await control(`view?id=${id}&changedFrom=${hash}&timeoutMs=50`)).status).toBe(408);
    const waiting = control(`view?id=${id}&changedFrom=${hash}`);
    await app.views.update({ view_id: id, view: modal('Renew: choose a plan') });
    expect((await waiting).body.view).toMatchObject({
      id,
      view: { title: { text: 'Renew: choose a plan' } },
    });
  });

  test('when the query names neither a user nor a view, then it is refused with 400', async () => {
    expect((await control('view?after=1')).status).toBe(400);
    expect((await control('view?user=UREQUESTER&timeoutMs=600000')).status).toBe(400);
  });
});

describe('GET /__emulator/messages and /__emulator/calls', () => {
  test('when the app posted and replied, then messages carry their reply counts and calls page on from where the last read stopped', async () => {
    const parent = await app.chat.postMessage({ channel: 'CAPPROVALS', text: 'approve?' });
    await app.chat.postMessage({ channel: 'CAPPROVALS', text: 'placed', thread_ts: parent.ts });
    await app.chat.postMessage({ channel: 'CAPPROVALS', text: 'another' });

    const messages = await control('messages?channel=CAPPROVALS');
    expect(messages.body.messages.map((m) => [m.text, m.replyCount])).toEqual([
      ['approve?', 1],
      ['another', 0],
    ]);

    const first = await control('calls?method=chat.postMessage');
    expect(first.body.calls.map((c) => c.args.text)).toEqual(['approve?', 'placed', 'another']);
    expect(first.body.calls[1]).toMatchObject({
      ok: true,
      args: { thread_ts: parent.ts },
      at: expect.any(Number),
    });
    await app.chat.update({ channel: 'CAPPROVALS', ts: parent.ts as string, text: 'approved' });
    const rest = await control(`calls?from=${first.body.next}`);
    expect(rest.body).toMatchObject({ next: 4, calls: [{ method: 'chat.update' }] });
  });

  test('when a read has an unknown parameter, then it is refused with 400', async () => {
    expect((await control('messages?channel=CAPPROVALS&limit=1')).status).toBe(400);
    expect((await control('calls?from=-1')).status).toBe(400);
  });
});
