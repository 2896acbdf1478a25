import type { InputBlock } from '@slack/types';
import { SCENARIOS, type Scenario } from '../../src/catalog';
import type { AuditEvent, OrderRequest, RequestState } from '../../src/orders/model';
import { DEFAULT_OVERVIEW_LIMITS, type Overview } from '../../src/orders/overview';
import { parseMessageBlocks, parseView } from '../../src/sandbox/slack/block-kit';
import { SlackMessages } from '../../src/slack/messages';
import { type Holding, holdingKey } from '../../src/slack/options/holdings';
import { MESSAGE_KINDS, type MessageKind } from '../../src/slack/outbox/kinds';
import { historyModal } from '../../src/slack/views/history-modal';
import { type ExpiringSoon, homeView } from '../../src/slack/views/home';
import { refusalNotice } from '../../src/slack/views/notices';
import {
  buildRequestModal,
  type RequestModalMeta,
  withCustomer,
  withHolding,
  withProduct,
  withSerial,
} from '../../src/slack/views/request-modal';
import { ORDER_NUMBER, REJECT_REASON, textModal } from '../../src/slack/views/text-modal';

/**
 * Every view (modals and the Home tab) and message the app can send, rendered for every state it can be
 * in, checked against what people and Slack need: Block Kit's limits, fallback text for notifications
 * and screen readers, no 19-digit Yeastar ID anywhere but a context line, and no optional select, which
 * Slack cannot empty.
 */

const LONG_ID = '3197218168379846218';
const LONG = 'L'.repeat(200);

/** The texts a person reads in blocks outside context lines: sections, fields, headers, labels, options. */
function visibleTexts(blocks: readonly unknown[]): string[] {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) for (const item of node) walk(item);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if ((o.type === 'plain_text' || o.type === 'mrkdwn') && typeof o.text === 'string') found.push(o.text);
      for (const [k, v] of Object.entries(o))
        if (k !== 'value' && k !== 'block_id' && k !== 'action_id') walk(v);
    }
  };
  for (const block of blocks as { type: string }[]) if (block.type !== 'context') walk(block);
  return found;
}

const NINETEEN_DIGITS = /(^|[^\p{L}\p{N}])\d{19}(?![\p{L}\p{N}])/u;

// ---- requests in every state -------------------------------------------------------------------------

const base: OrderRequest = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  reference: 'YOD-ABCDEFGHJK',
  state: 'pending_approval',
  requesterId: 'UREQUESTER',
  scenarioId: 'renew-turnkey-plan',
  details: {
    billingContactId: LONG_ID,
    planId: '3048941892189077504',
    partnerId: '3076915454489739264',
    quantity: 100,
    note: LONG,
    poNumber: 'PO-1',
    labels: { scenario: 'Renew P-Series Turnkey Package', customer: 'Color Ltd', billingContact: 'Mia Chen' },
  },
  slack: { approvalPermalink: 'https://emulated.slack.local/archives/CAPPROVALS/p1' },
  createdAt: new Date('2026-11-01T10:00:00Z'),
  updatedAt: new Date('2026-11-01T10:00:00Z'),
};

const decided = { decidedBy: 'UAPPROVER', decidedAt: new Date('2026-11-01T11:00:00Z') };
const doubt = {
  since: new Date('2026-11-01T11:00:00Z'),
  reason: `no answer for ${LONG_ID}`,
  checks: 3,
  checkAfter: new Date('2026-11-01T12:00:00Z'),
};
const failures = [
  {
    code: 'parameter_validation_failed',
    detailMessage: `billingId ${LONG_ID} unknown`,
    field: 'billingId',
    httpStatus: 400,
  },
  {
    code: 'parameter_validation_failed',
    detailMessage: 'not held',
    field: 'serviceList[0].serviceId',
    apiRequestId: 'r',
  },
  { code: 'invalid_request', detailMessage: 'The body could not be built' },
  { code: 'unauthorized', detailMessage: 'The order was not sent: no token', httpStatus: 401 },
  { code: 'rate_limited', detailMessage: 'slow down', httpStatus: 429 },
];

