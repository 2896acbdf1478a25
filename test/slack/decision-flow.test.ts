import { parseJson } from '../../src/yeastar/json';
import {
  APPROVALS,
  APPROVER,
  approvalMessageOf,
  type Harness,
  harnessesClosedAfterEach,
  hasButtons,
  ORDERS,
  OTHER,
  REQUESTER,
  submitTutorial,
  threadOf,
  waitForThread,
} from './support/e2e-harness';

/**
 * The approval side over real HTTP: requests are stored and posted as the request side does after its
 * modal closes, then people click in the emulated Slack and the orders reach the Partner API sandbox.
 */

let h: Harness;
const harness = harnessesClosedAfterEach();

async function stateOf(id: string) {
  return (await h.desk.store.requests.get(id))?.state;
}

function buttonsOf(message: { blocks: { type: string; elements?: unknown }[] }) {
  return message.blocks.flatMap((b) =>
    b.type === 'actions' ? (b.elements as Record<string, unknown>[]) : [],
  );
}

test('when a request is submitted, then the approval message carries the summary and id-only buttons, and the requester gets a confirmation with Cancel', async () => {
  h = await harness();
  const request = await submitTutorial(h, 'renew-ycm-white-label', { note: 'urgent <!channel> & soon' });

  const message = approvalMessageOf(h, request);
  expect(message.text).toContain('<@UREQUESTER> asks for approval: Renew YCM White Label');
  expect(message.text).toMatch(/^<@UAPPROVER>/);
  const body = JSON.stringify(message.blocks);
  expect(body).toContain('Yeastar IDs: billing contact 3197218168379846218 · service 3341070434683027456');
  expect(body).toContain('⏳ Waiting for an approver: <@UAPPROVER>');
  expect(body).toContain('urgent &lt;!channel&gt; &amp; soon');
  expect(body).not.toContain('<!channel>');
  expect(buttonsOf(message)).toEqual([
    expect.objectContaining({ action_id: 'approve_request', style: 'primary', value: request.id }),
    expect.objectContaining({ action_id: 'reject_request', style: 'danger', value: request.id }),
  ]);
  expect(buttonsOf(message)[0]).toHaveProperty('confirm');

  const [dm] = h.emulator.messages(REQUESTER);
  expect(dm?.text).toMatch(
    /^Your request “Renew YCM White Label” \(reference `YOD-\w+`\) is waiting for an approver\.$/,
  );
  expect(buttonsOf(dm ?? { blocks: [] })).toEqual([
    expect.objectContaining({ action_id: 'cancel_request', value: request.id }),
  ]);
  const stored = await h.desk.store.requests.get(request.id);
  expect(stored?.slack).toMatchObject({
    approvalChannelId: APPROVALS,
    approvalMessageTs: message.ts,
    requesterChannelId: dm?.channel,
    requesterMessageTs: dm?.ts,
  });
});

