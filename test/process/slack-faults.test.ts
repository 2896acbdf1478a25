import { fillRequest, TUTORIAL_PLAYS } from '../../src/demo';
import { until } from '../support/poll';
import type { AppProcess } from './app-process';
import {
  APPROVALS,
  approve,
  expectPlacedOnce,
  PROCESS_WAIT_MS,
  postedAs,
  REQUESTER,
  requestRenewal,
  startWorld,
  threadOf,
  type World,
} from './world';

/**
 * Slack behaving as a real server does, against the app as a real process: it posts a message and loses
 * its answer, or answers after the app gave up, or shows new messages in history late; and it gives up on
 * a modal submission the app is still working on, so the person submits again.
 */

let world: World;
let app: AppProcess;

beforeEach(async () => {
  world = await startWorld();
  app = await world.startApp();
});
afterEach(() => world.close());

const liveButtons = (messages: { blocks: { type: string }[] }[]) =>
  messages.filter((m) => m.blocks.some((b) => b.type === 'actions'));

test.each([
  ['its answer is lost', (w: World) => w.emulator.faults.loseAnswerNext('chat.postMessage', 1)],
  ['it never answers', (w: World) => w.emulator.faults.hangNext('chat.postMessage', 1)],
])(
  'when Slack posts the approval message but %s, then the app finds it instead of posting a copy, and the request goes on from it',
  async (_, arm) => {
    arm(world);

    const request = await requestRenewal(world, app, 'PO-APPROVAL-LOST');

    expect(postedAs(world, APPROVALS, request, 'approval_message')).toHaveLength(1);
    expect(postedAs(world, REQUESTER, request, 'requester_confirmation')).toHaveLength(1);
    await approve(world, app, request);
    await expectPlacedOnce(world, request);
    expect(postedAs(world, APPROVALS, request, 'approval_message')).toHaveLength(1);
  },
);

test('when Slack posts the thread reply but loses its answer, then the result is in the thread once', async () => {
  const request = await requestRenewal(world, app, 'PO-REPLY-LOST');
  // The first post after the click is the result in the thread (the stamps are edits).
  world.emulator.faults.loseAnswerNext('chat.postMessage', 1);

  await approve(world, app, request);

  await expectPlacedOnce(world, request);
  expect(threadOf(world, request)).toHaveLength(1);
  expect(world.emulator.calls('chat.postMessage').filter((c) => c.unanswered === 'lost')).toHaveLength(1);
});

test('when the approval message was posted twice because Slack’s history lagged behind the lost post, then deciding stamps both copies, and one order is placed', async () => {
  world.emulator.faults.historyLag(2500);
  world.emulator.faults.loseAnswerNext('chat.postMessage', 1);

  const request = await requestRenewal(world, app, 'PO-TWO-COPIES');
  const copies = await world.emulator.waitFor(
    () => {
      const posted = postedAs(world, APPROVALS, request, 'approval_message');
      return posted.length === 2 && posted;
    },
    { what: 'the second copy', timeoutMs: PROCESS_WAIT_MS },
  );
  expect(liveButtons(copies)).toHaveLength(2);
  // The decision comes after Slack's history shows both (people take longer than the lag).
  await new Promise((resolve) => setTimeout(resolve, 2600));

  await approve(world, app, request);

  await expectPlacedOnce(world, request);
  const after = postedAs(world, APPROVALS, request, 'approval_message');
  expect(after).toHaveLength(2);
  expect(liveButtons(after)).toEqual([]);
});

test('when Slack gives up on a submission the app is still storing and the person submits the same form again, then there is one request, posted once', async () => {
  const driver = world.driver(app);
  const ycm = TUTORIAL_PLAYS['renew-ycm-white-label'];
  const modal = await fillRequest(driver, REQUESTER, {
    ...ycm,
    choices: { ...ycm.choices, po_number: 'PO-TWICE' },
  });

  // Slack stops waiting before the app answers (as after 3 s); the app goes on storing the request.
  expect(await modal.submit({ giveUpAfterMs: 0 })).toEqual({ status: 408, body: null });
  expect(modal.isOpen).toBe(true);
  await until(
    async () => (await world.store().requests.listRequesterRequests(REQUESTER, 10)).length > 0,
    'the first submission to be stored',
    PROCESS_WAIT_MS,
  );
  expect(await modal.submit()).toEqual({ status: 200, body: null });
  expect(modal.isOpen).toBe(false);

  const stored = await world.store().requests.listRequesterRequests(REQUESTER, 10);
  expect(stored).toHaveLength(1);
  const [request] = stored;
  if (!request) throw new Error('no request');
  await until(
    async () => {
      const slack = (await world.store().requests.get(request.id))?.slack;
      return slack?.approvalMessageTs && slack.requesterMessageTs;
    },
    'the approval message and the requester’s confirmation',
    PROCESS_WAIT_MS,
  );
  expect(postedAs(world, APPROVALS, request, 'approval_message')).toHaveLength(1);
  expect(postedAs(world, REQUESTER, request, 'requester_confirmation')).toHaveLength(1);
});
