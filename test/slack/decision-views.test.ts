import type { OrderRequest } from '../../src/orders';
import { approvalMessage } from '../../src/slack/views/approval-message';
import {
  ordersNotice,
  refusalNotice,
  requesterConfirmation,
  requesterOutcome,
  threadResult,
} from '../../src/slack/views/notices';
import { parseRejectSubmission, rejectModal } from '../../src/slack/views/reject-modal';

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
    requesterOutcome(r),
    ordersNotice(r),
  ].filter((m) => m !== undefined);

test.each(['pending_approval', 'placed', 'failed', 'in_doubt', 'rejected', 'cancelled'] as const)(
  'when a %s request with hostile text is rendered, then every message has fallback text, at most 50 blocks and no live mention or link',
  (state) => {
    const r = request({
      state,
      decidedBy: 'UAPPROVER',
      decidedAt: new Date('2026-11-01T11:00:00Z'),
      reason: hostile,
      order: { orderNo: 'KO1', orderStatus: 'succeed', transactionNo: 'PR1', instanceId: '42' },
      failure: { code: 'parameter_validation_failed', detailMessage: hostile, requestId: 'req-9' },
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
  expect(refusalNotice('already_decided', request({ state: 'placed', decidedBy: 'UAPPROVER' }))).toBe(
    'This request was already approved by <@UAPPROVER>.',
  );
  expect(refusalNotice('already_decided', request({ state: 'cancelled' }))).toBe(
    'This request was already cancelled by the requester.',
  );
});

test('when the reject modal comes back, then the request id and trimmed reason are read from it, and a foreign view is not', () => {
  const view = rejectModal('0f8fad5b-d9cb-469f-a165-70867728950e', 'Renew Turnkey');
  const submitted = { ...view, state: { values: { reason: { reason_input: { value: '  no budget ' } } } } };
  expect(parseRejectSubmission(submitted)).toEqual({
    requestId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    reason: 'no budget',
  });
  expect(parseRejectSubmission({ ...submitted, private_metadata: 'not json' })).toBeUndefined();
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