test('when an approver approves, then the buttons become a stamp before the order, and the result reaches the thread, the requester and the orders channel', async () => {
  h = await harness();
  const request = await submitTutorial(h, 'renew-ycm-white-label');

  const click = await h.driver.click(
    APPROVER,
    APPROVALS,
    request.slack.approvalMessageTs ?? '',
    'approve_request',
  );
  expect(click.status).toBe(200);
  const [reply] = await waitForThread(h, request);

  const orders = h.sandbox.orders();
  expect(orders).toHaveLength(1);
  expect(reply?.text).toContain(`Ordered: order *${orders[0]?.orderNo}*`);
  expect(reply?.text).toContain(', Completed.');
  expect(JSON.stringify(reply?.blocks)).toContain(`Transaction ${orders[0]?.transactionNo}`);
  const stamped = await h.emulator.waitFor(() => {
    const m = approvalMessageOf(h, request);
    return m.text.includes('🧾 Ordered') && m;
  });
  expect(hasButtons(stamped)).toBe(false);
  expect(stamped.text).toMatch(
    new RegExp(
      `^✅ Approved by <@UAPPROVER> at <!date\\^\\d+\\^.+ · 🧾 Ordered: order \\*${orders[0]?.orderNo}\\*, Completed`,
    ),
  );
  // The stamp went out before the order result.
  const methods = h.emulator.calls().map((c) => c.method);
  expect(methods.indexOf('chat.update')).toBeLessThan(methods.lastIndexOf('chat.postMessage'));

  await h.emulator.waitFor(() => h.emulator.messages(ORDERS).length === 1, { what: 'orders notice' });
  expect(h.emulator.messages(ORDERS)[0]?.text).toMatch(
    /^🧾 Ordered: “Renew YCM White Label” for our own account — Add-on Service \(reference `YOD-\w+`\): order \*\w+\*, Completed\.$/,
  );
  expect(JSON.stringify(h.emulator.messages(ORDERS)[0]?.blocks)).toMatch(
    /<https:\/\/emulated\.slack\.local\/archives\/\w+\/p\d+\|Approval and thread>/,
  );
  const dms = await h.emulator.waitFor(() => {
    const all = h.emulator.messages(REQUESTER);
    return all.length === 2 && all;
  });
  expect(hasButtons(dms[0] ?? { blocks: [] })).toBe(false);
  expect(dms[1]?.text).toContain('was approved by <@UAPPROVER> and is ordered: order *');
  expect(dms[0]?.text).toMatch(/^✅ Your request .* is ordered: order \*/);
  expect(await stateOf(request.id)).toBe('placed');
});

test('when someone who is not an approver clicks Approve or Reject, then only they are told why and nothing changes', async () => {
  h = await harness();
  const request = await submitTutorial(h, 'renew-rm-premium');
  const ts = request.slack.approvalMessageTs ?? '';

  await h.driver.click(OTHER, APPROVALS, ts, 'approve_request');
  await h.driver.click(OTHER, APPROVALS, ts, 'reject_request');
  const notes = await h.emulator.waitFor(
    () => h.emulator.ephemerals(OTHER).length === 2 && h.emulator.ephemerals(OTHER),
  );

  expect(notes.map((n) => n.text)).toEqual([
    'Only approvers can decide on order requests; nothing was changed.',
    'Only approvers can decide on order requests; nothing was changed.',
  ]);
  expect(h.emulator.openViews(OTHER)).toHaveLength(0);
  expect(hasButtons(approvalMessageOf(h, request))).toBe(true);
  expect(await stateOf(request.id)).toBe('pending_approval');
  expect(h.sandbox.orders()).toHaveLength(0);
});

test('when the requester, also an approver, approves their own request, then it is refused unless self-approval is allowed', async () => {
  h = await harness({ env: { APPROVER_USER_IDS: `${APPROVER},${REQUESTER}` } });
  const own = await submitTutorial(h, 'renew-rm-premium');
  await h.driver.click(REQUESTER, APPROVALS, own.slack.approvalMessageTs ?? '', 'approve_request');
  const [note] = await h.emulator.waitFor(
    () => h.emulator.ephemerals(REQUESTER).length > 0 && h.emulator.ephemerals(REQUESTER),
  );
  expect(note?.text).toBe('You cannot decide on your own request; another approver has to.');
  expect(await stateOf(own.id)).toBe('pending_approval');
  await h.close();

  h = await harness({ env: { APPROVER_USER_IDS: REQUESTER, ALLOW_SELF_APPROVAL: 'true' } });
  const allowed = await submitTutorial(h, 'renew-rm-premium');
  await h.driver.click(REQUESTER, APPROVALS, allowed.slack.approvalMessageTs ?? '', 'approve_request');
  await waitForThread(h, allowed);
  expect(await stateOf(allowed.id)).toBe('placed');
  expect(h.sandbox.orders()).toHaveLength(1);
});