const variants: OrderRequest[] = [
  base,
  { ...base, details: { ...base.details, labels: {} } },
  { ...base, reminded: { count: 2, at: new Date('2026-11-01T18:00:00Z') } },
  { ...base, state: 'expired', updatedAt: new Date('2026-11-08T10:00:00Z') },
  { ...base, firstApproval: { by: 'UBOSS', at: new Date('2026-11-01T10:30:00Z') } },
  {
    ...base,
    ...decided,
    state: 'placed' as const,
    firstApproval: { by: 'UBOSS', at: new Date('2026-11-01T10:30:00Z') },
    order: { orderNo: 'TY2', orderStatus: 'succeed' },
  },
  ...(['approved', 'placing', 'rejected', 'cancelled'] as RequestState[]).map((state) => ({
    ...base,
    ...decided,
    state,
    reason: LONG,
  })),
  ...['succeed', 'pending', 'something new'].map((orderStatus) => ({
    ...base,
    ...decided,
    state: 'placed' as const,
    order: { orderNo: 'TY2025082112345678', orderStatus, transactionNo: 'PR1' },
  })),
  ...failures.map((failure) => ({ ...base, ...decided, state: 'failed' as const, failure })),
  { ...base, ...decided, state: 'in_doubt', doubt },
  { ...base, ...decided, state: 'in_doubt', doubt: { ...doubt, raisedAt: new Date('2026-11-01T11:30:00Z') } },
  {
    ...base,
    ...decided,
    state: 'placed',
    order: { orderNo: 'TY1', orderStatus: 'succeed' },
    doubt: { ...doubt, raisedAt: new Date('2026-11-01T11:30:00Z') },
  },
  ...pricedVariants(),
];

/** A price read or not, and each change an approval can find: shown while pending, and after placing. */
function pricedVariants(): OrderRequest[] {
  const read = { status: 'read', amount: '123456789012.50', currency: 'USD' };
  const more = { status: 'read', amount: '123456789999.75', currency: 'USD' };
  const unavailable = { status: 'unavailable' };
  const priced = (price: object, priceBefore?: object) => ({
    ...base,
    details: { ...base.details, price, ...(priceBefore && { priceBefore }) },
  });
  return [
    priced(read),
    priced(unavailable),
    priced(more, read),
    priced(unavailable, read),
    priced(read, unavailable),
    {
      ...priced(more, read),
      ...decided,
      state: 'placed',
      order: { orderNo: 'TY2', orderStatus: 'succeed' },
    },
  ];
}

const contexts = [false, true].map(
  (sandbox) =>
    new SlackMessages({
      sandbox,
      approvers: { userIds: ['UAPPROVER', 'UBOSS'], usergroupId: 'SAPPROVERS' },
      approvalsChannelId: 'CAPPROVALS',
      ordersChannelId: 'CORDERS',
    }),
);

const messages = contexts.flatMap((m) =>
  variants.flatMap((request) =>
    (Object.keys(MESSAGE_KINDS) as MessageKind[]).flatMap((kind) => {
      const message = m.render(kind, request, `not_in_channel ${LONG_ID}`);
      return message ? [{ name: `${kind} of a ${request.state} request`, message }] : [];
    }),
  ),
);

// ---- every modal ---------------------------------------------------------------------------------------

function holdingFor(scenario: Scenario): Holding {
  return {
    key: holdingKey(
      scenario.id,
      { planId: '3048941892189077504', serviceId: '3048942310987654144' },
      LONG_ID,
    ),
    scenarioId: scenario.id,
    productId: scenario.productId,
    productNo: LONG_ID,
    planId: '3048941892189077504',
    serviceId: '3048942310987654144',
    planName: 'P'.repeat(75),
    serviceName: 'S'.repeat(75),
    counts: { quantity: 999_999 },
    expireTime: Date.UTC(2027, 3, 1),
  };
}

function modalsOf(scenario: Scenario): { name: string; meta: RequestModalMeta }[] {
  const start: RequestModalMeta = {
    command: scenario.command,
    channelId: 'CGENERAL',
    ownAccount: 'O'.repeat(50),
    sandbox: true,
    notice: 'N'.repeat(300),
  };
  const customer = withCustomer(start, { value: '3076915454489739264', label: 'C'.repeat(75) });
  if (scenario.command === 'renew') {
    return [
      { name: `${scenario.id} held`, meta: withHolding(customer, holdingFor(scenario), 'P'.repeat(75)) },
      {
        name: `${scenario.id} held, no count`,
        meta: withHolding(start, { ...holdingFor(scenario), counts: {} }),
      },
    ];
  }
  const chosen = { ...withProduct(customer, scenario.productId, 'P'.repeat(75)), scenarioId: scenario.id };
  return [
    { name: `${scenario.id} chosen`, meta: chosen },
    {
      name: `${scenario.id} with a PBX and the only options picked`,
      meta: {
        ...withSerial(chosen, { value: '3631E0997265', label: 'S'.repeat(75) }),
        auto: {
          billingContact: { value: LONG_ID, label: 'B'.repeat(75) },
          plan: { value: LONG_ID, label: 'P'.repeat(75) },
          service: { value: LONG_ID, label: 'S'.repeat(75) },
        },
      },
    },
  ];
}

