import type { EmulatedView } from '../../src/sandbox/slack';
import { MAX_VIEW_BLOCKS } from '../../src/sandbox/slack/block-kit';
import { forgedHomeClick } from '../abuse/support/forgery';
import { until } from '../support/poll';
import {
  APPROVER,
  approvalMessageOf,
  approveAndWaitPlaced,
  type Harness,
  harnessesClosedAfterEach,
  hasButtons,
  OTHER,
  REQUESTER,
  storeTutorial,
  submitTutorial,
} from './support/e2e-harness';
import { blockOf, metaOf, pick } from './support/modal-steps';

/**
 * The App Home over real HTTP: people open the Home tab in the emulated Slack (a signed app_home_opened),
 * the app publishes it with views.publish, and the Approve and Reject buttons there go through the same
 * checks and workflow as in the approvals channel.
 */

let h: Harness;
const harness = harnessesClosedAfterEach();

/** The person's Home tab once the app has published it `times` times. */
function homeAfter(userId: string, times: number): Promise<EmulatedView> {
  return h.emulator.waitFor(
    () => {
      const published = h.emulator.calls('views.publish').filter((c) => c.ok && c.args.user_id === userId);
      return published.length >= times && h.emulator.home(userId);
    },
    { what: `publish ${times} of ${userId}'s Home` },
  );
}

/** Opens the Home tab as `userId` and returns it as the app publishes it in answer. */
async function openHome(userId: string): Promise<EmulatedView> {
  const before = h.emulator.calls('views.publish').filter((c) => c.args.user_id === userId).length;
  expect((await h.driver.openHome(userId)).status).toBe(200);
  return homeAfter(userId, before + 1);
}

/** Every text the Home shows, one per line. */
function textOf(home: EmulatedView): string {
  const texts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) for (const item of node) walk(item);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.text === 'string') texts.push(o.text);
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(home.view.blocks);
  return texts.join('\n');
}

function buttonsOf(home: EmulatedView): { action_id?: string; value?: string }[] {
  return home.view.blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
}

async function stateOf(id: string) {
  return (await h.desk.store.requests.get(id))?.state;
}

test('when a requester opens the Home tab, then it shows their request in the approval message’s words, with what it is and a link to it, and no approvals', async () => {
  h = await harness();
  const request = await submitTutorial(h, 'renew-ycm-white-label');
  expect(request.slack.approvalPermalink).toMatch(
    /^https:\/\/emulated\.slack\.local\/archives\/CAPPROVALS\//,
  );

  const text = textOf(await openHome(REQUESTER));

  expect(text).toContain('My requests');
  expect(text).toContain(
    `*<${request.slack.approvalPermalink}|Renew YCM White Label>*\n⏳ Waiting for an approver: <@UAPPROVER>\n` +
      `Add-on Service · for our own account · reference \`${request.reference}\``,
  );
  expect(text).not.toContain('Waiting for my approval');
  expect(text).toContain('No orders yet');
});

test('when an approver approves from the Home tab, then the order is placed, the approval message is stamped, and their Home is published again', async () => {
  h = await harness();
  const request = await submitTutorial(h, 'renew-rm-premium');
  const before = await openHome(APPROVER);
  expect(textOf(before)).toContain('Waiting for my approval');
  expect(textOf(before)).toContain(`*Reference* \`${request.reference}\` · *Requested by* <@UREQUESTER>`);
  expect(buttonsOf(before)).toEqual([
    expect.objectContaining({ action_id: 'approve_request', value: request.id, confirm: expect.anything() }),
    expect.objectContaining({ action_id: 'reject_request', value: request.id }),
  ]);

  expect((await h.driver.clickHome(APPROVER, 'approve_request', { value: request.id })).status).toBe(200);

  const after = await homeAfter(APPROVER, 2);
  const [order] = h.sandbox.orders();
  expect(h.sandbox.orders()).toHaveLength(1);
  expect(await stateOf(request.id)).toBe('placed');
  expect(after.id).toBe(before.id);
  expect(buttonsOf(after)).toEqual([]);
  expect(textOf(after)).toContain('Nothing waits for your approval.');
  expect(textOf(after)).toContain(`🧾 Ordered: order *${order?.orderNo}*, Completed`);
  const stamped = await h.emulator.waitFor(() => {
    const m = approvalMessageOf(h, request);
    return m.text.includes('🧾 Ordered') && m;
  });
  expect(hasButtons(stamped)).toBe(false);
  expect(stamped.text).toMatch(/^✅ Approved by <@UAPPROVER> at /);
  // The requester's Home says so too, with the order.
  expect(textOf(await openHome(REQUESTER))).toMatch(
    new RegExp(`✅ Approved by <@UAPPROVER> at .* · 🧾 Ordered: order \\*${order?.orderNo}\\*, Completed`),
  );
});

