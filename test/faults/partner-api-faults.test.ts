import { playRequest, TUTORIAL_PLAYS } from '../../src/demo';
import type { PartnerApiSandbox } from '../../src/sandbox/partner-api';
import { ACCOUNT } from '../../src/sandbox/partner-api/seed';
import type { Modal } from '../../src/sandbox/slack';
import { REQUEST_MODAL } from '../../src/slack/ids';
import { holdingKey } from '../../src/slack/options/holdings';
import { UNAVAILABLE_TEXT, UNAVAILABLE_VALUE } from '../../src/slack/options/option-list';
import {
  APPROVALS,
  APPROVER,
  type Harness,
  harnessesClosedAfterEach,
  REQUESTER,
  SIGNING_SECRET,
} from '../slack/support/e2e-harness';
import { eventually } from '../slack/support/harness';
import {
  actionIdOf,
  blockIdOf,
  blockOf,
  chooseHolding,
  chooseProduct,
  fill,
} from '../slack/support/modal-steps';

/**
 * Partner API faults, switched on in the sandbox, at each step a person takes: opening a dropdown, submitting
 * the modal, and the approval that places the order. Every case ends in a consistent state, tells the person
 * what happened, and leaves at most one order per request in the sandbox.
 */

const BILLING = '3197218168379846218';
const RM_PREMIUM_RENEWAL = '3375819276601303040';
const TOKEN_PATH = '/auth/openapi/v1/oauth/token';

interface Fault {
  name: string;
  arm(sandbox: PartnerApiSandbox): void;
}

/** Faults that make the API unusable while they last; clear() ends each. */
const OUTAGES: Fault[] = [
  { name: '5xx answers', arm: (s) => s.faults.failNext(1000, 503) },
  { name: 'answers slower than the deadline', arm: (s) => s.faults.setLatency(2500) },
  { name: 'a hang', arm: (s) => s.faults.hang(true) },
  { name: 'malformed bodies', arm: (s) => s.faults.malformNext(1000) },
];

const harness = harnessesClosedAfterEach();

async function openModal(h: Harness, command: '/renew' | '/purchase'): Promise<Modal> {
  const answer = await h.driver.command(REQUESTER, command, '', { channelId: 'CGENERAL' });
  expect(answer.status).toBe(200);
  return h.driver.waitForView(REQUESTER);
}

const optionsOf = (answer: { options?: { text: { text: string }; value: string }[] }) =>
  (answer.options ?? []).map((o) => [o.text.text, o.value]);

/** The person opens the dropdown again, as the "unavailable" entry asks, until the list is back. */
async function suggestUntilListed(modal: Modal, blockId: string, actionId: string) {
  for (let attempt = 1; ; attempt++) {
    const answer = await modal.suggest(blockId, actionId, '');
    if (!answer.options?.some((o) => o.value === UNAVAILABLE_VALUE) || attempt === 10) return answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a Partner API fault while a dropdown is opened', () => {
  test.each(OUTAGES)(
    'when the API has $name and the list is cold, then the dropdown answers one "unavailable" entry, nothing is stored, and it lists once the API is back',
    async (fault) => {
      const h = await harness();
      fault.arm(h.sandbox);
      const modal = await openModal(h, '/purchase');
      await chooseProduct(modal, 20);
      const blockId = blockIdOf(modal, 'serviceId');

      const during = await modal.suggest(blockId, actionIdOf('serviceId'), '');
      h.sandbox.faults.clear();
      const after = await suggestUntilListed(modal, blockId, actionIdOf('serviceId'));

      expect(optionsOf(during)).toEqual([[UNAVAILABLE_TEXT, UNAVAILABLE_VALUE]]);
      expect(after.options?.map((o) => o.value)).toContain('3375818821640175616');
      expect(modal.isOpen).toBe(true);
      expect(await h.desk.store.requests.listRequesterRequests(REQUESTER, 10)).toEqual([]);
      expect(h.sandbox.orders()).toEqual([]);
    },
  );

  test('when every access token expires between two modals, then the next cold list is fetched with a renewed token', async () => {
    const h = await harness();
    await openModal(h, '/renew');
    await eventually(() => h.sandbox.requestCount(TOKEN_PATH) > 0, 'a token');
    h.sandbox.expireAllTokens();
    const before = h.sandbox.requestCount(TOKEN_PATH);

    const modal = await openModal(h, '/purchase');
    await chooseProduct(modal, 20);
    const answer = await modal.suggest(blockIdOf(modal, 'serviceId'), actionIdOf('serviceId'), '');

    expect(answer.options?.map((o) => o.value)).toContain('3375818821640175616');
    expect(h.sandbox.requestCount(TOKEN_PATH)).toBeGreaterThan(before);
  });
});

/**
 * Submission looks up again what a renewal renews. Lists are cached from the moment the modal opens, so
 * the lookup only reaches the API when the cache is cold: as after a restart of the app while a person
 * still had the modal open. The modal is filled against one app and submitted to a fresh one.
 */
