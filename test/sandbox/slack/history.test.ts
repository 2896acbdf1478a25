import type { webApi } from '@slack/bolt';
import { type SlackEmulator, startSlackEmulator } from '../../../src/sandbox/slack';
import { slackError, webClient } from './web-client';

let emulator: SlackEmulator;
let client: webApi.WebClient;
/** The emulator's clock: it moves only when a test moves it. */
let clock: number;

beforeEach(async () => {
  clock = Date.UTC(2026, 0, 5, 9);
  emulator = await startSlackEmulator({ now: () => clock });
  client = webClient(emulator.apiUrl, emulator.botToken);
});

afterEach(() => emulator.close());

const say = async (text: string, thread_ts?: string, channel = 'CAPPROVALS') =>
  (await client.chat.postMessage({ channel, text, ...(thread_ts ? { thread_ts } : {}) })).ts ?? '';

const texts = (answer: { messages?: Array<{ text?: string }> }) => answer.messages?.map((m) => m.text);

const metadata = { event_type: 'order_request', event_payload: { requestId: 'R-1' } };

describe('conversations.history', () => {
  test('when the app reads a channel, then it gets the top-level messages newest first in Slack message shape', async () => {
    const first = await say('first');
    await say('a reply', first);
    await say('second');

    const history = await client.conversations.history({ channel: 'CAPPROVALS' });

    expect(texts(history)).toEqual(['second', 'first']);
    expect(history).toMatchObject({ ok: true, has_more: false, response_metadata: { next_cursor: '' } });
    expect(history.messages?.[1]).toMatchObject({
      type: 'message',
      user: 'UORDERDESK',
      bot_id: 'BORDERDESK',
      text: 'first',
      ts: first,
      blocks: [],
      thread_ts: first,
      reply_count: 1,
      reply_users: ['UORDERDESK'],
    });
    expect(history.messages?.[0]).not.toHaveProperty('thread_ts');
  });

  test('when history is read with a limit, then the cursors walk every message once and the last page has none', async () => {
    for (const text of ['m1', 'm2', 'm3', 'm4', 'm5']) await say(text);

    const one = await client.conversations.history({ channel: 'CAPPROVALS', limit: 2 });
    const two = await client.conversations.history({
      channel: 'CAPPROVALS',
      limit: 2,
      cursor: one.response_metadata?.next_cursor ?? '',
    });
    const three = await client.conversations.history({
      channel: 'CAPPROVALS',
      limit: 2,
      cursor: two.response_metadata?.next_cursor ?? '',
    });

    expect([texts(one), texts(two), texts(three)]).toEqual([['m5', 'm4'], ['m3', 'm2'], ['m1']]);
    expect([one.has_more, two.has_more, three.has_more]).toEqual([true, true, false]);
    expect(three.response_metadata?.next_cursor).toBe('');
  });

  test('when a message is posted between two pages, then the next page neither repeats nor skips older ones', async () => {
    for (const text of ['m1', 'm2', 'm3']) await say(text);
    const one = await client.conversations.history({ channel: 'CAPPROVALS', limit: 2 });

    await say('m4');
    const two = await client.conversations.history({
      channel: 'CAPPROVALS',
      limit: 2,
      cursor: one.response_metadata?.next_cursor ?? '',
    });

    expect([texts(one), texts(two)]).toEqual([['m3', 'm2'], ['m1']]);
  });

  test('when oldest and latest are given, then they bound the messages, exclusive unless inclusive is true', async () => {
    const ts = [];
    for (const text of ['m1', 'm2', 'm3', 'm4']) ts.push(await say(text));
    const [, oldest, , latest] = ts as [string, string, string, string];

    const exclusive = await client.conversations.history({ channel: 'CAPPROVALS', oldest, latest });
    const inclusive = await client.conversations.history({
      channel: 'CAPPROVALS',
      oldest,
      latest,
      inclusive: true,
    });
    const onlyOldest = await client.conversations.history({ channel: 'CAPPROVALS', oldest });

    expect(texts(exclusive)).toEqual(['m3']);
    expect(texts(inclusive)).toEqual(['m4', 'm3', 'm2']);
    expect(texts(onlyOldest)).toEqual(['m4', 'm3']);
  });

  test('when the app posted to a user id, then history reads the DM by its D channel id but not by the user id', async () => {
    const posted = await client.chat.postMessage({ channel: 'UREQUESTER', text: 'approved' });

    expect(texts(await client.conversations.history({ channel: posted.channel ?? '' }))).toEqual([
      'approved',
    ]);
    expect(await slackError(client.conversations.history({ channel: 'UREQUESTER' }))).toMatchObject({
      error: 'channel_not_found',
    });
  });

  test.each([
    [{ channel: 'CNOWHERE' }, 'channel_not_found'],
    [{ channel: 'CAPPROVALS', oldest: 'yesterday' }, 'invalid_ts_oldest'],
    [{ channel: 'CAPPROVALS', latest: '12:00' }, 'invalid_ts_latest'],
    [{ channel: 'CAPPROVALS', cursor: 'bm90IGEgY3Vyc29y' }, 'invalid_cursor'],
    [{ channel: 'CAPPROVALS', limit: 0 }, 'invalid_arguments'],
  ])('when history is asked with %j, then it is refused with %s', async (args, error) => {
    expect(await slackError(client.apiCall('conversations.history', args))).toMatchObject({ error });
  });
});

