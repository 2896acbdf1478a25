import type { webApi } from '@slack/bolt';
import { type SlackDriver, type SlackEmulator, startSlackEmulator } from '../../../src/sandbox/slack';
import { slackError, webClient } from './web-client';

let emulator: SlackEmulator;
let client: webApi.WebClient;
let driver: SlackDriver;

beforeAll(async () => {
  emulator = await startSlackEmulator();
  client = webClient(emulator.apiUrl, emulator.botToken);
  driver = emulator.driver('http://127.0.0.1:9/slack/events', 'unused');
});

afterAll(() => emulator.close());

const text = (t: string) => ({ type: 'plain_text', text: t });
const section = (blockId?: string) => ({
  type: 'section',
  text: { type: 'mrkdwn', text: 'hi' },
  ...(blockId ? { block_id: blockId } : {}),
});
const input = {
  type: 'input',
  block_id: 'in',
  label: text('Seats'),
  element: { type: 'plain_text_input', action_id: 'seats' },
};
const modal = (extra: Record<string, unknown>) => ({
  type: 'modal',
  title: text('Order'),
  submit: text('Send'),
  blocks: [input],
  ...extra,
});
const many = (n: number) => Array.from({ length: n }, () => section());
const longId = 'x'.repeat(256);

// biome-ignore lint/suspicious/noExplicitAny: views with deliberate Block Kit mistakes do not fit the typed API
type AnyView = any;

describe('views refused as Slack refuses them', () => {
  test.each([
    [
      'a title over 24 characters',
      modal({ title: text('A title that is too long!') }),
      'invalid_arguments',
      '/view/title/text',
    ],
    [
      'a submit label over 24 characters',
      modal({ submit: text('Submit this request now!!') }),
      'invalid_arguments',
      '/view/submit/text',
    ],
    [
      'a close label over 24 characters',
      modal({ close: text('Close without saving it!!') }),
      'invalid_arguments',
      '/view/close/text',
    ],
    ['more than 100 blocks', modal({ blocks: many(101) }), 'invalid_blocks', '/view/blocks'],
    [
      'private_metadata over 3000 characters',
      modal({ private_metadata: 'm'.repeat(3001) }),
      'invalid_arguments',
      '/view/private_metadata',
    ],
    [
      'a block_id over 255 characters',
      modal({ blocks: [section(longId)] }),
      'invalid_blocks',
      '/view/blocks/0/block_id',
    ],
    [
      'an action_id over 255 characters',
      modal({ blocks: [{ ...input, element: { type: 'plain_text_input', action_id: longId } }] }),
      'invalid_blocks',
      '/view/blocks/0',
    ],
    [
      'a duplicate block_id',
      modal({ blocks: [section('same'), section('same')] }),
      'invalid_blocks',
      '/view/blocks/1/block_id',
    ],
    [
      'input blocks without submit',
      { type: 'modal', title: text('Order'), blocks: [input] },
      'invalid_arguments',
      '/view/submit',
    ],
  ])(
    'when a view has %s, then views.open is refused naming the field',
    async (_what, view, error, pointer) => {
      const refused = await slackError(
        client.views.open({ trigger_id: driver.issueTrigger('UREQUESTER'), view: view as AnyView }),
      );

      expect(refused.error).toBe(error);
      expect(refused.messages.join(' ')).toContain(`[json-pointer:${pointer}]`);
    },
  );

  test('when a view is within every limit, then views.open accepts it', async () => {
    const view = modal({
      title: text('x'.repeat(24)),
      private_metadata: 'm'.repeat(3000),
      blocks: [input, ...many(99)],
    });

    const opened = await client.views.open({
      trigger_id: driver.issueTrigger('UREQUESTER'),
      view: view as AnyView,
    });

    expect(opened.view?.blocks).toHaveLength(100);
  });
});

describe('messages refused as Slack refuses them', () => {
  test('when a message has more than 50 blocks, then chat.postMessage is refused with invalid_blocks', async () => {
    const refused = await slackError(
      client.chat.postMessage({ channel: 'CGENERAL', text: 't', blocks: many(51) as AnyView }),
    );

    expect(refused.error).toBe('invalid_blocks');
    expect(emulator.messages('CGENERAL')).toEqual([]);
  });

  test('when a message repeats a block_id, then chat.postMessage is refused with invalid_blocks', async () => {
    const refused = await slackError(
      client.chat.postMessage({
        channel: 'CGENERAL',
        text: 't',
        blocks: [section('dup'), section('dup')] as AnyView,
      }),
    );

    expect(refused.error).toBe('invalid_blocks');
    expect(refused.messages[0]).toContain('duplicate block_id "dup"');
  });

  const mrkdwn = (t: string) => ({ type: 'mrkdwn', text: t });
  const button = (extra: Record<string, unknown>) => ({
    type: 'actions',
    elements: [{ type: 'button', action_id: 'b', text: text('Go'), ...extra }],
  });
  test.each([
    [
      'a section text over 3000 characters',
      { type: 'section', text: mrkdwn('x'.repeat(3001)) },
      '/blocks/0/text/text',
    ],
    [
      'a section with 11 fields',
      { type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) },
      '/blocks/0/fields',
    ],
    [
      'a field over 2000 characters',
      { type: 'section', fields: [mrkdwn('x'.repeat(2001))] },
      '/blocks/0/fields/0/text',
    ],
    ['a header over 150 characters', { type: 'header', text: text('x'.repeat(151)) }, '/blocks/0/text/text'],
    [
      'a context with 11 elements',
      { type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) },
      '/blocks/0/elements',
    ],
    ['a button text over 75 characters', button({ text: text('x'.repeat(76)) }), '/blocks/0/text/text'],
    [
      'a confirm text over 300 characters',
      button({
        confirm: {
          title: text('Sure?'),
          text: text('x'.repeat(301)),
          confirm: text('Yes'),
          deny: text('No'),
        },
      }),
      '/blocks/0/confirm/text/text',
    ],
  ])(
    'when a message has %s, then chat.postMessage is refused with invalid_blocks',
    async (_name, block, pointer) => {
      const refused = await slackError(
        client.chat.postMessage({ channel: 'CGENERAL', text: 't', blocks: [block] as AnyView }),
      );

      expect(refused.error).toBe('invalid_blocks');
      expect(refused.messages.join(' ')).toContain(`[json-pointer:${pointer}]`);
    },
  );

  test('when a message has exactly 50 blocks, then chat.postMessage accepts it', async () => {
    const posted = await client.chat.postMessage({
      channel: 'CGENERAL',
      text: 't',
      blocks: many(50) as AnyView,
    });

    expect(posted.message?.blocks).toHaveLength(50);
  });
});