test('when someone who is not an approver opens the Home tab, then there is nothing to decide, and a forged Approve from there is refused on their Home', async () => {
  h = await harness();
  const request = await submitTutorial(h, 'renew-rm-premium');
  const home = await openHome(OTHER);
  expect(textOf(home)).not.toContain('Waiting for my approval');
  expect(buttonsOf(home)).toEqual([]);
  expect(() => h.driver.clickHome(OTHER, 'approve_request')).toThrow(/no button approve_request/);

  expect((await forgedHomeClick(h, OTHER, 'approve_request', request.id)).status).toBe(200);

  const told = await homeAfter(OTHER, 2);
  expect(textOf(told)).toContain('Only approvers can decide on order requests; nothing was changed.');
  expect(await stateOf(request.id)).toBe('pending_approval');
  expect(h.sandbox.orders()).toEqual([]);
  expect(hasButtons(approvalMessageOf(h, request))).toBe(true);
  expect(await h.desk.store.requests.audit(request.id)).toContainEqual(
    expect.objectContaining({ actor: OTHER, action: 'approve', reason: 'not_approver' }),
  );
});

test('when an approver opens the Home tab, then their own request does not wait for them, and approving it from there is refused', async () => {
  h = await harness();
  const own = await submitTutorial(h, 'renew-rm-premium', {}, APPROVER);
  const home = await openHome(APPROVER);
  expect(textOf(home)).toContain(`reference \`${own.reference}\``);
  expect(textOf(home)).toContain('Nothing waits for your approval.');
  expect(buttonsOf(home)).toEqual([]);

  await forgedHomeClick(h, APPROVER, 'approve_request', own.id);

  const told = await homeAfter(APPROVER, 2);
  expect(textOf(told)).toContain('You cannot decide on your own request; another approver has to.');
  expect(await stateOf(own.id)).toBe('pending_approval');
  expect(h.sandbox.orders()).toEqual([]);
});

test('when self-approval is allowed, then an approver’s own request waits on their Home tab with its buttons', async () => {
  h = await harness({ env: { ALLOW_SELF_APPROVAL: 'true' } });
  const own = await submitTutorial(h, 'renew-rm-premium', {}, APPROVER);

  const home = await openHome(APPROVER);

  expect(buttonsOf(home).map((b) => [b.action_id, b.value])).toEqual([
    ['approve_request', own.id],
    ['reject_request', own.id],
  ]);
});

test('when an approver rejects from the Home tab, then a modal asks the reason, the request is rejected and stamped, and their Home is published again', async () => {
  h = await harness();
  const request = await submitTutorial(h, 'renew-rm-premium');
  await openHome(APPROVER);

  await h.driver.clickHome(APPROVER, 'reject_request', { value: request.id });
  const modal = await h.driver.waitForView(APPROVER);
  expect(modal.view.callback_id).toBe('reject_reason');
  modal.setValue('reason', 'reason_input', 'No budget this quarter');
  await modal.submit();

  const after = await homeAfter(APPROVER, 2);
  expect(await stateOf(request.id)).toBe('rejected');
  expect(textOf(after)).toContain('Nothing waits for your approval.');
  const stamped = await h.emulator.waitFor(() => {
    const m = approvalMessageOf(h, request);
    return m.text.startsWith('❌ Rejected by <@UAPPROVER>') && m;
  });
  expect(stamped.text).toContain('No budget this quarter');
  expect(hasButtons(stamped)).toBe(false);
  expect(h.emulator.calls('views.publish').filter((c) => c.args.user_id === APPROVER)).toHaveLength(2);
});

test('when nobody has asked for anything yet, then each part of the Home tab says what to do', async () => {
  h = await harness();

  const approver = textOf(await openHome(APPROVER));
  const other = textOf(await openHome(OTHER));

  for (const text of [approver, other]) {
    expect(text).toContain(
      'No requests yet: run `/purchase` or `/renew` in any channel to ask for an order.',
    );
    expect(text).toContain('No orders yet: an order shows here once an approver approves a request.');
  }
  expect(approver).toContain('Nothing waits for your approval. New requests show here and in <#CAPPROVALS>.');
  expect(other).not.toContain('Nothing waits for your approval');
});

