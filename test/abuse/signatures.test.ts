import { commandBody, interactionBody, messageActionPayload } from '../../src/sandbox/slack/payloads';
import { initialState } from '../../src/sandbox/slack/view-state';
import {
  APPROVALS,
  APPROVER,
  type Harness,
  hasButtons,
  REQUESTER,
  startHarness,
  submitTutorial,
  waitForThread,
} from '../slack/support/e2e-harness';

/** Requests to /slack/events that Slack did not sign, or signed long ago, are refused before any listener. */

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

/** What the app asked of Slack, less the token check Bolt makes on its own at start. */
const appCalls = () => h.emulator.calls().filter((c) => c.method !== 'auth.test');

/** What the app asked of the Partner API, less the credentials it tries on its own at start. */
const partnerApiCalls = () =>
  h.sandbox.requestCount() - h.sandbox.requestCount('/auth/openapi/v1/oauth/token');

const SIX_MINUTES_AGO = () => Math.floor(Date.now() / 1000) - 6 * 60;

function renewCommand() {
  return commandBody({
    user: h.driver.person(REQUESTER),
    command: '/renew',
    text: '',
    channelId: 'CGENERAL',
    triggerId: h.driver.issueTrigger(REQUESTER),
    responseUrl: `${h.emulator.url}/response/none`,
  });
}

function approveClick(channel: string, ts: string) {
  const message = h.emulator.messages(channel).find((m) => m.ts === ts);
  if (!message) throw new Error('no approval message');
  const button = message.blocks
    .flatMap((b) => (b.elements ?? []) as { action_id?: string; value?: string }[])
    .find((e) => e.action_id === 'approve_request');
  return interactionBody(
    messageActionPayload({
      user: h.driver.person(APPROVER),
      message,
      state: initialState(message.blocks),
      action: {
        type: 'button',
        action_id: 'approve_request',
        block_id: 'decision',
        value: button?.value ?? '',
      },
      triggerId: h.driver.issueTrigger(APPROVER),
      responseUrl: `${h.emulator.url}/response/none`,
    }),
  );
}

const FORGERIES = [
  { name: 'unsigned', options: { signed: false } },
  {
    name: 'signed with another secret',
    options: { headers: { 'x-slack-signature': `v0=${'0'.repeat(64)}` } },
  },
  { name: 'replayed from 6 minutes ago', options: { timestamp: SIX_MINUTES_AGO() } },
] as const;

test.each(FORGERIES)(
  'when a slash command arrives $name, then it gets 401 and no modal, no Slack call, no Partner API call and no row follow',
  async ({ options }) => {
    const callsBefore = appCalls().length;

    const answer = await h.driver.sendRaw(renewCommand(), options);

    expect(answer.status).toBe(401);
    expect(appCalls()).toHaveLength(callsBefore);
    expect(partnerApiCalls()).toBe(0);
    expect(await h.desk.store.requests.listRequesterRequests(REQUESTER, 10)).toEqual([]);
    // The same command, signed now, is acted on: the app was listening and would have acted.
    expect((await h.driver.sendRaw(renewCommand())).status).toBe(200);
    await h.driver.waitForView(REQUESTER);
    expect(h.emulator.calls('views.open')).toHaveLength(1);
  },
);

test.each(FORGERIES)(
  'when an approval click arrives $name, then it gets 401 and the request stays pending with its buttons and no order',
  async ({ options }) => {
    const request = await submitTutorial(h, 'renew-rm-premium');
    const ts = request.slack.approvalMessageTs ?? '';
    const callsBefore = appCalls().length;
    const auditBefore = await h.desk.store.requests.audit(request.id);

    const answer = await h.driver.sendRaw(approveClick(APPROVALS, ts), options);

    expect(answer.status).toBe(401);
    expect((await h.desk.store.requests.get(request.id))?.state).toBe('pending_approval');
    expect(await h.desk.store.requests.audit(request.id)).toEqual(auditBefore);
    expect(appCalls()).toHaveLength(callsBefore);
    expect(hasButtons(h.emulator.messages(APPROVALS)[0] ?? { blocks: [] })).toBe(true);
    expect(h.sandbox.orders()).toEqual([]);
    // The same click, signed now, places the order: the forged copies were refused for their signature alone.
    expect((await h.driver.sendRaw(approveClick(APPROVALS, ts))).status).toBe(200);
    await waitForThread(h, request);
    expect(h.sandbox.orders()).toHaveLength(1);
  },
);