describe('conversations.replies', () => {
  test('when the app reads a thread, then the parent comes first and the replies follow oldest first', async () => {
    const parent = await say('request');
    await say('other top-level message');
    await say('approved', parent);
    await say('placed', parent);

    const replies = await client.conversations.replies({ channel: 'CAPPROVALS', ts: parent });

    expect(texts(replies)).toEqual(['request', 'approved', 'placed']);
    expect(replies.messages?.[0]).toMatchObject({ ts: parent, thread_ts: parent, reply_count: 2 });
    expect(replies.messages?.[2]).toMatchObject({ thread_ts: parent, parent_user_id: 'UORDERDESK' });
    expect(replies).toMatchObject({ has_more: false, response_metadata: { next_cursor: '' } });
  });

  test('when a thread is read in pages, then only the first page carries the parent', async () => {
    const parent = await say('request');
    for (const text of ['r1', 'r2', 'r3']) await say(text, parent);

    const one = await client.conversations.replies({ channel: 'CAPPROVALS', ts: parent, limit: 2 });
    const two = await client.conversations.replies({
      channel: 'CAPPROVALS',
      ts: parent,
      limit: 2,
      cursor: one.response_metadata?.next_cursor ?? '',
    });

    expect([texts(one), texts(two)]).toEqual([
      ['request', 'r1'],
      ['r2', 'r3'],
    ]);
    expect([one.has_more, two.has_more]).toEqual([true, false]);
  });

  test('when oldest excludes the whole thread, then the parent still comes back alone', async () => {
    const parent = await say('request');
    const last = await say('r1', parent);

    const replies = await client.conversations.replies({ channel: 'CAPPROVALS', ts: parent, oldest: last });

    expect(texts(replies)).toEqual(['request']);
  });

  test('when ts names a reply, then the whole thread comes back, parent first', async () => {
    const parent = await say('request');
    const reply = await say('r1', parent);
    await say('r2', parent);

    expect(texts(await client.conversations.replies({ channel: 'CAPPROVALS', ts: reply }))).toEqual([
      'request',
      'r1',
      'r2',
    ]);
  });

  test('when ts names no message, then replies is refused with thread_not_found; an unknown channel with channel_not_found', async () => {
    await say('request');

    expect(
      await slackError(client.conversations.replies({ channel: 'CAPPROVALS', ts: '1.000100' })),
    ).toMatchObject({ error: 'thread_not_found' });
    expect(
      await slackError(client.conversations.replies({ channel: 'CNOWHERE', ts: '1.000100' })),
    ).toMatchObject({ error: 'channel_not_found' });
  });
});

