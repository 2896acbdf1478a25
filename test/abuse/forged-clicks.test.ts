import type { JsonObject } from '../../src/sandbox/slack';
import {
  APPROVALS,
  APPROVER,
  approvalMessageOf,
  type Harness,
  hasButtons,
  OTHER,
  REQUESTER,
  startHarness,
  submitTutorial,
} from '../slack/support/e2e-harness';
import { forgedClick, forgedSubmission } from './support/forgery';

/**
 * Clicks and submissions altered on the way: whoever sends them and whatever id they carry, the app decides
 * only what the sender may decide, changes nothing otherwise, and audits the refusal on the request named.
 */

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const UNKNOWN_ID = '0b7f3a52-4a8e-4d43-9a55-3f2f0c9f1e11';

async function unchanged(request: { id: string }) {
  const stored = await h.desk.store.requests.get(request.id);
  expect(stored?.state).toBe('pending_approval');
  expect(h.sandbox.orders()).toEqual([]);
}

async function lastAudit(id: string) {
  return (await h.desk.store.requests.audit(id)).at(-1);
}

function ephemeralsOf(userId: string, count: number) {
  return h.emulator.waitFor(
    () => h.emulator.ephemerals(userId).length >= count && h.emulator.ephemerals(userId),
    {
      what: `${count} ephemeral(s) for ${userId}`,
    },
  );
}

test('when a non-approver forges an Approve click, then it is refused to them alone, nothing changes, and the audit trail records it', async () => {
  const request = await submitTutorial(h, 'renew-rm-premium');

  await forgedClick(
    h,
    OTHER,
    APPROVALS,
    request.slack.approvalMessageTs ?? '',
    'approve_request',
    request.id,
  );
  const [note] = await ephemeralsOf(OTHER, 1);

  expect(note?.text).toBe('Only approvers can decide on order requests; nothing was changed.');
  await unchanged(request);
  expect(hasButtons(approvalMessageOf(h, request))).toBe(true);
  expect(await lastAudit(request.id)).toMatchObject({
    actor: OTHER,
    action: 'approve',
    reason: 'not_approver',
  });
});

test('when an Approve button carries another request id, then the approver decides only that request, under the same checks, and the message clicked is left alone', async () => {
  const clicked = await submitTutorial(h, 'renew-rm-premium');
  const own = await submitTutorial(h, 'renew-ycm-white-label', {}, APPROVER);

  // The approver aims a click on someone else's message at their own request: the policy still applies.
  await forgedClick(h, APPROVER, APPROVALS, clicked.slack.approvalMessageTs ?? '', 'approve_request', own.id);
  const [note] = await ephemeralsOf(APPROVER, 1);

  expect(note?.text).toBe('You cannot decide on your own request; another approver has to.');
  await unchanged(clicked);
  await unchanged(own);
  expect(await lastAudit(own.id)).toMatchObject({
    actor: APPROVER,
    action: 'approve',
    reason: 'own_request',
  });
  expect(await lastAudit(clicked.id)).toMatchObject({ action: 'created' });
});

test.each([
  { name: 'junk', value: 'approve-everything' },
  { name: 'oversized', value: 'x'.repeat(20_000) },
])(
  'when an Approve button carries $name, then the click is answered 200, ignored, and nothing changes',
  async ({ value }) => {
    const request = await submitTutorial(h, 'renew-rm-premium');
    const callsBefore = h.emulator.calls('chat.update').length;

    const answer = await forgedClick(
      h,
      APPROVER,
      APPROVALS,
      request.slack.approvalMessageTs ?? '',
      'approve_request',
      value,
    );

    expect(answer.status).toBe(200);
    await unchanged(request);
    expect(await lastAudit(request.id)).toMatchObject({ action: 'created' });
    expect(h.emulator.calls('chat.update')).toHaveLength(callsBefore);
    expect(h.emulator.ephemerals(APPROVER)).toEqual([]);
  },
);

test('when an Approve button carries a request id that does not exist, then the clicker is told and nothing changes', async () => {
  const request = await submitTutorial(h, 'renew-rm-premium');

  await forgedClick(
    h,
    APPROVER,
    APPROVALS,
    request.slack.approvalMessageTs ?? '',
    'approve_request',
    UNKNOWN_ID,
  );
  const [note] = await ephemeralsOf(APPROVER, 1);

  expect(note?.text).toBe('This request no longer exists.');
  await unchanged(request);
  expect(await h.desk.store.requests.get(UNKNOWN_ID)).toBeUndefined();
  expect(await lastAudit(request.id)).toMatchObject({ action: 'created' });
});

