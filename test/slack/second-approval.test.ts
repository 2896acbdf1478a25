import { APPROVALS } from '../../src/offline-desk';
import { until } from '../support/poll';
import {
  APPROVER,
  approvalMessageOf,
  type Harness,
  harnessesClosedAfterEach,
  hasButtons,
  OTHER,
  submitTutorial,
} from './support/e2e-harness';

/** Two approvals, by two approvers, for the products (or quantities) the partner says. */

let h: Harness;
const harness = harnessesClosedAfterEach();
/** RM Premium (21) needs two approvals; OTHER is an approver too. */
const TWO_APPROVERS = { APPROVER_USER_IDS: `${APPROVER},${OTHER}`, SECOND_APPROVAL_PRODUCTS: '21' };

async function stateOf(id: string) {
  return (await h.desk.store.requests.get(id))?.state;
}

test('when a product needs two approvals, then the first keeps it pending and says so, the same approver cannot give the second, and another approver orders it once', async () => {
  h = await harness({ env: TWO_APPROVERS });
  const request = await submitTutorial(h, 'renew-rm-premium');
  const ts = request.slack.approvalMessageTs ?? '';

  await h.driver.click(APPROVER, APPROVALS, ts, 'approve_request');
  const once = await h.emulator.waitFor(
    () => {
      const m = approvalMessageOf(h, request);
      return JSON.stringify(m.blocks).includes('First approval') && m;
    },
    { what: 'the first approval shown' },
  );
  expect(JSON.stringify(once.blocks)).toContain('☑️ First approval by <@UAPPROVER>');
  expect(hasButtons(once)).toBe(true);
  expect(await stateOf(request.id)).toBe('pending_approval');
  expect(h.sandbox.orders()).toHaveLength(0);

  await h.driver.click(APPROVER, APPROVALS, ts, 'approve_request');
  const [refused] = await h.emulator.waitFor(
    () => h.emulator.ephemerals(APPROVER).length > 0 && h.emulator.ephemerals(APPROVER),
    { what: 'the refusal' },
  );
  expect(refused?.text).toBe(
    'This request needs two approvals and you gave the first; another approver gives the second.',
  );
  expect(h.sandbox.orders()).toHaveLength(0);

  await h.driver.click(OTHER, APPROVALS, ts, 'approve_request');
  await until(async () => (await stateOf(request.id)) === 'placed', 'the order placed');
  expect(h.sandbox.orders()).toHaveLength(1);
  const stamped = await h.emulator.waitFor(
    () => {
      const m = approvalMessageOf(h, request);
      return !hasButtons(m) && m.text.includes('Ordered') && m;
    },
    { what: 'the stamp' },
  );
  expect(stamped.text).toMatch(/^✅ Approved by <@UAPPROVER> and <@UOTHER> at /);
});

test('when a product does not need two approvals, then one approval orders it', async () => {
  h = await harness({ env: TWO_APPROVERS });
  const request = await submitTutorial(h, 'renew-ycm-white-label');

  await h.driver.click(APPROVER, APPROVALS, request.slack.approvalMessageTs ?? '', 'approve_request');

  await until(async () => (await stateOf(request.id)) === 'placed', 'the order placed');
  expect(h.sandbox.orders()).toHaveLength(1);
});

test('when one approver double-clicks a request that needs two, then it keeps one approval and orders nothing', async () => {
  h = await harness({ env: TWO_APPROVERS });
  const request = await submitTutorial(h, 'renew-rm-premium');
  const ts = request.slack.approvalMessageTs ?? '';

  await Promise.all([1, 2, 3].map(() => h.driver.click(APPROVER, APPROVALS, ts, 'approve_request')));
  await until(async () => (await h.desk.store.requests.get(request.id))?.firstApproval, 'the first approval');

  const trail = await h.desk.store.requests.audit(request.id);
  expect(trail.filter((e) => e.action === 'approve_first')).toHaveLength(1);
  expect(await stateOf(request.id)).toBe('pending_approval');
  expect(h.sandbox.orders()).toHaveLength(0);
});

test('when a second-approval product is not one the app orders, then the desk does not start, saying which', async () => {
  await expect(harness({ env: { ...TWO_APPROVERS, SECOND_APPROVAL_PRODUCTS: '21,99' } })).rejects.toThrow(
    /SECOND_APPROVAL_PRODUCTS.*"99" is not a product the app orders/,
  );
});

test('when the price changed before the first of two approvals, then no approval is recorded and a fresh one is asked for', async () => {
  h = await harness({ env: TWO_APPROVERS });
  const request = await submitTutorial(h, 'renew-rm-premium');
  h.sandbox.faults.repriceAll(10);

  await h.driver.click(APPROVER, APPROVALS, request.slack.approvalMessageTs ?? '', 'approve_request');
  await until(
    async () => (await h.desk.store.requests.audit(request.id)).some((e) => e.action === 'price_changed'),
    'the new price recorded',
  );

  expect((await h.desk.store.requests.get(request.id))?.firstApproval).toBeUndefined();
  expect(h.sandbox.orders()).toHaveLength(0);
});

test('when the price changed after the first of two approvals, then that approval no longer counts: one more click orders nothing and two approvers are asked for again', async () => {
  h = await harness({ env: TWO_APPROVERS });
  const request = await submitTutorial(h, 'renew-rm-premium');
  const ts = request.slack.approvalMessageTs ?? '';
  await h.driver.click(APPROVER, APPROVALS, ts, 'approve_request');
  await until(async () => (await h.desk.store.requests.get(request.id))?.firstApproval, 'the first approval');

  h.sandbox.faults.repriceAll(10);
  await h.driver.click(OTHER, APPROVALS, ts, 'approve_request');
  const notice = await h.emulator.waitFor(
    () => h.emulator.thread(APPROVALS, ts).find((m) => m.text.includes('💱')),
    { what: 'the price notice in the thread' },
  );
  expect(notice.text).toContain(
    'The first approval, by <@UAPPROVER>, was for the old price: two approvals are needed again.',
  );
  expect((await h.desk.store.requests.get(request.id))?.firstApproval).toBeUndefined();

  // The click that would have been the second is now a first again, at the new price.
  await h.driver.click(OTHER, APPROVALS, ts, 'approve_request');
  await until(
    async () => (await h.desk.store.requests.get(request.id))?.firstApproval?.by === OTHER,
    'a first approval at the new price',
  );
  expect(await stateOf(request.id)).toBe('pending_approval');
  expect(h.sandbox.orders()).toHaveLength(0);

  await h.driver.click(APPROVER, APPROVALS, ts, 'approve_request');
  await until(async () => (await stateOf(request.id)) === 'placed', 'the order placed');
  expect(h.sandbox.orders()).toHaveLength(1);
});
