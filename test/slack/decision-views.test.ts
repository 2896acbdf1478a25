import type { OrderRequest } from '../../src/orders';
import { approvalMessage } from '../../src/slack/views/approval-message';
import {
  doubtNotice,
  doubtStamp,
  ordersNotice,
  refusalNotice,
  requesterConfirmation,
  requesterOutcome,
  threadResult,
} from '../../src/slack/views/notices';
import { ORDER_NUMBER, parseTextModal, REJECT_REASON, textModal } from '../../src/slack/views/text-modal';

const hostile = '<@UBOSS> <!here> & <https://evil.example|bank>';

function request(overrides: Partial<OrderRequest> = {}): OrderRequest {
  return {
    id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    reference: 'YOD-ABCDEFGHJK',
    state: 'pending_approval',
    requesterId: 'UREQUESTER',
    scenarioId: 'renew-turnkey-plan',
    details: {
      billingContactId: '3197218168379846218',
      planId: '3048941892189077504',
      quantity: 100,
      note: hostile,
      poNumber: hostile,
      labels: {
        scenario: 'Renew Turnkey',
        customer: hostile,
        billingContact: 'Mia Chen (accounts@harbortel.example)',
      },
    },
    slack: {},
    createdAt: new Date('2026-11-01T10:00:00Z'),
    updatedAt: new Date('2026-11-01T10:00:00Z'),
    ...overrides,
  };
}

const every = (r: OrderRequest) =>
  [
    approvalMessage(r),
    requesterConfirmation(r),
    threadResult(r),
    doubtNotice(r),
    doubtStamp(r),
    requesterOutcome(r),
    ordersNotice(r),
  ].filter((m) => m !== undefined);

const RAISED = {
  since: new Date('2026-11-01T11:00:00Z'),
  reason: hostile,
  checks: 3,
  checkAfter: new Date('2026-11-01T12:00:00Z'),
  raisedAt: new Date('2026-11-01T11:10:00Z'),
};

test.each(['pending_approval', 'placed', 'failed', 'in_doubt', 'rejected', 'cancelled'] as const)(
  'when a %s request with hostile text is rendered, then every message has fallback text, at most 50 blocks and no live mention or link',
  (state) => {
    const r = request({
      state,
      decidedBy: 'UAPPROVER',
      decidedAt: new Date('2026-11-01T11:00:00Z'),
      reason: hostile,
      order: { orderNo: 'KO1', orderStatus: 'succeed', transactionNo: 'PR1', instanceId: '42' },
      failure: { code: 'parameter_validation_failed', detailMessage: hostile, apiRequestId: 'req-9' },
      doubt: RAISED,
    });
    for (const message of every(r)) {
      expect(message.text.length).toBeGreaterThan(0);
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      const json = JSON.stringify(message);
      expect(json).not.toContain('<@UBOSS>');
      expect(json).not.toContain('<!here>');
      expect(json).not.toContain('<https://evil');
    }
  },
);

test('when a request is pending, then the approval message offers Approve with a confirm dialog and Reject, carrying only the id', () => {
  const actions = approvalMessage(request()).blocks.find((b) => b.type === 'actions');
  expect(actions).toMatchObject({
    elements: [
      { action_id: 'approve_request', style: 'primary', value: request().id, confirm: expect.any(Object) },
      { action_id: 'reject_request', style: 'danger', value: request().id },
    ],
  });
  expect(JSON.stringify(approvalMessage(request()))).toContain('3197218168379846218');
});

test('when a request was rejected, then the stamp replaces the buttons and quotes the escaped reason', () => {
  const message = approvalMessage(request({ state: 'rejected', decidedBy: 'UAPPROVER', reason: 'too <b>' }));
  expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
  expect(message.text).toMatch(/^❌ Rejected by <@UAPPROVER>: too &lt;b&gt; — Renew Turnkey$/);
});

test('when a click is stale, then the refusal names who decided', () => {
  const placed = request({ state: 'placed', decidedBy: 'UAPPROVER' });
  expect(refusalNotice({ reason: 'already_decided', request: placed })).toBe(
    'This request was already approved by <@UAPPROVER>.',
  );
  expect(refusalNotice({ reason: 'already_decided', request: request({ state: 'cancelled' }) })).toBe(
    'This request was already cancelled by the requester.',
  );
});