test('when the approver group cannot be read from Slack, then an Approve click changes nothing and the clicker is told why, alone', async () => {
  h = await harness({ env: { APPROVER_USERGROUP_ID: 'SNOSUCHGROUP', APPROVER_USER_IDS: '' } });
  const request = await submitTutorial(h, 'renew-rm-premium');

  await h.driver.click(APPROVER, APPROVALS, request.slack.approvalMessageTs ?? '', 'approve_request');
  const [told] = await h.emulator.waitFor(
    () => h.emulator.ephemerals(APPROVER).length > 0 && h.emulator.ephemerals(APPROVER),
    { what: 'the ephemeral refusal' },
  );

  expect(told?.text).toBe(
    'Slack did not say who the approvers are just now (no_such_subteam), so nothing was changed. Try again ' +
      'in a minute; if it keeps happening, ask your admin to check the approver group and the app’s ' +
      'usergroups:read scope.',
  );
  expect(await stateOf(request.id)).toBe('pending_approval');
  expect(hasButtons(approvalMessageOf(h, request))).toBe(true);
  expect(h.sandbox.orders()).toHaveLength(0);
});

test('when an approver double-clicks and a second approver clicks at the same moment, then there is one decision and one order, and the late clicks are told who decided', async () => {
  h = await harness({ env: { APPROVER_USERGROUP_ID: 'SAPPROVERS', APPROVER_USER_IDS: OTHER } });
  const request = await submitTutorial(h, 'purchase-remote-management-premium');
  const ts = request.slack.approvalMessageTs ?? '';

  const clicks = await Promise.all([
    h.driver.click(APPROVER, APPROVALS, ts, 'approve_request'),
    h.driver.click(APPROVER, APPROVALS, ts, 'approve_request'),
    h.driver.click(OTHER, APPROVALS, ts, 'approve_request'),
  ]);
  expect(clicks.map((c) => c.status)).toEqual([200, 200, 200]);
  await waitForThread(h, request);
  const late = await h.emulator.waitFor(() => {
    const all = [...h.emulator.ephemerals(APPROVER), ...h.emulator.ephemerals(OTHER)];
    return all.length === 2 && all;
  });

  const winner = (await h.desk.store.requests.get(request.id))?.decidedBy ?? '';
  expect(late.map((n) => n.text)).toEqual([
    `This request was already approved by <@${winner}>.`,
    `This request was already approved by <@${winner}>.`,
  ]);
  expect(h.sandbox.orders()).toHaveLength(1);
  expect(threadOf(h, request)).toHaveLength(1);
  // The approval message and the requester's DM are stamped once per stage at most (the approval's stamp
  // is skipped when the order's is queued before it goes), and end showing the order.
  const stamped = h.emulator.calls('chat.update').map((c) => String(c.args.channel));
  for (const channel of [APPROVALS, `D${REQUESTER.slice(1)}`]) {
    expect([1, 2]).toContain(stamped.filter((c) => c === channel).length);
  }
  expect(hasButtons(approvalMessageOf(h, request))).toBe(false);
  expect(JSON.stringify(approvalMessageOf(h, request).blocks)).toContain(h.sandbox.orders()[0]?.orderNo);
});

test('when an approver rejects with a reason, then the modal insists on a reason, the stamp quotes it escaped, and no order is placed', async () => {
  h = await harness();
  const request = await submitTutorial(h, 'renew-p-series-turnkey-package');

  await h.driver.click(APPROVER, APPROVALS, request.slack.approvalMessageTs ?? '', 'reject_request');
  const modal = await h.driver.waitForView(APPROVER);
  expect(modal.view).toMatchObject({ callback_id: 'reject_reason', title: { text: 'Reject request' } });
  modal.setValue('reason', 'reason_input', '   ');
  expect((await modal.submit()).body).toEqual({
    response_action: 'errors',
    errors: { reason: 'Give a reason to reject the request.' },
  });
  modal.setValue('reason', 'reason_input', 'Budget <frozen> until Q3');
  expect(await modal.submit()).toEqual({ status: 200, body: null });

  const stamped = await h.emulator.waitFor(() => {
    const m = approvalMessageOf(h, request);
    return !hasButtons(m) && m;
  });
  expect(stamped.text).toMatch(/^❌ Rejected by <@UAPPROVER> at .+: Budget &lt;frozen&gt; until Q3/);
  await h.emulator.waitFor(() => h.emulator.messages(ORDERS).length === 1);
  expect(h.emulator.messages(ORDERS)[0]?.text).toMatch(
    /^❌ Rejected: “Renew P-Series Turnkey Package \(plan\)”/,
  );
  const dm = await h.emulator.waitFor(() => h.emulator.messages(REQUESTER)[1]);
  expect(dm.text).toBe(
    '❌ Your request “Renew P-Series Turnkey Package (plan)” was rejected by <@UAPPROVER>: Budget &lt;frozen&gt; until Q3',
  );
  expect(await stateOf(request.id)).toBe('rejected');
  expect(h.sandbox.orders()).toHaveLength(0);
});

