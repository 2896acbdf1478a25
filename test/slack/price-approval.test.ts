import { playRequest, TUTORIAL_PLAYS } from '../../src/demo';
import { ACCOUNT } from '../../src/sandbox/partner-api/seed';
import { until } from '../support/poll';
import {
  APPROVALS,
  APPROVER,
  approvalMessageOf,
  approveAndWaitPlaced,
  type Harness,
  harnessesClosedAfterEach,
  hasButtons,
  REQUESTER,
  submitTutorial,
  threadOf,
  waitForThread,
} from './support/e2e-harness';

/**
 * The price in the approval, through the emulated Slack and the sandbox's price list: read at submission,
 * shown, read again at approval, and an order placed only at the price the approver was shown.
 */

/** The tutorial's appliance plan: Enterprise, monthly, one PBX; 25.00 USD on the sandbox's list. */
const TUTORIAL = 'purchase-p-series-appliance-plan';
const PLAN_INFO = '/pricing/openapi/purchase/v1/purchase/plan_info/3048560232537899008';

let h: Harness;
const harness = harnessesClosedAfterEach();

function fieldsOf(message: { blocks: { type: string; fields?: { text: string }[] }[] }): string[] {
  return message.blocks.flatMap((b) => (b.fields ?? []).map((f) => f.text));
}

function priceOf(message: { blocks: { type: string; fields?: { text: string }[] }[] }): string | undefined {
  return fieldsOf(message).find((f) => f.startsWith('*Price*'));
}

async function clickApprove(ts: string | undefined): Promise<void> {
  const click = await h.driver.click(APPROVER, APPROVALS, ts ?? '', 'approve_request');
  expect(click.status).toBe(200);
}

/** The approver's click was answered, alone, with this. */
function toldApprover(): Promise<string> {
  return h.emulator.waitFor(() => h.emulator.ephemerals(APPROVER).at(-1)?.text, {
    what: "the approver's ephemeral answer",
  });
}

test("when a request is submitted, then the approval message and the requester's DM show Yeastar's price for its term", async () => {
  h = await harness();
  const request = await submitTutorial(h, TUTORIAL);

  expect(priceOf(approvalMessageOf(h, request))).toBe('*Price*\nUSD 25.00 (Monthly)');
  const [dm] = h.emulator.messages(REQUESTER);
  expect(priceOf(dm ?? { blocks: [] })).toBe('*Price*\nUSD 25.00 (Monthly)');
  expect((await h.desk.store.requests.get(request.id))?.details.price).toEqual({
    status: 'read',
    amount: '25.00',
    currency: 'USD',
  });
});

test('when an account-level subscription is renewed, then its price is read although the order names no PBX', async () => {
  h = await harness();
  await playRequest(h.driver, REQUESTER, TUTORIAL_PLAYS['renew-p-series-turnkey-package']);
  const message = await h.emulator.waitFor(() => h.emulator.messages(APPROVALS)[0], {
    what: 'the approval message',
  });

  const [request] = await h.desk.store.requests.listRequesterRequests(REQUESTER, 1);
  expect(request?.details.heldOn).toBe(ACCOUNT.ucId);
  expect(priceOf(message)).toMatch(/^\*Price\*\nUSD \d+\.\d\d /);
});

test.each([
  ['the pricing endpoint fails', (x: Harness) => x.sandbox.faults.pricingDown(true)],
  [
    'it answers without the price',
    (x: Harness) => x.sandbox.faults.reshape([{ endpoint: PLAN_INFO, field: 'price', change: 'drop' }]),
  ],
])(
  'when %s at submission, then the message says the price is not available from Yeastar',
  async (_what, arm) => {
    h = await harness();
    arm(h);
    const request = await submitTutorial(h, TUTORIAL);

    expect(priceOf(approvalMessageOf(h, request))).toBe('*Price*\nprice not available from Yeastar');
    expect(JSON.stringify(approvalMessageOf(h, request).blocks)).not.toMatch(/USD/);
  },
);