test('when the Partner API could not be asked, then the refusal says why, escaped, and that nothing changed', () => {
  expect(refusalNotice({ reason: 'lookup_failed', detail: 'HTTP 503 <!here>' })).toBe(
    'The Partner API could not be asked just now (HTTP 503 &lt;!here&gt;). Nothing was changed; try again.',
  );
});

test.each([
  ['reject reason', REJECT_REASON, 'reason', 'reason_input', '  no budget '],
  ['order number', ORDER_NUMBER, 'order_no', 'order_no_input', ' TY2025082112345678 '],
] as const)(
  'when the %s modal comes back, then the request id and trimmed text are read from it, and a foreign view is not',
  (_name, spec, blockId, actionId, typed) => {
    const view = textModal(spec, '0f8fad5b-d9cb-469f-a165-70867728950e', 'Renew Turnkey');
    const submitted = { ...view, state: { values: { [blockId]: { [actionId]: { value: typed } } } } };
    expect(parseTextModal(spec, submitted)).toEqual({
      requestId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      text: typed.trim(),
    });
    expect(parseTextModal(spec, { ...submitted, private_metadata: 'not json' })).toBeUndefined();
    expect(parseTextModal(spec === REJECT_REASON ? ORDER_NUMBER : REJECT_REASON, submitted)).toBeUndefined();
  },
);

test('when a request in doubt is raised to people, then the thread gets the doubt notice with both buttons instead of the checking reply', () => {
  const checking = request({
    state: 'in_doubt',
    doubt: { ...RAISED, raisedAt: undefined, reason: 'no answer' },
  });
  const raised = request({ state: 'in_doubt', doubt: { ...RAISED, reason: 'the list hides PO numbers' } });

  expect(threadResult(checking)?.text).toMatch(
    /^⏳ Outcome unknown: Yeastar did not confirm the order \(no answer\)/,
  );
  expect(doubtNotice(checking)).toBeUndefined();
  expect(threadResult(raised)).toBeUndefined();
  const notice = doubtNotice(raised);
  expect(notice?.text).toContain('Orders & Billing › Orders');
  expect(notice?.text).toContain('the list hides PO numbers');
  expect(notice?.blocks.find((b) => b.type === 'actions')).toMatchObject({
    elements: [
      { action_id: 'doubt_was_placed', value: raised.id },
      { action_id: 'doubt_not_placed', value: raised.id, confirm: expect.any(Object) },
    ],
  });
  expect(requesterOutcome(raised)?.text).toMatch(/approvers were asked to check/);
});

test('when a raised doubt is settled, then its notice gives way to what settled it; before that there is no stamp', () => {
  const order = { orderNo: 'KO1', orderStatus: 'succeed' };

  expect(doubtStamp(request({ state: 'placed', order, doubt: RAISED }))?.text).toMatch(
    /^✅ Settled: the order exists, order number \*KO1\*/,
  );
  expect(doubtStamp(request({ state: 'approved', doubt: RAISED }))?.text).toMatch(
    /not placed; the app is ordering it again/,
  );
  expect(doubtStamp(request({ state: 'in_doubt', doubt: RAISED }))).toBeUndefined();
  expect(doubtStamp(request({ state: 'placed', order }))).toBeUndefined();
});

test('when the requester gave a PO number, then messages show it with the reference, as Yeastar receives it', () => {
  const r = request({ details: { ...request().details, poNumber: 'PO-1001' } });
  expect(requesterConfirmation(r).text).toContain('reference PO-1001 / YOD-ABCDEFGHJK');
  expect(JSON.stringify(approvalMessage(r).blocks)).toContain('PO-1001 / YOD-ABCDEFGHJK');
});

test('when a request is decided, then the requester’s confirmation text says so and offers no Cancel', () => {
  const r = request({
    state: 'approved',
    decidedBy: 'UAPPROVER',
    decidedAt: new Date('2026-11-01T11:00:00Z'),
  });
  const message = requesterConfirmation(r);
  expect(message.text).toMatch(/Approved by <@UAPPROVER>/);
  expect(JSON.stringify(message.blocks)).not.toContain('cancel_request');
});
