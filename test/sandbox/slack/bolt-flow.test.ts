import { type SlackDriver, type SlackEmulator, startSlackEmulator } from '../../../src/sandbox/slack';
import { APPROVALS, type RenewApp, SIGNING_SECRET, startRenewApp } from './renew-app';

let emulator: SlackEmulator;
let app: RenewApp;
let driver: SlackDriver;

beforeEach(async () => {
  emulator = await startSlackEmulator();
  app = await startRenewApp(emulator.apiUrl, emulator.botToken);
  driver = emulator.driver(app.eventsUrl, SIGNING_SECRET);
});

afterEach(async () => {
  await app.stop();
  await emulator.close();
});

const blockIds = (blocks: { block_id?: string }[]) => blocks.map((b) => b.block_id);

test('when a requester runs /renew, works the modal and an approver clicks Approve, then every step reaches Slack as it would', async () => {
  const command = await driver.command('UREQUESTER', '/renew', '', { channelId: 'CGENERAL' });
  expect(command.status).toBe(200);

  const modal = await driver.waitForView('UREQUESTER');
  expect(modal.view).toMatchObject({ callback_id: 'renew_modal', title: { text: 'Renew a licence' } });
  expect(blockIds(modal.blocks)).toEqual(['product_block', 'plan_block::none', 'seats_block']);
  const openedHash = modal.view.hash;

  // The dispatching product select sends block_actions; the app re-renders with views.update + hash.
  expect(await modal.select('product_block', 'product_select', 'pseries')).toMatchObject({ status: 200 });
  await modal.waitForUpdate();
  expect(blockIds(modal.blocks)).toEqual(['product_block', 'plan_block::pseries', 'seats_block']);
  expect(emulator.calls('views.update')[0]?.args).toMatchObject({ view_id: modal.id, hash: openedHash });
  // Same block_id + action_id: the chosen product survives the update.
  expect(modal.view).toMatchObject({
    state: { values: { product_block: { product_select: { selected_option: { value: 'pseries' } } } } },
  });

  const suggestions = await modal.suggest('plan_block::pseries', 'plan_select', 'annual');
  expect(suggestions.options?.map((o) => o.value)).toEqual(['ps-annual']);
  modal.setValue('plan_block::pseries', 'plan_select', 'ps-annual');

  modal.setValue('seats_block', 'seats_input', '0');
  const refused = await modal.submit();
  expect(refused.body).toEqual({
    response_action: 'errors',
    errors: { seats_block: 'Seats must be between 1 and 500' },
  });
  expect(modal.errors).toEqual({ seats_block: 'Seats must be between 1 and 500' });
  expect(modal.isOpen).toBe(true);

  modal.setValue('seats_block', 'seats_input', '5');
  expect(await modal.submit()).toEqual({ status: 200, body: null });
  expect(modal.isOpen).toBe(false);

  const request = await emulator.waitFor(() => emulator.messages(APPROVALS)[0], {
    what: 'the approval message',
  });
  expect(request.text).toBe('<@UREQUESTER> asks to renew ps-annual for 5 seats');

  const click = await driver.click('UAPPROVER', APPROVALS, request.ts, 'approve');
  expect(click.status).toBe(200);
  const [reply] = await emulator.waitFor(
    () => emulator.thread(APPROVALS, request.ts).length > 0 && emulator.thread(APPROVALS, request.ts),
  );
  expect(reply?.text).toBe('Order placed for req-1');

  const decided = emulator.messages(APPROVALS)[0];
  expect(decided).toMatchObject({
    ts: request.ts,
    text: 'Approved by <@UAPPROVER>',
    edited: { user: 'UORDERDESK' },
  });
  expect(decided?.blocks.some((b) => b.type === 'actions')).toBe(false);

  expect(emulator.calls().map((c) => `${c.method}:${c.ok}`)).toEqual([
    'auth.test:true',
    'views.open:true',
    'views.update:true',
    'chat.postMessage:true',
    'chat.update:true',
    'chat.postMessage:true',
  ]);
  expect(emulator.calls('chat.postMessage')[1]?.args).toMatchObject({
    channel: APPROVALS,
    thread_ts: request.ts,
  });
});

test('when a required input is empty, then the driver refuses to submit as Slack would and the app hears nothing', async () => {
  await driver.command('UREQUESTER', '/renew');
  const modal = await driver.waitForView('UREQUESTER');

  await expect(modal.submit()).rejects.toThrow(
    'required input empty: product_block, plan_block::none, seats_block',
  );
  expect(modal.isOpen).toBe(true);
});

test('when a person picks a static option that the select does not offer, then the driver refuses it', async () => {
  await driver.command('UREQUESTER', '/renew');
  const modal = await driver.waitForView('UREQUESTER');

  await expect(modal.select('product_block', 'product_select', 'no-such-product')).rejects.toThrow(
    'option "no-such-product" is not offered by product_block/product_select',
  );
  expect(emulator.calls('views.update')).toHaveLength(0);
});

test('when the app answers a block_suggestion, then the payload carried the view as last rendered, not the newest input', async () => {
  await driver.command('UREQUESTER', '/renew');
  const modal = await driver.waitForView('UREQUESTER');
  await modal.select('product_block', 'product_select', 'cloud');
  await modal.waitForUpdate();
  modal.setValue('seats_block', 'seats_input', '7');

  const answer = await modal.suggest('plan_block::cloud', 'plan_select', '');

  expect(answer.options?.map((o) => o.value)).toEqual(['cloud-annual']);
  const suggestion = app.received.find((b) => b.type === 'block_suggestion');
  // As rendered by views.update: the product (carried over), not the seats typed afterwards.
  expect(suggestion).toMatchObject({
    block_id: 'plan_block::cloud',
    value: '',
    view: {
      id: modal.id,
      state: {
        values: {
          product_block: { product_select: { selected_option: { value: 'cloud' } } },
          seats_block: { seats_input: { value: null } },
        },
      },
    },
  });
  expect(modal.view).toMatchObject({ state: { values: { seats_block: { seats_input: { value: '7' } } } } });
});