test('when the requester cancels while pending, then others may not, and the approval message is stamped cancelled', async () => {
  h = await harness();
  const request = await submitTutorial(h, 'renew-rm-premium');
  const dm = h.emulator.messages(REQUESTER)[0];
  if (!dm) throw new Error('no confirmation DM');

  await h.driver.click(OTHER, dm.channel, dm.ts, 'cancel_request');
  const [refused] = await h.emulator.waitFor(
    () => h.emulator.ephemerals(OTHER).length > 0 && h.emulator.ephemerals(OTHER),
  );
  expect(refused?.text).toBe('Only the requester (<@UREQUESTER>) can cancel this request.');
  expect(await stateOf(request.id)).toBe('pending_approval');

  await h.driver.click(REQUESTER, dm.channel, dm.ts, 'cancel_request');
  const stamped = await h.emulator.waitFor(() => {
    const m = approvalMessageOf(h, request);
    return !hasButtons(m) && m;
  });
  expect(stamped.text).toMatch(/^🚫 Cancelled by the requester/);
  const notice = await h.emulator.waitFor(() => h.emulator.messages(REQUESTER)[1]);
  expect(notice.text).toBe('🚫 Your request “Renew RM Premium” is cancelled.');
  expect(hasButtons(h.emulator.messages(REQUESTER)[0] ?? { blocks: [] })).toBe(false);
  expect(await stateOf(request.id)).toBe('cancelled');

  // The buttons are gone: there is nothing left to approve.
  expect(() =>
    h.driver.click(APPROVER, APPROVALS, request.slack.approvalMessageTs ?? '', 'approve_request'),
  ).toThrow('no button approve_request');
  expect(h.sandbox.orders()).toHaveLength(0);
});

test('when the Partner API refuses the order, then the thread shows its message and request id, and the requester and orders channel hear of it', async () => {
  h = await harness();
  const request = await submitTutorial(h, 'renew-ycm-white-label', {
    billingContactId: '1234567890123456789',
  });

  await h.driver.click(APPROVER, APPROVALS, request.slack.approvalMessageTs ?? '', 'approve_request');
  const [reply] = await waitForThread(h, request);

  const stored = await h.desk.store.requests.get(request.id);
  expect(stored?.state).toBe('failed');
  expect(stored?.failure?.apiRequestId).toBeTruthy();
  expect(stored?.failure?.field).toBe('billingId');
  expect(reply?.text).toBe(
    '⚠️ Not ordered. Yeastar refused the billing contact. Nothing was ordered. Check the billing contact, then ' +
      'ask again with /renew.',
  );
  expect(JSON.stringify(reply?.blocks)).toContain(
    'Yeastar said “billingId 1234567890123456789 is not a billing contact of this account” · code ' +
      `parameter_validation_failed · HTTP 400 · request ID ${stored?.failure?.apiRequestId}`,
  );
  await h.emulator.waitFor(() => h.emulator.messages(ORDERS).length === 1);
  expect(h.emulator.messages(ORDERS)[0]?.text).toMatch(
    /^⚠️ Not ordered: .*Yeastar refused the billing contact\./,
  );
  const dm = await h.emulator.waitFor(() => h.emulator.messages(REQUESTER)[1]);
  expect(dm.text).toContain(
    'was approved by <@UAPPROVER>, but not ordered. Yeastar refused the billing contact.',
  );
  const stamp = await h.emulator.waitFor(() => {
    const m = approvalMessageOf(h, request);
    return m.text.includes('Not ordered') && m;
  });
  expect(stamp.text).toContain('· ⚠️ Not ordered: Yeastar refused the billing contact. See the thread.');
});