const modals = [
  { name: 'empty /renew', view: buildRequestModal({ command: 'renew' }) },
  { name: 'empty /purchase', view: buildRequestModal({ command: 'purchase', sandbox: true }) },
  {
    name: 'nothing to renew',
    view: buildRequestModal({
      ...withCustomer({ command: 'renew' }, { value: LONG_ID, label: 'C'.repeat(75) }),
      nothingHeld: true,
    }),
  },
  ...SCENARIOS.flatMap(modalsOf).map(({ name, meta }) => ({ name, view: buildRequestModal(meta) })),
  ...[REJECT_REASON, ORDER_NUMBER].flatMap((spec) =>
    [false, true].map((sandbox) => ({
      name: `${spec.title}${sandbox ? ' (sandbox)' : ''}`,
      view: textModal(spec, base.id, `“${LONG}” ${'x'.repeat(3000)}`, { sandbox, fromHome: sandbox }),
    })),
  ),
  // Every state, no steps to a trail longer than a modal holds, with reasons at their longest.
  ...variants.map((request, i) => ({
    name: `history of a ${request.state} request`,
    view: historyModal(request, trail(i * 60), { sandbox: i % 2 === 1 }),
  })),
];

/** `count` audit steps, each with a reason of Slack's longest. */
function trail(count: number): AuditEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i,
    requestId: base.id,
    at: new Date(Date.UTC(2026, 11, 1, 0, i)),
    actor: i % 2 ? 'system' : 'UAPPROVER',
    action: ['created', 'approve', 'place', 'placed', 'reject', 'something_new'][i % 6] ?? 'created',
    ...(i % 3 ? { from: 'pending_approval' as const, to: 'approved' as const } : {}),
    reason: `${LONG} ${LONG_ID} ${'r'.repeat(2900)}`,
  }));
}

// ---- every Home tab ------------------------------------------------------------------------------------

/** `count` requests like `request`, each its own (the Home gives each waiting request its own buttons). */
function many(request: OrderRequest, count: number): OrderRequest[] {
  return Array.from({ length: count }, (_, i) => ({
    ...request,
    id: `${request.id.slice(0, -4)}${String(i).padStart(4, '0')}`,
  }));
}

const L = DEFAULT_OVERVIEW_LIMITS;
const none = { requests: [], offset: 0, limit: L.mine, more: false };
const outcomes = variants.filter((v) => ['placed', 'failed', 'in_doubt'].includes(v.state));
const full: Overview = {
  mine: { requests: [...variants, ...variants].slice(0, L.mine), offset: 0, limit: L.mine, more: true },
  waiting: {
    kind: 'listed',
    requests: many({ ...base, details: { ...base.details, labels: {} } }, L.waiting),
    offset: 0,
    limit: L.waiting,
    more: true,
  },
  recent: { requests: [...outcomes, ...outcomes].slice(0, L.recent), offset: 0, limit: L.recent, more: true },
};
/** Turned to a middle page of each part that pages: Previous and Next both. */
const middle: Overview = {
  ...full,
  mine: { ...full.mine, offset: 985 },
  waiting: full.waiting.kind === 'listed' ? { ...full.waiting, offset: 990 } : full.waiting,
};
const overviews: { name: string; overview: Overview; notice?: string }[] = [
  {
    name: 'empty, not an approver',
    overview: { mine: none, waiting: { kind: 'not_approver' }, recent: none },
  },
  {
    name: 'empty, an approver',
    overview: { mine: none, waiting: { kind: 'listed', ...none }, recent: none },
  },
  {
    name: 'approvers unreadable',
    overview: { mine: none, waiting: { kind: 'unavailable', detail: 'missing_scope' }, recent: none },
  },
  { name: 'full', overview: full },
  { name: 'full, at a middle page', overview: middle },
  { name: 'full, after a refused click', overview: full, notice: refusalNotice({ reason: 'own_request' }) },
];
const NOW = new Date(Date.UTC(2026, 11, 1));
const expiringEntries = SCENARIOS.filter((r) => r.command === 'renew').flatMap((scenario, i) => [
  { holding: { ...holdingFor(scenario), expireTime: NOW.getTime() + (i - 2) * 86_400_000 }, owner: {} },
  {
    holding: { ...holdingFor(scenario), serialNumber: '3658B4311196A2C1' },
    owner: { partnerId: LONG_ID },
    ownerLabel: 'C'.repeat(75),
  },
]);
const expirings: { name: string; expiring: ExpiringSoon }[] = [
  { name: 'many expiring', expiring: { holdings: expiringEntries, dated: true, now: NOW, withinDays: 30 } },
  { name: 'nothing expiring', expiring: { holdings: [], dated: true, now: NOW, withinDays: 30 } },
];
const homes = contexts.flatMap((m) => [
  ...overviews.map(({ name, overview, notice }) => ({
    name: `${name}${m.ctx.sandbox ? ' (sandbox)' : ''}`,
    view: homeView(overview, m.ctx, notice),
    sandbox: m.ctx.sandbox,
  })),
  ...expirings.map(({ name, expiring }) => ({
    name: `full, ${name}${m.ctx.sandbox ? ' (sandbox)' : ''}`,
    view: homeView(full, m.ctx, refusalNotice({ reason: 'own_request' }), expiring),
    sandbox: m.ctx.sandbox,
  })),
]);

