import type { webApi } from '@slack/bolt';
import { type SlackDriver, type SlackEmulator, startSlackEmulator } from '../../../src/sandbox/slack';
import { slackError, webClient } from './web-client';

let emulator: SlackEmulator;
let client: webApi.WebClient;
let driver: SlackDriver;
let now: number;

beforeEach(async () => {
  now = Date.UTC(2026, 10, 1);
  emulator = await startSlackEmulator({ now: () => now });
  client = webClient(emulator.apiUrl, emulator.botToken);
  // The driver only hands out trigger ids here; no app is contacted.
  driver = emulator.driver('http://127.0.0.1:9/slack/events', 'unused');
});

afterEach(() => emulator.close());

const text = (t: string) => ({ type: 'plain_text' as const, text: t });
const input = (blockId: string, actionId: string) => ({
  type: 'input' as const,
  block_id: blockId,
  label: text('Field'),
  element: { type: 'plain_text_input' as const, action_id: actionId },
});
const modal = (blocks: ReturnType<typeof input>[] = [input('a', 'a_input')], extra = {}) => ({
  type: 'modal' as const,
  title: text('Form'),
  submit: text('Send'),
  blocks,
  ...extra,
});

describe('trigger ids', () => {
  test('when a trigger is used within 3 s, then views.open opens the modal for the person who acted', async () => {
    const trigger = driver.issueTrigger('UREQUESTER');
    now += 2900;

    const opened = await client.views.open({ trigger_id: trigger, view: modal() });

    expect(opened.view?.id).toMatch(/^V/);
    expect(emulator.openViews('UREQUESTER').map((v) => v.id)).toEqual([opened.view?.id]);
  });

  test('when a trigger is older than 3 s, then views.open is refused with expired_trigger_id', async () => {
    const trigger = driver.issueTrigger('UREQUESTER');
    now += 3001;

    expect(await slackError(client.views.open({ trigger_id: trigger, view: modal() }))).toMatchObject({
      error: 'expired_trigger_id',
    });
    expect(emulator.openViews('UREQUESTER')).toEqual([]);
  });

  test('when a trigger is used twice, then the second views.open is refused with trigger_exchanged', async () => {
    const trigger = driver.issueTrigger('UREQUESTER');
    await client.views.open({ trigger_id: trigger, view: modal() });

    expect(await slackError(client.views.open({ trigger_id: trigger, view: modal() }))).toMatchObject({
      error: 'trigger_exchanged',
    });
  });

  test('when a trigger was never issued, then views.open is refused with invalid_trigger_id', async () => {
    expect(await slackError(client.views.open({ trigger_id: '12345.made.up', view: modal() }))).toMatchObject(
      {
        error: 'invalid_trigger_id',
      },
    );
  });
});

describe('views.update', () => {
  test('when the hash is stale, then views.update is refused with hash_conflict and the view is unchanged', async () => {
    const opened = await client.views.open({ trigger_id: driver.issueTrigger('UREQUESTER'), view: modal() });
    const viewId = opened.view?.id ?? '';
    const staleHash = opened.view?.hash ?? '';
    const updated = await client.views.update({
      view_id: viewId,
      hash: staleHash,
      view: modal([input('b', 'b_input')]),
    });
    expect(updated.view?.hash).not.toBe(staleHash);

    const refused = await slackError(
      client.views.update({ view_id: viewId, hash: staleHash, view: modal() }),
    );

    expect(refused.error).toBe('hash_conflict');
    expect(emulator.view(viewId)?.view.blocks.map((b) => b.block_id)).toEqual(['b']);
  });

  test('when a view is addressed by external_id, then views.update finds it', async () => {
    const opened = await client.views.open({
      trigger_id: driver.issueTrigger('UREQUESTER'),
      view: modal(undefined, { external_id: 'request-42' }),
    });

    const updated = await client.views.update({
      external_id: 'request-42',
      view: modal([input('c', 'c_input')]),
    });

    expect(updated.view?.id).toBe(opened.view?.id);
    expect(updated.view?.external_id).toBe('request-42');
  });

  test('when views.update keeps or changes ids, then only input whose block_id and action_id are unchanged survives', async () => {
    const opened = await client.views.open({
      trigger_id: driver.issueTrigger('UREQUESTER'),
      view: modal([
        input('kept', 'kept_input'),
        input('renamed::1', 'x_input'),
        input('other', 'old_action'),
      ]),
    });
    const form = driver.modal(opened.view?.id ?? '');
    form.setValue('kept', 'kept_input', 'stays');
    form.setValue('renamed::1', 'x_input', 'goes');
    form.setValue('other', 'old_action', 'goes too');

    await client.views.update({
      view_id: form.id,
      view: modal([
        input('kept', 'kept_input'),
        input('renamed::2', 'x_input'),
        input('other', 'new_action'),
      ]),
    });

    expect(form.view).toMatchObject({
      state: {
        values: {
          kept: { kept_input: { value: 'stays' } },
          'renamed::2': { x_input: { value: null } },
          other: { new_action: { value: null } },
        },
      },
    });
  });

  test('when the view was closed, then views.update is refused with not_found', async () => {
    const opened = await client.views.open({ trigger_id: driver.issueTrigger('UREQUESTER'), view: modal() });
    await client.views.open({ trigger_id: driver.issueTrigger('UREQUESTER'), view: modal() });

    expect(
      await slackError(client.views.update({ view_id: opened.view?.id ?? '', view: modal() })),
    ).toMatchObject({
      error: 'not_found',
    });
  });
});

describe('views.push', () => {
  test('when views are pushed, then the stack grows to three and a fourth is refused with push_limit_reached', async () => {
    await client.views.open({ trigger_id: driver.issueTrigger('UREQUESTER'), view: modal() });
    const second = await client.views.push({ trigger_id: driver.issueTrigger('UREQUESTER'), view: modal() });
    await client.views.push({ trigger_id: driver.issueTrigger('UREQUESTER'), view: modal() });

    const refused = await slackError(
      client.views.push({ trigger_id: driver.issueTrigger('UREQUESTER'), view: modal() }),
    );

    expect(refused.error).toBe('push_limit_reached');
    const stack = emulator.openViews('UREQUESTER');
    expect(stack).toHaveLength(3);
    expect(stack[2]?.view.previous_view_id).toBe(second.view?.id);
    expect(stack[2]?.view.root_view_id).toBe(stack[0]?.id);
  });
});
