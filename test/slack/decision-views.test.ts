import type { OrderRequest } from '../../src/orders';
import { approvalMessage } from '../../src/slack/views/approval-message';
import type { MessageContext } from '../../src/slack/views/context';
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

const ctx: MessageContext = {
  sandbox: false,
  approvers: { userIds: ['UAPPROVER', 'UBOSS2'], usergroupId: 'SAPPROVERS' },
};

const hostile = '<@UBOSS> <!here> & <https://evil.example|bank>';

const LABELS = {
  scenario: 'Renew Turnkey',
  customer: hostile,
  billingContact: 'Mia Chen (accounts@harbortel.example)',
};

/** The stored details with other labels: the customer and product by name. */
function labelled(labels: Record<string, string>): OrderRequest['details'] {
  return { ...request().details, labels: { ...LABELS, ...labels } };
}

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
      labels: LABELS,
    },
    slack: {},
    createdAt: new Date('2026-11-01T10:00:00Z'),
    updatedAt: new Date('2026-11-01T10:00:00Z'),
    ...overrides,
  };
}

const every = (r: OrderRequest) =>
  [
    approvalMessage(r, ctx),
    requesterConfirmation(r, ctx),
    threadResult(r, ctx),
    doubtNotice(r, ctx),
    doubtStamp(r, ctx),
    requesterOutcome(r, ctx),
    ordersNotice(r, ctx),
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
  const actions = approvalMessage(request(), ctx).blocks.find((b) => b.type === 'actions');
  expect(actions).toMatchObject({
    elements: [
      { action_id: 'approve_request', style: 'primary', value: request().id, confirm: expect.any(Object) },
      { action_id: 'reject_request', style: 'danger', value: request().id },
    ],
  });
});

test('when a request is pending, then the approval message says whom it waits for, and its fallback mentions them', () => {
  const message = approvalMessage(request(), ctx);
  expect(message.text).toMatch(
    /^<@UAPPROVER>, <@UBOSS2> or <!subteam\^SAPPROVERS>: <@UREQUESTER> asks for approval/,
  );
  expect(JSON.stringify(message.blocks)).toContain(
    'Waiting for an approver: <@UAPPROVER>, <@UBOSS2> or <!subteam^SAPPROVERS>',
  );
});

test('when a request is rendered, then its fields show names and its Yeastar IDs sit in one context line', () => {
  const blocks = approvalMessage(request(), ctx).blocks;
  const withId = blocks.filter((b) => JSON.stringify(b).includes('3197218168379846218'));
  expect(withId).toEqual([
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Yeastar IDs: billing contact 3197218168379846218 · plan 3048941892189077504',
        },
      ],
    },
  ]);
  expect(JSON.stringify(blocks)).toContain('Mia Chen (accounts@harbortel.example)');
  // Button values (the request id) are not shown to anyone.
  const visible = blocks
    .filter((b) => b.type !== 'actions')
    .map((b) => ('accessory' in b ? { ...b, accessory: undefined } : b));
  expect(JSON.stringify(visible)).not.toContain(request().id);
});

test('when a request was rejected, then the stamp replaces the buttons and quotes the escaped reason', () => {
  const message = approvalMessage(
    request({ state: 'rejected', decidedBy: 'UAPPROVER', reason: 'too <b>' }),
    ctx,
  );
  expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
  expect(message.text).toMatch(/^❌ Rejected by <@UAPPROVER>: too &lt;b&gt; — Renew Turnkey$/);
});

const approved = { decidedBy: 'UAPPROVER', decidedAt: new Date('2026-11-01T11:00:00Z') };

test.each([
  [
    'placed',
    { order: { orderNo: 'KO1', orderStatus: 'succeed' } },
    /^✅ Approved by <@UAPPROVER> at .+ · 🧾 Ordered: order \*KO1\*, Completed — /,
  ],
  [
    'placed',
    { order: { orderNo: 'KO2', orderStatus: 'pending' } },
    /⏳ Ordered: order \*KO2\*, Waiting for payment in the Partner Portal/,
  ],
  [
    'failed',
    { failure: { code: 'parameter_validation_failed', detailMessage: 'no', field: 'billingId' } },
    /· ⚠️ Not ordered: Yeastar refused the billing contact\. See the thread\./,
  ],
  [
    'in_doubt',
    { doubt: { ...RAISED, raisedAt: undefined } },
    /· ⏳ Outcome unknown: the app is checking with Yeastar/,
  ],
  ['in_doubt', { doubt: RAISED }, /· ⚠️ Outcome unknown: an approver must check the Partner Portal/],
  ['placing', {}, /· placing the order with Yeastar…/],
] as const)(
  'when an approved request is %s, then the approval message’s stamp tells what came of the order',
  (state, extra, stamp) => {
    const message = approvalMessage(request({ state, ...approved, ...extra }), ctx);
    expect(message.text).toMatch(stamp);
    expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
  },
);