describe('metadata in reads', () => {
  test('when a message carries metadata, then history and replies show it only with include_all_metadata', async () => {
    const parent =
      (await client.chat.postMessage({ channel: 'CAPPROVALS', text: 'request', metadata })).ts ?? '';
    const read = { channel: 'CAPPROVALS', ts: parent };

    const plain = await client.conversations.history({ channel: 'CAPPROVALS' });
    const withAll = await client.conversations.history({ channel: 'CAPPROVALS', include_all_metadata: true });
    const thread = await client.conversations.replies(read);
    const threadWithAll = await client.conversations.replies({ ...read, include_all_metadata: true });

    expect(plain.messages?.[0]).not.toHaveProperty('metadata');
    expect(withAll.messages?.[0]?.metadata).toEqual(metadata);
    expect(thread.messages?.[0]).not.toHaveProperty('metadata');
    expect(threadWithAll.messages?.[0]?.metadata).toEqual(metadata);
  });
});

describe('reads see calls that were never answered', () => {
  test('when a post hangs and its caller times out, then conversations.history still has the message', async () => {
    const impatient = webClient(emulator.apiUrl, emulator.botToken, { timeout: 150 });
    emulator.faults.hangNext('chat.postMessage', 1);

    await expect(impatient.chat.postMessage({ channel: 'CAPPROVALS', text: 'unheard' })).rejects.toThrow();

    expect(texts(await client.conversations.history({ channel: 'CAPPROVALS' }))).toEqual(['unheard']);
  });

  test('when a reply loses its answer, then conversations.replies still has it', async () => {
    const parent = await say('request');
    emulator.faults.loseAnswerNext('chat.postMessage', 1);

    await expect(say('placed', parent)).rejects.toThrow();

    expect(texts(await client.conversations.replies({ channel: 'CAPPROVALS', ts: parent }))).toEqual([
      'request',
      'placed',
    ]);
  });
});

describe('history that lags behind writes', () => {
  beforeEach(() => emulator.faults.historyLag(2000));

  const history = async () => texts(await client.conversations.history({ channel: 'CAPPROVALS' }));

  test('when a message was just posted, then history shows it only once the lag has passed on the clock', async () => {
    await client.chat.postMessage({ channel: 'CAPPROVALS', text: 'request' });

    expect(emulator.messages('CAPPROVALS').map((m) => m.text)).toEqual(['request']);
    expect(await history()).toEqual([]);
    clock += 1999;
    expect(await history()).toEqual([]);
    clock += 1;
    expect(await history()).toEqual(['request']);
  });

  test('when a reply was just posted, then replies shows the parent without it until the lag has passed', async () => {
    const parent = (await client.chat.postMessage({ channel: 'CAPPROVALS', text: 'request' })).ts ?? '';
    clock += 2000;
    await client.chat.postMessage({ channel: 'CAPPROVALS', text: 'placed', thread_ts: parent });
    const replies = async () =>
      texts(await client.conversations.replies({ channel: 'CAPPROVALS', ts: parent }));

    expect(emulator.thread('CAPPROVALS', parent).map((m) => m.text)).toEqual(['placed']);
    expect(await replies()).toEqual(['request']);
    clock += 2000;
    expect(await replies()).toEqual(['request', 'placed']);
  });

  test('when the parent itself is not visible yet, then replies answers thread_not_found', async () => {
    const parent = (await client.chat.postMessage({ channel: 'CAPPROVALS', text: 'request' })).ts ?? '';

    expect(
      await slackError(client.conversations.replies({ channel: 'CAPPROVALS', ts: parent })),
    ).toMatchObject({
      error: 'thread_not_found',
    });
  });

  test('when faults are cleared, then history sees new messages at once again', async () => {
    emulator.faults.clear();

    await client.chat.postMessage({ channel: 'CAPPROVALS', text: 'request' });

    expect(await history()).toEqual(['request']);
  });
});