test('when the price is unchanged at approval, then the order is placed once', async () => {
  h = await harness();
  const request = await submitTutorial(h, TUTORIAL);

  await approveAndWaitPlaced(h, request);

  expect(h.sandbox.orders()).toHaveLength(1);
  expect(h.sandbox.requestCount(PLAN_INFO)).toBe(2);
});

test('when the price changed since the request, then nothing is ordered, the message and its thread say so with the new price, the approver is told, and a fresh approval orders once at the new price', async () => {
  h = await harness();
  const request = await submitTutorial(h, TUTORIAL);
  h.sandbox.faults.repriceAll(10);

  await clickApprove(request.slack.approvalMessageTs);

  const change = 'The price changed from USD 25.00 to USD 27.50 since the request: approve again';
  expect(await toldApprover()).toContain(`Nothing was ordered. 💱 ${change}`);
  const [notice] = await waitForThread(h, request);
  expect(notice?.text).toContain(change);
  const waiting = await until(async () => {
    const message = approvalMessageOf(h, request);
    return priceOf(message) === '*Price*\nUSD 27.50 (Monthly)' && message;
  }, 'the approval message to show the new price');
  expect(JSON.stringify(waiting.blocks)).toContain(change);
  expect(hasButtons(waiting)).toBe(true);
  expect(h.sandbox.orders()).toHaveLength(0);
  const stored = await h.desk.store.requests.get(request.id);
  expect(stored?.state).toBe('pending_approval');
  expect(stored?.decidedBy).toBeUndefined();
  const audit = await h.desk.store.requests.audit(request.id);
  expect(audit.map((e) => [e.action, e.reason])).toEqual(
    expect.arrayContaining([
      ['price_changed', 'USD 25.00 → USD 27.50'],
      ['approve', 'price_changed'],
    ]),
  );

  const placed = await approveAndWaitPlaced(h, request);

  expect(h.sandbox.orders()).toHaveLength(1);
  expect(placed.details.price).toEqual({ status: 'read', amount: '27.50', currency: 'USD' });
  const stamped = await until(async () => {
    const message = approvalMessageOf(h, request);
    return !hasButtons(message) && message;
  }, 'the approval message stamped');
  expect(JSON.stringify(stamped.blocks)).not.toContain('The price changed');
  expect(priceOf(stamped)).toBe('*Price*\nUSD 27.50 (Monthly)');
  expect(threadOf(h, request).filter((m) => m.text.includes('The price changed'))).toHaveLength(1);
});

test('when the price was read at the request but cannot be read at approval, then nothing is ordered until an approver approves again without a confirmed price', async () => {
  h = await harness();
  const request = await submitTutorial(h, TUTORIAL);
  h.sandbox.faults.pricingDown(true);

  await clickApprove(request.slack.approvalMessageTs);

  expect(await toldApprover()).toContain(
    'The price was USD 25.00 at the request, but Yeastar could not be asked again just now (price not available from Yeastar): approve again to order without a confirmed price',
  );
  await until(
    async () => priceOf(approvalMessageOf(h, request)) === '*Price*\nprice not available from Yeastar',
    'the approval message to say the price is not available',
  );
  expect(h.sandbox.orders()).toHaveLength(0);

  // Neither read agrees with a price now: the approver approved knowing that.
  await approveAndWaitPlaced(h, request);
  expect(h.sandbox.orders()).toHaveLength(1);
});

test('when no price could be read at the request but one can at approval, then the approver is shown it and asked to approve again', async () => {
  h = await harness();
  h.sandbox.faults.pricingDown(true);
  const request = await submitTutorial(h, TUTORIAL);
  h.sandbox.faults.pricingDown(false);

  await clickApprove(request.slack.approvalMessageTs);

  expect(await toldApprover()).toContain(
    'Yeastar now gives the price USD 25.00; at the request it gave none: approve again to order at USD 25.00',
  );
  expect(h.sandbox.orders()).toHaveLength(0);
  await approveAndWaitPlaced(h, request);
  expect(h.sandbox.orders()).toHaveLength(1);
});