test('when Yeastar refuses a renewal’s service, then the failure says so in plain words with the facts apart', () => {
  const r = request({
    state: 'failed',
    scenarioId: 'renew-ycm-white-label',
    ...approved,
    details: labelled({ customer: 'Color Ltd' }),
    failure: {
      code: 'parameter_validation_failed',
      detailMessage: 'serviceList[0].serviceId is not a current service',
      field: 'serviceList[0].serviceId',
      httpStatus: 400,
      apiRequestId: 'req-9',
    },
  });
  const reply = threadResult(r, ctx);
  expect(reply?.text).toBe(
    '⚠️ Not ordered. Yeastar refused the service: Color Ltd may not hold it. Nothing was ordered. Check in ' +
      'the Partner Portal what Color Ltd holds, then ask again with /renew.',
  );
  expect(reply?.blocks[1]).toEqual({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: 'Yeastar said “serviceList[0].serviceId is not a current service” · code parameter_validation_failed · HTTP 400 · request ID req-9',
      },
    ],
  });
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
  'when the %s modal comes back, then the request id, the trimmed text and whether it was asked from the Home are read from it, and a foreign view is not',
  (_name, spec, blockId, actionId, typed) => {
    const view = textModal(spec, '0f8fad5b-d9cb-469f-a165-70867728950e', 'Renew Turnkey');
    const submitted = { ...view, state: { values: { [blockId]: { [actionId]: { value: typed } } } } };
    expect(parseTextModal(spec, submitted)).toEqual({
      requestId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      text: typed.trim(),
      fromHome: false,
    });
    const fromHome = textModal(spec, '0f8fad5b-d9cb-469f-a165-70867728950e', 'Renew', { fromHome: true });
    expect(parseTextModal(spec, { ...submitted, private_metadata: fromHome.private_metadata })).toEqual(
      expect.objectContaining({ fromHome: true }),
    );
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

  expect(threadResult(checking, ctx)?.text).toMatch(/^⏳ Outcome unknown: Yeastar did not confirm the order/);
  expect(JSON.stringify(threadResult(checking, ctx)?.blocks)).toContain('Why: no answer');
  expect(doubtNotice(checking, ctx)).toBeUndefined();
  expect(threadResult(raised, ctx)).toBeUndefined();
  const notice = doubtNotice(raised, ctx);
  expect(notice?.text).toContain('Orders & Billing › Orders');
  expect(JSON.stringify(notice?.blocks)).toContain('the list hides PO numbers');
  expect(notice?.blocks.find((b) => b.type === 'actions')).toMatchObject({
    elements: [
      { action_id: 'doubt_was_placed', value: raised.id },
      { action_id: 'doubt_not_placed', value: raised.id, confirm: expect.any(Object) },
    ],
  });
  expect(requesterOutcome(raised, ctx)?.text).toMatch(/approvers were asked to check/);
});

test('when a raised doubt is settled, then its notice gives way to what settled it; before that there is no stamp', () => {
  const order = { orderNo: 'KO1', orderStatus: 'succeed' };

  expect(doubtStamp(request({ state: 'placed', order, doubt: RAISED }), ctx)?.text).toMatch(
    /^✅ Settled: the order exists, order \*KO1\*, Completed/,
  );
  expect(doubtStamp(request({ state: 'approved', doubt: RAISED }), ctx)?.text).toMatch(
    /not placed; the app is ordering it again/,
  );
  expect(doubtStamp(request({ state: 'in_doubt', doubt: RAISED }), ctx)).toBeUndefined();
  expect(doubtStamp(request({ state: 'placed', order }), ctx)).toBeUndefined();
});

test('when the requester gave a PO number, then messages show it and the reference as separate fields', () => {
  const r = request({ details: { ...request().details, poNumber: 'PO-1001' } });
  const fields = approvalMessage(r, ctx).blocks.flatMap((b) =>
    b.type === 'section' ? (b.fields ?? []) : [],
  );
  expect(fields.map((f) => f.text)).toEqual(
    expect.arrayContaining(['*Your PO*\nPO-1001', '*Reference*\n`YOD-ABCDEFGHJK`']),
  );
  expect(requesterConfirmation(r, ctx).text).toContain('(reference `YOD-ABCDEFGHJK`)');
});

test('when the app runs against the sandbox, then every message says no real order is placed', () => {
  const sandboxed = { ...ctx, sandbox: true };
  const r = request({ state: 'placed', ...approved, order: { orderNo: 'KO1', orderStatus: 'succeed' } });
  for (const message of [
    approvalMessage(r, sandboxed),
    requesterConfirmation(r, sandboxed),
    threadResult(r, sandboxed),
    requesterOutcome(r, sandboxed),
    ordersNotice(r, sandboxed),
  ]) {
    expect(JSON.stringify(message?.blocks)).toContain('*Sandbox*: no real order is placed.');
  }
  expect(JSON.stringify(approvalMessage(r, ctx).blocks)).not.toContain('Sandbox');
});

test('when an order is placed, then the orders notice carries the customer, product and quantity, and links to the approval', () => {
  const r = request({
    state: 'placed',
    ...approved,
    order: { orderNo: 'KO1', orderStatus: 'succeed' },
    details: labelled({ customer: 'Color Ltd', product: 'Turnkey' }),
    slack: { approvalPermalink: 'https://emulated.slack.local/archives/CAPPROVALS/p1' },
  });
  const notice = ordersNotice(r, ctx);
  expect(notice?.text).toBe(
    '🧾 Ordered: “Renew Turnkey” for Color Ltd — Turnkey, quantity 100 (reference `YOD-ABCDEFGHJK`): order *KO1*, Completed.',
  );
  expect(JSON.stringify(notice?.blocks)).toContain(
    '<https://emulated.slack.local/archives/CAPPROVALS/p1|Approval and thread>',
  );
  expect(JSON.stringify(requesterOutcome(r, ctx)?.blocks)).toContain('|See the request>');
});

test('when a request is decided, then the requester’s confirmation text says so and offers no Cancel', () => {
  const r = request({
    state: 'approved',
    decidedBy: 'UAPPROVER',
    decidedAt: new Date('2026-11-01T11:00:00Z'),
  });
  const message = requesterConfirmation(r, ctx);
  expect(message.text).toMatch(/was approved by <@UAPPROVER>; the order is being placed\./);
  expect(JSON.stringify(message.blocks)).not.toContain('cancel_request');
});