describe('a Partner API fault while the modal is submitted', () => {
  const RM_PREMIUM_HELD = holdingKey('renew-rm-premium', { serviceId: RM_PREMIUM_RENEWAL }, ACCOUNT.ucId);

  /** A renewal of the own account's RM Premium; `stale`: the entry picked names something not held. */
  async function filledRenewal(filler: Harness, stale = false): Promise<Modal> {
    const modal = await openModal(filler, '/renew');
    await chooseHolding(modal, RM_PREMIUM_HELD);
    await fill(modal, 'billingContactId', BILLING);
    if (stale) {
      const gone = holdingKey('renew-rm-premium', { serviceId: RM_PREMIUM_RENEWAL }, '3999999999999999999');
      const holding = blockOf(modal, REQUEST_MODAL.actions.holding);
      await modal.select(holding, REQUEST_MODAL.actions.holding, {
        text: { type: 'plain_text', text: 'RM Premium' },
        value: gone,
      });
    }
    return modal;
  }

  /** The filled modal's Submit, sent to the `to` app instead of the one that drew the modal. */
  function submitTo(filler: Harness, modal: Modal, to: Harness) {
    return filler.emulator.driver(`${to.desk.url}/slack/events`, SIGNING_SECRET).modal(modal.id).submit();
  }

  test.each(OUTAGES)(
    'when the API has $name, then the request is still accepted once, as the form showed it, and posted for approval',
    async (fault) => {
      const filler = await harness();
      const restarted = await harness();
      const modal = await filledRenewal(filler);
      fault.arm(restarted.sandbox);

      const answer = await submitTo(filler, modal, restarted);

      expect(answer).toEqual({ status: 200, body: null });
      expect(modal.isOpen).toBe(false);
      const stored = await restarted.desk.store.requests.listRequesterRequests(REQUESTER, 10);
      expect(stored.map((r) => [r.scenarioId, r.state, r.details.quantity])).toEqual([
        ['renew-rm-premium', 'pending_approval', 10],
      ]);
      const approval = await restarted.emulator.waitFor(() => restarted.emulator.messages(APPROVALS)[0], {
        what: 'approval message',
      });
      expect(approval.text).toContain('asks for approval: Renew RM Premium');
      expect(restarted.sandbox.orders()).toEqual([]);
    },
  );

  test('when every access token expired before the submission, then what is held is still looked up with a renewed token, and a stale entry is refused inline', async () => {
    const filler = await harness();
    const restarted = await harness();
    // The restarted app holds a token (from a /purchase modal, which leaves the renewals cold)...
    await openModal(restarted, '/purchase');
    await eventually(() => restarted.sandbox.requestCount(TOKEN_PATH) > 0, 'a token');
    const modal = await filledRenewal(filler, true);
    restarted.sandbox.expireAllTokens();

    // ...which has expired when the submission looks up what is held.
    const answer = await submitTo(filler, modal, restarted);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ response_action: 'errors' });
    expect(Object.values((answer.body as { errors: Record<string, string> }).errors).join(' ')).toMatch(
      /no longer holds this/,
    );
    expect(modal.isOpen).toBe(true);
    expect(await restarted.desk.store.requests.listRequesterRequests(REQUESTER, 10)).toEqual([]);
  });
});

/**
 * Faults at placement leave the request in doubt. Where Yeastar took the order all the same (it finishes
 * work after the caller gave up), recovery (every 100 ms here) finds it once the API is back. Where it
 * certainly did not (a 5xx before it acted), nothing proves that, so the app never orders again by itself:
 * it asks the approvers, and one of them settles it.
 */
