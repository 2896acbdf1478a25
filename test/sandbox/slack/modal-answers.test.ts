import type { App, ViewSubmitAction } from '@slack/bolt';
import { type SlackDriver, type SlackEmulator, startSlackEmulator } from '../../../src/sandbox/slack';
import { emulatedBoltApp, listenOnLoopback } from './renew-app';

const SECRET = 'modal-answers-test-secret';
let emulator: SlackEmulator;
let app: App;
let driver: SlackDriver;
/** What each submission that reached the app carried, in order. */
const submissions: string[] = [];

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const form = (title: string) => ({
  type: 'modal' as const,
  callback_id: 'form',
  title: plain(title),
  submit: plain('Send'),
  blocks: [
    { type: 'section' as const, block_id: 'intro', text: plain('Pick how the app answers') },
    {
      type: 'input' as const,
      block_id: 'answer',
      label: plain('Answer'),
      element: { type: 'plain_text_input' as const, action_id: 'answer_input' },
    },
  ],
});

/** An app whose view_submission answer is whatever the person typed, to play each response_action. */
beforeAll(async () => {
  emulator = await startSlackEmulator();
  app = emulatedBoltApp(emulator.apiUrl, emulator.botToken, SECRET);
  app.command('/form', async ({ ack, body, client }) => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: form('First') });
  });
  app.view<ViewSubmitAction>('form', async ({ ack, view }) => {
    const answer = view.state.values.answer?.answer_input?.value;
    submissions.push(answer ?? '');
    if (answer === 'slow') await new Promise((resolve) => setTimeout(resolve, 300));
    if (answer === 'update') await ack({ response_action: 'update', view: form('Updated') });
    else if (answer === 'push') await ack({ response_action: 'push', view: form('Pushed') });
    else if (answer === 'clear') await ack({ response_action: 'clear' });
    else if (answer === 'stray') await ack({ response_action: 'errors', errors: { intro: 'not an input' } });
    else if (answer === 'too-long')
      await ack({ response_action: 'update', view: form('A title far too long to fit') });
    else await ack();
  });
  driver = emulator.driver(await listenOnLoopback(app), SECRET);
});

afterAll(async () => {
  await app.stop();
  await emulator.close();
});

async function openForm(userId: string) {
  await driver.command(userId, '/form');
  return driver.waitForView(userId);
}

test('when the app answers response_action update, then the same view shows the new content', async () => {
  const modal = await openForm('UREQUESTER');
  modal.setValue('answer', 'answer_input', 'update');

  await modal.submit();

  expect(modal.isOpen).toBe(true);
  expect(modal.view).toMatchObject({ id: modal.id, title: { text: 'Updated' } });
});

test('when the app answers push and then nothing, then a view is stacked on top and submitting it pops only that view', async () => {
  const root = await openForm('UAPPROVER');
  root.setValue('answer', 'answer_input', 'push');
  await root.submit();
  const pushed = await driver.waitForView('UAPPROVER');
  expect(pushed.view).toMatchObject({ title: { text: 'Pushed' }, previous_view_id: root.id });

  pushed.setValue('answer', 'answer_input', 'done');
  await pushed.submit();

  expect(emulator.openViews('UAPPROVER').map((v) => v.id)).toEqual([root.id]);
});

test('when the app answers clear, then the whole stack closes', async () => {
  const root = await openForm('UOTHER');
  root.setValue('answer', 'answer_input', 'push');
  await root.submit();
  const pushed = await driver.waitForView('UOTHER');
  pushed.setValue('answer', 'answer_input', 'clear');

  await pushed.submit();

  expect(emulator.openViews('UOTHER')).toEqual([]);
  expect(root.isOpen).toBe(false);
});

test('when the app keys errors to a block that is not an input, then the driver fails loudly as Slack shows a generic error', async () => {
  const modal = await openForm('UREQUESTER');
  modal.setValue('answer', 'answer_input', 'stray');

  await expect(modal.submit()).rejects.toThrow('errors for non-input blocks intro');
});

test('when the app answers update with a view Slack would refuse, then the driver fails loudly naming the field', async () => {
  const modal = await openForm('UREQUESTER');
  modal.setValue('answer', 'answer_input', 'too-long');

  await expect(modal.submit()).rejects.toThrow('/view/title/text');
  expect(modal.view).toMatchObject({ title: { text: 'First' } });
});

test('when Slack gives up waiting for the app’s answer, then the person sees an error, the modal stays open though the app got it, and they can submit again', async () => {
  const modal = await openForm('UAPPROVER');
  modal.setValue('answer', 'answer_input', 'slow');
  const before = submissions.length;

  expect(await modal.submit({ giveUpAfterMs: 50 })).toEqual({ status: 408, body: null });
  expect(modal.isOpen).toBe(true);
  await emulator.waitFor(() => submissions.length > before, { what: 'the app to get the submission' });

  modal.setValue('answer', 'answer_input', 'done');
  expect(await modal.submit()).toEqual({ status: 200, body: null });
  expect(modal.isOpen).toBe(false);
  expect(submissions.slice(before)).toEqual(['slow', 'done']);
});