test('when the order answer is lost, then the thread says the outcome is unknown, and recovery posts the final answer', async () => {
  h = await harness({ recoveryIntervalMs: 100 });
  const request = await submitTutorial(h, 'purchase-remote-management-premium');
  h.sandbox.faults.loseNextOrderAnswers(1);

  await h.driver.click(APPROVER, APPROVALS, request.slack.approvalMessageTs ?? '', 'approve_request');
  const [unknown, final] = await waitForThread(h, request, 2);

  expect(unknown?.text).toMatch(/^⏳ Outcome unknown/);
  const [order] = h.sandbox.orders();
  expect(h.sandbox.orders()).toHaveLength(1);
  expect(final?.text).toContain(`Ordered: order *${order?.orderNo}*`);
  expect(await stateOf(request.id)).toBe('placed');
  const dms = await h.emulator.waitFor(() => {
    const all = h.emulator.messages(REQUESTER);
    return all.length === 3 && all;
  });
  expect(dms[1]?.text).toMatch(/^⏳ .*it is being checked/);
  expect(dms[2]?.text).toMatch(/^✅ .*is ordered: order \*/);
});

test('when Slack refuses to post the result, then the order stays placed and the failure is only logged', async () => {
  h = await harness();
  const request = await submitTutorial(h, 'renew-ycm-white-label');
  h.emulator.faults.failNext('chat.postMessage', 1, 500);

  await h.driver.click(APPROVER, APPROVALS, request.slack.approvalMessageTs ?? '', 'approve_request');
  // The thread reply failed; the DM after it still arrives.
  await h.emulator.waitFor(() => h.emulator.messages(REQUESTER).length === 2);

  expect(threadOf(h, request)).toHaveLength(0);
  expect(await stateOf(request.id)).toBe('placed');
  const sent = parseJson(h.sandbox.orders()[0]?.rawBody ?? '{}') as Record<string, unknown>;
  expect(sent.billingId).toBe(3197218168379846218n);
});

test('when a request in doubt is handed to the approvers, then only an approver who is not the requester may settle it, and a malformed order number is refused inline', async () => {
  h = await harness({
    recoveryIntervalMs: 100,
    env: { ORDER_DEADLINE_MS: '500', STALE_PLACING_MS: '1000', RECONCILE_GRACE_MS: '1000' },
  });
  const request = await submitTutorial(h, 'renew-rm-premium');
  // Yeastar takes the order, loses the answer, and its list never shows PO numbers: nothing the app can settle.
  h.sandbox.faults.loseNextOrderAnswers(1);
  h.sandbox.faults.omitListReferences(true);
  await h.driver.click(APPROVER, APPROVALS, request.slack.approvalMessageTs ?? '', 'approve_request');
  const notice = await h.emulator.waitFor(
    () => threadOf(h, request).find((m) => m.text.startsWith('⚠️ The app cannot tell')),
    { what: 'the doubt notice', timeoutMs: 8000 },
  );

  await h.driver.click(OTHER, APPROVALS, notice.ts, 'doubt_was_placed');
  await h.driver.click(REQUESTER, APPROVALS, notice.ts, 'doubt_not_placed');
  const refusals = await h.emulator.waitFor(() => {
    const told = [...h.emulator.ephemerals(OTHER), ...h.emulator.ephemerals(REQUESTER)];
    return told.length === 2 && told;
  });
  expect(refusals.map((m) => m.text)).toEqual([
    'Only approvers can decide on order requests; nothing was changed.',
    'Only approvers can decide on order requests; nothing was changed.',
  ]);
  expect(h.emulator.openViews(OTHER)).toEqual([]);

  await h.driver.click(APPROVER, APPROVALS, notice.ts, 'doubt_was_placed');
  const modal = await h.driver.waitForView(APPROVER);
  modal.setValue('order_no', 'order_no_input', 'not a number!');
  expect((await modal.submit()).body).toEqual({
    response_action: 'errors',
    errors: {
      order_no: 'Type the order number as the Partner Portal shows it, for example TY2025082112345678.',
    },
  });

  expect(await stateOf(request.id)).toBe('in_doubt');
  expect(h.sandbox.orders()).toHaveLength(1);
  const refused = (await h.desk.store.requests.audit(request.id)).filter((e) => e.reason === 'not_approver');
  expect(refused.map((e) => e.actor)).toEqual([REQUESTER]);
});