describe('a Partner API fault while the approved order is placed', () => {
  const PLACEMENT_FAULTS: (Fault & { release: (s: PartnerApiSandbox) => void })[] = [
    ...OUTAGES.filter((f) => f.name !== '5xx answers').map((f) => ({
      ...f,
      release: (s: PartnerApiSandbox) => s.faults.clear(),
    })),
    {
      name: 'its answer to Create an Order lost',
      arm: (s) => s.faults.loseNextOrderAnswers(1),
      release: () => undefined,
    },
  ];

  async function requestedAndWarm(h: Harness) {
    // Placement is the point here: Yeastar gives no price, at the request as at the approval, so the approval
    // places whatever else is down (test/slack/price-approval.test.ts is about prices).
    h.sandbox.faults.pricingDown(true);
    await playRequest(h.driver, REQUESTER, TUTORIAL_PLAYS['renew-ycm-white-label']);
    const message = await h.emulator.waitFor(() => h.emulator.messages(APPROVALS)[0], { what: 'approval' });
    await h.emulator.waitFor(() => h.emulator.messages(REQUESTER).length === 1, { what: 'confirmation' });
    const [request] = await h.desk.store.requests.listRequesterRequests(REQUESTER, 1);
    if (!request) throw new Error('no stored request');
    return { request, ts: message.ts };
  }

  test.each(PLACEMENT_FAULTS)(
    'when the API has $name, then the thread says the outcome is unknown, and once the API is back the app finds the order Yeastar took, exactly one, and the thread says so',
    async (fault) => {
      const h = await harness({ recoveryIntervalMs: 100 });
      const { request, ts } = await requestedAndWarm(h);
      const thread = () => h.emulator.thread(APPROVALS, ts);
      fault.arm(h.sandbox);

      await h.driver.click(APPROVER, APPROVALS, ts, 'approve_request');
      const [unknown] = await h.emulator.waitFor(() => thread().length > 0 && thread(), {
        what: 'the first thread reply',
      });
      expect(unknown?.text).toMatch(/^⏳ Outcome unknown/);
      // Recovery may already have found a lost answer's order: the trail shows the doubt came first.
      const audit = await h.desk.store.requests.audit(request.id);
      expect(audit.map((e) => e.action)).toContain('place_outcome_unknown');
      fault.release(h.sandbox);

      const placed = await h.emulator.waitFor(() => thread().find((m) => m.text.startsWith('🧾 Ordered')), {
        what: 'the final answer in the thread',
        timeoutMs: 8000,
      });
      const orders = h.sandbox.orders();
      expect(orders).toHaveLength(1);
      expect(placed.text).toContain(`order *${orders[0]?.orderNo}*`);
      const stored = await h.desk.store.requests.get(request.id);
      expect(stored?.state).toBe('placed');
      expect(stored?.order?.orderNo).toBe(orders[0]?.orderNo);
      expect(thread()).toHaveLength(2);
    },
    15_000,
  );

  test('when the API answers 5xx and takes nothing, then the app never orders again by itself, asks the approvers once, and one approver’s “not placed” orders it exactly once', async () => {
    const h = await harness({
      recoveryIntervalMs: 100,
      env: { ORDER_DEADLINE_MS: '500', STALE_PLACING_MS: '1000', RECONCILE_GRACE_MS: '1000' },
    });
    const { request, ts } = await requestedAndWarm(h);
    const thread = () => h.emulator.thread(APPROVALS, ts);
    h.sandbox.faults.failNext(1, 503);

    await h.driver.click(APPROVER, APPROVALS, ts, 'approve_request');
    const notice = await h.emulator.waitFor(
      () => thread().find((m) => m.text.startsWith('⚠️ The app cannot tell')),
      {
        what: 'the approvers to be asked',
        timeoutMs: 8000,
      },
    );
    expect(thread().map((m) => m.text.slice(0, 20))).toEqual([
      '⏳ Outcome unknown: Y',
      notice.text.slice(0, 20),
    ]);
    expect(notice.text).toContain(request.reference);
    expect(h.sandbox.orders()).toEqual([]);
    await h.emulator.waitFor(
      () => h.emulator.messages(REQUESTER).find((m) => m.text.includes('approvers were asked to check')),
      { what: 'the requester to hear of it' },
    );

    await h.driver.click(APPROVER, APPROVALS, notice.ts, 'doubt_not_placed');
    const placed = await h.emulator.waitFor(() => thread().find((m) => m.text.startsWith('🧾 Ordered')), {
      what: 'the order placed after all',
    });

    const orders = h.sandbox.orders();
    expect(orders).toHaveLength(1);
    expect(placed.text).toContain(`order *${orders[0]?.orderNo}*`);
    const stamped = await h.emulator.waitFor(
      () => {
        const m = h.emulator.thread(APPROVALS, ts).find((r) => r.ts === notice.ts);
        return m?.text.startsWith('🔁') || m?.text.startsWith('✅') ? m : undefined;
      },
      { what: 'the doubt notice to lose its buttons' },
    );
    expect(stamped.blocks.some((b) => b.type === 'actions')).toBe(false);
    const audit = await h.desk.store.requests.audit(request.id);
    expect(audit.find((e) => e.action === 'resolved_not_placed')).toMatchObject({ actor: APPROVER });
    expect(audit.filter((e) => e.action === 'doubt_raised')).toHaveLength(1);
  });

  test('when every access token expires just before the approval, then the order is placed once with a renewed token and the thread has one answer', async () => {
    const h = await harness();
    const { request, ts } = await requestedAndWarm(h);
    const thread = () => h.emulator.thread(APPROVALS, ts);
    h.sandbox.expireAllTokens();

    await h.driver.click(APPROVER, APPROVALS, ts, 'approve_request');
    const [reply] = await h.emulator.waitFor(() => thread().length > 0 && thread(), { what: 'thread reply' });

    expect(h.sandbox.orders()).toHaveLength(1);
    expect(reply?.text).toContain(`Ordered: order *${h.sandbox.orders()[0]?.orderNo}*`);
    expect((await h.desk.store.requests.get(request.id))?.state).toBe('placed');
  });
});