describe('every Home tab the app publishes', () => {
  it.each(homes)(
    'when the $name Home is built, then Slack accepts it, IDs stay in context lines, and the sandbox shows when on',
    ({ view, sandbox }) => {
      expect(parseView(view)).toMatchObject({ ok: true });
      for (const text of visibleTexts(view.blocks)) expect(text).not.toMatch(NINETEEN_DIGITS);
      expect(JSON.stringify(view.blocks).includes('*Sandbox*: no real order is placed.')).toBe(sandbox);
    },
  );
});

describe('every message the app sends', () => {
  it.each(messages)(
    'when the $name is rendered, then Slack accepts it, with fallback text and IDs only in context lines',
    ({ message }) => {
      expect(parseMessageBlocks(message.blocks)).toMatchObject({ ok: true });
      expect(message.text.trim().length).toBeGreaterThan(0);
      expect(message.text.length).toBeLessThanOrEqual(3000);
      expect(message.text).not.toMatch(NINETEEN_DIGITS);
      for (const text of visibleTexts(message.blocks)) expect(text).not.toMatch(NINETEEN_DIGITS);
    },
  );

  it('when the sandbox is on, then every message says so; when off, none does', () => {
    const [live, sandboxed] = contexts;
    let compared = 0;
    for (const request of variants) {
      for (const kind of Object.keys(MESSAGE_KINDS) as MessageKind[]) {
        const off = live?.render(kind, request, 'x');
        const on = sandboxed?.render(kind, request, 'x');
        if (!off || !on) continue;
        expect(JSON.stringify(off.blocks)).not.toContain('Sandbox');
        expect(JSON.stringify(on.blocks)).toContain('*Sandbox*: no real order is placed.');
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(variants.length);
  });

  it('when a click changes nothing, then what the clicker is told carries no ID and is not empty', () => {
    const reasons = [
      'not_found',
      'not_approver',
      'own_request',
      'second_approver_needed',
      'price_changed',
      'approvers_unavailable',
      'not_requester',
      'reason_required',
      'already_decided',
      'not_in_doubt',
      'order_not_found',
      'order_taken',
      'order_mismatch',
      'lookup_failed',
      'price_changed',
    ] as const;
    for (const reason of reasons) {
      const told = refusalNotice({ reason, request: variants[2], detail: 'missing_scope' });
      expect(told.length).toBeGreaterThan(0);
      expect(told).not.toMatch(NINETEEN_DIGITS);
    }
  });
});

describe('every modal the app opens', () => {
  it.each(modals)(
    'when the $name modal is built, then Slack accepts it, IDs stay out of sight, and no select is optional',
    ({ view }) => {
      expect(parseView(view)).toMatchObject({ ok: true });
      for (const text of visibleTexts(view.blocks)) expect(text).not.toMatch(NINETEEN_DIGITS);
      const inputs = view.blocks.filter((b): b is InputBlock => b.type === 'input');
      for (const block of inputs) {
        // A chosen select can be changed but never emptied: an optional one would be a dead end.
        if (/select|radio/.test(block.element.type))
          expect([block.block_id, block.optional]).toEqual([block.block_id, undefined]);
      }
    },
  );

  it('when orders go to the sandbox, then every request modal says so', () => {
    for (const scenario of SCENARIOS) {
      for (const { meta } of modalsOf(scenario)) {
        expect(JSON.stringify(buildRequestModal(meta).blocks)).toContain(
          '*Sandbox*: no real order is placed.',
        );
      }
    }
  });
});