test('when there are many requests, then each part of the Home tab shows a bounded number, says where the rest are, and Slack accepts it', async () => {
  h = await harness();
  const requests = [];
  for (let i = 0; i < 24; i += 1) requests.push(await storeTutorial(h, 'renew-rm-premium'));
  for (const request of requests.slice(0, 12)) await h.desk.workflow.approve(request.id, APPROVER);

  const approver = await openHome(APPROVER);
  const requester = await openHome(REQUESTER);

  expect(h.emulator.calls('views.publish').every((c) => c.ok)).toBe(true);
  for (const home of [approver, requester])
    expect(home.view.blocks.length).toBeLessThanOrEqual(MAX_VIEW_BLOCKS);
  const shown = buttonsOf(approver).flatMap((b) => (b.action_id === 'approve_request' ? [b.value] : []));
  const pending = requests.slice(12);
  const since = (id: string | undefined) => pending.find((r) => r.id === id)?.createdAt.getTime() ?? NaN;
  expect(shown).toHaveLength(10);
  // The ten waiting longest, longest first (requests made within one millisecond may come in any order).
  expect(shown.map(since)).toEqual(shown.map(since).sort((a, b) => a - b));
  const latestShown = Math.max(...shown.map(since));
  for (const r of pending.filter((p) => !shown.includes(p.id)))
    expect(r.createdAt.getTime()).toBeGreaterThanOrEqual(latestShown);
  expect(textOf(approver)).toContain('Waiting longest first: 1–10');
  expect(textOf(approver)).toContain('Showing the 10 newest; every order is announced in <#CORDERS>.');
  expect(textOf(requester)).toContain('Your requests, newest first: 1–15');
  expect(textOf(requester).match(/reference `YOD-/g)).toHaveLength(15 + 10);

  // The rest is a page away: Next shows it, Previous goes back, and each part pages on its own.
  const next = (home: EmulatedView, part: string) =>
    buttonsOf(home).find((b) => b.action_id === 'home_page_next' && String(b.value).includes(part));
  await h.driver.clickHome(REQUESTER, 'home_page_next', { value: next(requester, 'mine')?.value ?? '' });
  const page2 = await homeAfter(REQUESTER, 2);
  expect(textOf(page2)).toContain('Your requests, newest first: 16–24');
  expect(buttonsOf(page2).map((b) => b.action_id)).toContain('home_page_previous');
  expect(next(page2, 'mine')).toBeUndefined();
  const older = requests.slice(0, 9).map((r) => r.reference);
  for (const reference of older) expect(textOf(page2)).toContain(reference);

  await h.driver.clickHome(APPROVER, 'home_page_next', { value: next(approver, 'waiting')?.value ?? '' });
  const waiting2 = await homeAfter(APPROVER, 2);
  expect(textOf(waiting2)).toContain('Waiting longest first: 11–12');
  expect(buttonsOf(waiting2).filter((b) => b.action_id === 'approve_request')).toHaveLength(2);

  // Opening the tab again starts from the first pages.
  expect(textOf(await openHome(REQUESTER))).toContain('Your requests, newest first: 1–15');
});

test('when a Home tab is stale and its request was decided in the channel meanwhile, then Approve there changes nothing and the refreshed Home says who decided', async () => {
  h = await harness();
  const request = await submitTutorial(h, 'renew-rm-premium');
  await openHome(APPROVER);
  await approveAndWaitPlaced(h, request);
  // This instance publishes the open Home again; a Home another instance keeps current can still be
  // clicked before its refresh arrives: the click such a stale Home sends.
  await homeAfter(APPROVER, 2);

  await forgedHomeClick(h, APPROVER, 'approve_request', request.id);

  const told = await homeAfter(APPROVER, 3);
  expect(textOf(told)).toContain('This request was already approved by <@UAPPROVER>.');
  expect(buttonsOf(told)).toEqual([]);
  expect(h.sandbox.orders()).toHaveLength(1);
});

test('when a request shown on an open Home is approved in the channel, then the requester’s and the approver’s Homes are published again with the order', async () => {
  h = await harness();
  const request = await submitTutorial(h, 'renew-rm-premium');
  expect(textOf(await openHome(REQUESTER))).toContain('⏳ Waiting for an approver');
  expect(buttonsOf(await openHome(APPROVER))).toHaveLength(2);

  await approveAndWaitPlaced(h, request);

  const [order] = h.sandbox.orders();
  const requester = await h.emulator.waitFor(
    () => {
      const home = h.emulator.home(REQUESTER);
      return home && textOf(home).includes('🧾 Ordered') && home;
    },
    { what: 'the requester’s Home showing the order' },
  );
  expect(textOf(requester)).toMatch(
    new RegExp(`✅ Approved by <@UAPPROVER> at .* · 🧾 Ordered: order \\*${order?.orderNo}\\*, Completed`),
  );
  const approver = await homeAfter(APPROVER, 2);
  expect(buttonsOf(approver)).toEqual([]);
  expect(textOf(approver)).toContain('Nothing waits for your approval.');
});

test('when a request is submitted while an approver’s Home is open, then it appears there with its buttons, and a non-approver’s open Home is left alone', async () => {
  h = await harness();
  expect(textOf(await openHome(APPROVER))).toContain('Nothing waits for your approval.');
  await openHome(OTHER);

  const request = await submitTutorial(h, 'renew-rm-premium');

  const approver = await homeAfter(APPROVER, 2);
  expect(buttonsOf(approver).map((b) => b.value)).toEqual([request.id, request.id]);
  // Published once for the burst of steps (stored, posted), and never for someone it does not concern.
  expect(h.emulator.calls('views.publish').filter((c) => c.args.user_id === APPROVER)).toHaveLength(2);
  expect(h.emulator.calls('views.publish').filter((c) => c.args.user_id === OTHER)).toHaveLength(1);
});

test('when app_home_opened is not signed with the app’s secret, then the app refuses it and publishes nothing', async () => {
  h = await harness();
  const forger = h.emulator.driver(`${h.desk.url}/slack/events`, 'not-the-signing-secret');

  expect((await forger.openHome(REQUESTER)).status).toBe(401);

  expect(h.emulator.calls('views.publish')).toEqual([]);
});

/** 1 December 2026, moving on with the test: what the sandbox's seed holds expires around then. */
function december(): () => Date {
  const started = Date.now();
  return () => new Date(Date.UTC(2026, 11, 1) + (Date.now() - started));
}

const NORDLYS = '3102345678901234567';
const BILLING_CONTACT = '3197218168379846218';
const INSTANCE_LIST = '/product/openapi/instance_product/v1/client/instance_product_list';

test('when what the account and its customers hold expires soon, then the Home lists it soonest first, and Renew opens the renewal of that subscription for its owner', async () => {
  h = await harness({ clock: december() });
  const home = await openHome(REQUESTER);
  const text = textOf(home);

  expect(text).toContain('Expiring soon');
  expect(text).toMatch(/for Nordlys Hotels AS[^\n]* · ⏰ expires <!date\^\d+\^\{date_short_pretty\}/);
  expect(text).toMatch(/⚠️ expired <!date/);
  const expiries = [...text.matchAll(/(?:expires|expired) <!date\^(\d+)\^/g)].map((m) => Number(m[1]));
  expect(expiries).toEqual([...expiries].sort((a, b) => a - b));
  const renewals = home.view.blocks.flatMap((b) =>
    b.accessory?.action_id === 'renew_expiring' ? [String(b.accessory.value)] : [],
  );
  expect(renewals.length).toBeGreaterThan(1);
  const turnkey = renewals.find((v) => v.includes(NORDLYS) && v.includes('"productId":14'));
  if (!turnkey) throw new Error('no Renew for the Nordlys Turnkey');

  expect((await h.driver.clickHome(REQUESTER, 'renew_expiring', { value: turnkey })).status).toBe(200);
  const modal = await h.driver.waitForView(REQUESTER);
  const meta = await h.emulator.waitFor(() => metaOf(modal).holding && metaOf(modal), {
    what: 'the holding chosen in the modal',
  });
  expect(meta.customer?.value).toBe(NORDLYS);
  expect(meta.holding?.key).toBe(JSON.parse(turnkey).key);
  await pick(modal, blockOf(modal, 'billing_contact_select'), 'billing_contact_select', BILLING_CONTACT);
  expect((await modal.submit()).body).toBeNull();

  const [request] = await until(
    () => h.desk.store.requests.listRequesterRequests(REQUESTER, 1),
    'the request',
  );
  expect(request?.scenarioId).toBe(meta.holding?.scenarioId);
  expect(request?.details.partnerId).toBe(NORDLYS);
});

test('when Yeastar’s product list gives no expiry dates, then the Home has no Expiring soon part', async () => {
  h = await harness({ clock: december() });
  h.sandbox.faults.reshape([{ endpoint: INSTANCE_LIST, field: 'results[].expireTime', change: 'drop' }]);

  const text = textOf(await openHome(REQUESTER));

  expect(text).toContain('My requests');
  expect(text).not.toContain('Expiring soon');
});