test("when someone clicks Cancel carrying another person's request id, then it is refused, the request stays pending, and the audit trail records it", async () => {
  const theirs = await submitTutorial(h, 'renew-rm-premium');
  const mine = await submitTutorial(h, 'renew-ycm-white-label', {}, OTHER);
  const myDm = h.emulator.messages(OTHER)[0];
  if (!myDm) throw new Error('no confirmation DM');

  await forgedClick(h, OTHER, myDm.channel, myDm.ts, 'cancel_request', theirs.id);
  const [note] = await ephemeralsOf(OTHER, 1);

  expect(note?.text).toBe(`Only the requester (<@${REQUESTER}>) can cancel this request.`);
  await unchanged(theirs);
  await unchanged(mine);
  expect(await lastAudit(theirs.id)).toMatchObject({
    actor: OTHER,
    action: 'cancel',
    reason: 'not_requester',
  });
});

describe('tampered private_metadata', () => {
  async function rejectModalView(requestTs: string): Promise<JsonObject> {
    await h.driver.click(APPROVER, APPROVALS, requestTs, 'reject_request');
    const modal = await h.driver.waitForView(APPROVER);
    modal.setValue('reason', 'reason_input', 'Not this quarter');
    return modal.view;
  }

  test('when a non-approver submits a copy of the reject modal for a real request, then it is refused, nothing changes, and the audit trail records it', async () => {
    const request = await submitTutorial(h, 'renew-rm-premium');
    const view = await rejectModalView(request.slack.approvalMessageTs ?? '');

    const answer = await forgedSubmission(h, OTHER, view);
    const [note] = await ephemeralsOf(OTHER, 1);

    expect(answer).toEqual({ status: 200, body: null });
    expect(note?.text).toBe('Only approvers can decide on order requests; nothing was changed.');
    await unchanged(request);
    expect(await lastAudit(request.id)).toMatchObject({
      actor: OTHER,
      action: 'reject',
      reason: 'not_approver',
    });
  });

  test.each([
    { name: 'not JSON', metadata: '{"requestId":' },
    { name: 'the wrong shape', metadata: JSON.stringify({ requestId: ['x'], admin: true }) },
    { name: 'oversized', metadata: JSON.stringify({ requestId: 'x'.repeat(5000) }) },
    { name: 'an id that does not exist', metadata: JSON.stringify({ requestId: UNKNOWN_ID }) },
  ])(
    'when the reject modal comes back with metadata that is $name, then nothing is rejected',
    async ({ metadata }) => {
      const request = await submitTutorial(h, 'renew-rm-premium');
      const view = await rejectModalView(request.slack.approvalMessageTs ?? '');

      const answer = await forgedSubmission(h, APPROVER, { ...view, private_metadata: metadata });

      expect(answer.status).toBe(200);
      await unchanged(request);
      expect(await lastAudit(request.id)).toMatchObject({ action: 'created' });
      expect(h.emulator.messages(REQUESTER).map((m) => m.text)).not.toContainEqual(
        expect.stringContaining('rejected'),
      );
    },
  );

  test.each([
    { name: 'not JSON', metadata: 'not json' },
    { name: 'another command', metadata: JSON.stringify({ command: 'refund' }) },
    { name: 'oversized', metadata: JSON.stringify({ command: 'renew', channelId: 'C'.repeat(5000) }) },
  ])(
    'when the request modal comes back with metadata that is $name, then the person is asked to start again and nothing is stored',
    async ({ metadata }) => {
      await h.driver.command(REQUESTER, '/renew', '', { channelId: 'CGENERAL' });
      const modal = await h.driver.waitForView(REQUESTER);

      const answer = await forgedSubmission(h, REQUESTER, { ...modal.view, private_metadata: metadata });

      expect(answer).toEqual({
        status: 200,
        body: {
          response_action: 'errors',
          // Under the form's first input, the customer: the form cannot say more.
          errors: { 'customer::own': 'This form is out of date: close it and run the command again.' },
        },
      });
      expect(await h.desk.store.requests.listRequesterRequests(REQUESTER, 10)).toEqual([]);
    },
  );
});
