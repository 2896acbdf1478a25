import { startPartnerApiSandbox } from '../../../src/sandbox/partner-api/index';
import { parseJson } from '../../../src/yeastar/json';
import { createOrderResultSchema, orderPageSchema } from '../../../src/yeastar/schemas';
import { until } from '../../support/poll';
import {
  type CallOptions,
  call,
  callRaw,
  issueToken,
  postForm,
  SAVE_PATH,
  TOKEN_PATH,
  tutorialRequest,
  useSandbox,
  withFields,
} from './client';

const CONTACTS = '/user/openapi/user/v1/client/billing_contact_list';
const ORDER_LIST = '/order/openapi/order/v1/page';

const live = useSandbox('each');
async function control(path: string, body?: unknown) {
  const response = await fetch(`${live.sandbox.url}/__sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, envelope: parseJson(await response.text()) as { result: unknown } };
}

/** Resolves once the sandbox has received `count` requests on `path` (it may not have answered them). */
async function received(path: string, count: number): Promise<void> {
  await until(async () => live.sandbox.requestCount(path) >= count, `${count} requests on ${path}`);
}

/** A Create an Order carrying a poNumber, to tell orders apart. */
const orderBody = (poNumber: string) => withFields('renew-rm-premium', `"poNumber":"${poNumber}"`);
const placedPoNumbers = () => live.sandbox.orders().map((o) => o.poNumber);

async function listedOrders() {
  const answer = await call(live.sandbox, ORDER_LIST, { token: live.token });
  return orderPageSchema.parse(answer.envelope.result).results;
}

const listedOrderNos = async () => (await listedOrders()).map((o) => o.orderNo);

const orderDetails = (idOrOrderNo: string) =>
  call(live.sandbox, `/order/openapi/order/v1/get/${idOrOrderNo}`, { token: live.token });

/** Resolves once the sandbox has committed an order. */
const committed = (what: string) => until(async () => live.sandbox.orders().length > 0, what);

/** Sends a call, then gives up on it as soon as the sandbox has received it in full. */
async function abandon(path: string, options: CallOptions = {}): Promise<void> {
  const before = live.sandbox.requestCount(path);
  const caller = new AbortController();
  const pending = callRaw(live.sandbox, path, { token: live.token, ...options, signal: caller.signal });
  await received(path, before + 1);
  caller.abort();
  await expect(pending).rejects.toThrow();
}

function track<T>(promise: Promise<T>) {
  const state = { settled: false };
  promise.then(
    () => {
      state.settled = true;
    },
    () => {
      state.settled = true;
    },
  );
  return state;
}

describe('fault switches', () => {
  it('when latency is set, then a received request stays unanswered until it has passed, and clear removes it', async () => {
    live.sandbox.faults.setLatency(400);
    const pending = call(live.sandbox, CONTACTS, { token: live.token });
    const state = track(pending);
    await received(CONTACTS, 1);
    expect(state.settled).toBe(false);
    expect((await pending).status).toBe(200);

    live.sandbox.faults.clear();
    expect((await control('faults', {})).envelope.result).toMatchObject({ latencyMs: 0 });
    expect((await call(live.sandbox, CONTACTS, { token: live.token })).status).toBe(200);
  });

  it('when failNext is armed, then that many calls, the token call included, answer a 5xx envelope', async () => {
    live.sandbox.faults.failNext(2, 502);
    const tokenCall = await postForm(live.sandbox, {
      grant_type: 'pp_credentials',
      client_id: 'sandbox',
      client_secret: 'sandbox-secret',
    });
    const apiCall = await call(live.sandbox, CONTACTS, { token: live.token });
    const third = await call(live.sandbox, CONTACTS, { token: live.token });

    expect([tokenCall.status, apiCall.status, third.status]).toEqual([502, 502, 200]);
    expect(apiCall.envelope).toMatchObject({ code: 'server_error', status: 502, result: null });
  });

  it('when failNext is armed without a status, then the calls answer 503', async () => {
    live.sandbox.faults.failNext(1);
    expect((await call(live.sandbox, CONTACTS, { token: live.token })).status).toBe(503);
  });

  it('when a failed call was a Create an Order, then nothing is recorded', async () => {
    live.sandbox.faults.failNext(1);
    const answer = await call(live.sandbox, SAVE_PATH, {
      token: live.token,
      body: tutorialRequest('renew-rm-premium'),
    });
    expect(answer.status).toBe(503);
    expect(live.sandbox.orders()).toHaveLength(0);
  });

  it('when hang is on, then requests are received but unanswered until hang is switched off', async () => {
    live.sandbox.faults.hang(true);
    const pending = call(live.sandbox, CONTACTS, { token: live.token });
    const state = track(pending);
    await received(CONTACTS, 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(state.settled).toBe(false);

    live.sandbox.faults.hang(false);
    expect((await pending).status).toBe(200);
  });

  it('when the sandbox closes while requests hang, then they end without an answer', async () => {
    live.sandbox.faults.hang(true);
    const pending = call(live.sandbox, SAVE_PATH, {
      token: live.token,
      body: tutorialRequest('renew-rm-premium'),
    });
    await received(SAVE_PATH, 1);
    await live.sandbox.close();
    await expect(pending).rejects.toThrow();
    expect(live.sandbox.orders()).toHaveLength(0);
    live.sandbox = await startPartnerApiSandbox();
  });

  it('when an order answer is lost, then the order is recorded, the socket closes, and Query Order List finds it', async () => {
    live.sandbox.faults.loseNextOrderAnswers(1);
    const body = withFields('renew-rm-premium', '"poNumber":"REQ-lost-1"');
    await expect(callRaw(live.sandbox, SAVE_PATH, { token: live.token, body })).rejects.toThrow();

    expect(live.sandbox.orders()).toEqual([
      expect.objectContaining({ poNumber: 'REQ-lost-1', rawBody: body }),
    ]);
    const page = orderPageSchema.parse(
      (await call(live.sandbox, '/order/openapi/order/v1/page', { token: live.token })).envelope.result,
    );
    expect(page.results.map((o) => o.poNumber)).toEqual(['REQ-lost-1']);

    const next = await call(live.sandbox, SAVE_PATH, {
      token: live.token,
      body: tutorialRequest('renew-rm-premium'),
    });
    expect(next.status).toBe(200);
    expect(live.sandbox.orders()).toHaveLength(2);
  });

  it('when malformNext is armed, then that many answers are a 200 that is not JSON', async () => {
    live.sandbox.faults.malformNext(1);
    const garbled = await callRaw(live.sandbox, CONTACTS, { token: live.token });
    expect(garbled.status).toBe(200);
    const text = await garbled.text();
    expect(() => parseJson(text)).toThrow();

    expect((await call(live.sandbox, CONTACTS, { token: live.token })).status).toBe(200);
  });

  it('when counting requests, then each API path is counted and sandbox controls are not', async () => {
    await call(live.sandbox, CONTACTS, { token: live.token });
    await call(live.sandbox, CONTACTS, { token: live.token });
    await control('orders');
    expect(live.sandbox.requestCount(CONTACTS)).toBe(2);
    expect(live.sandbox.requestCount(TOKEN_PATH)).toBe(1);
    expect(live.sandbox.requestCount()).toBe(3);
    expect(live.sandbox.requestCount('/never/called')).toBe(0);
  });

  it('when a switch gets a negative count, then it throws', () => {
    expect(() => live.sandbox.faults.failNext(-1)).toThrow(RangeError);
    expect(() => live.sandbox.faults.failNext(1, 404)).toThrow(RangeError);
    expect(() => live.sandbox.faults.setLatency(-5)).toThrow(RangeError);
    expect(() => live.sandbox.faults.orderTiming({ commitAfterMs: -1 })).toThrow(RangeError);
    expect(() => live.sandbox.faults.orderTiming({ answerAfterMs: 1.5 })).toThrow(RangeError);
    expect(() => live.sandbox.faults.listLag(-1)).toThrow(RangeError);
    expect(() => live.sandbox.faults.rejectNextOrderTokens(-1)).toThrow(RangeError);
    expect(() => live.sandbox.faults.setTokenLatency(-1)).toThrow(RangeError);
  });
});

describe('a Create an Order whose caller has gone', () => {
  it('when the caller gives up while latency holds the order, then it still commits, once', async () => {
    live.sandbox.faults.setLatency(300);
    await abandon(SAVE_PATH, { body: orderBody('REQ-gone-1') });
    // Held as long, and received later: answered only after the abandoned order was done with.
    const next = await call(live.sandbox, SAVE_PATH, { token: live.token, body: orderBody('REQ-next-1') });

    expect(next.status).toBe(200);
    expect(placedPoNumbers()).toEqual(['REQ-gone-1', 'REQ-next-1']);
  });

  it('when the caller times out on a hung order, then the order commits once hang is lifted', async () => {
    live.sandbox.faults.hang(true);
    const pending = callRaw(live.sandbox, SAVE_PATH, {
      token: live.token,
      body: orderBody('REQ-gone-2'),
      signal: AbortSignal.timeout(100),
    });
    await received(SAVE_PATH, 1);
    await expect(pending).rejects.toThrow();
    expect(live.sandbox.orders()).toEqual([]);

    live.sandbox.faults.hang(false);
    await committed('the abandoned order to commit');
    expect(placedPoNumbers()).toEqual(['REQ-gone-2']);
  });

  it('when dropAbandonedOrders is on, then an order whose caller gave up while it was held takes no effect', async () => {
    live.sandbox.faults.dropAbandonedOrders(true);
    live.sandbox.faults.setLatency(300);
    await abandon(SAVE_PATH, { body: orderBody('REQ-gone-3') });
    const next = await call(live.sandbox, SAVE_PATH, { token: live.token, body: orderBody('REQ-next-3') });

    expect(next.status).toBe(200);
    expect(placedPoNumbers()).toEqual(['REQ-next-3']);
  });

  it('when a read is abandoned while latency holds it, then it takes no effect, not even on failNext', async () => {
    live.sandbox.faults.setLatency(300);
    await abandon(CONTACTS);
    live.sandbox.faults.failNext(1);

    expect((await call(live.sandbox, CONTACTS, { token: live.token })).status).toBe(503);
  });
});

describe('order timing', () => {
  it('when the commit is later than the answer, then the answer names an order not in the book yet, which shows later', async () => {
    live.sandbox.faults.orderTiming({ commitAfterMs: 400 });
    const placed = await call(live.sandbox, SAVE_PATH, { token: live.token, body: orderBody('REQ-late-1') });
    const { orderNo } = createOrderResultSchema.parse(placed.envelope.result);

    expect(live.sandbox.orders()).toEqual([]);
    expect(await listedOrderNos()).toEqual([]);
    expect((await orderDetails(orderNo)).status).toBe(404);

    await committed('the late commit');
    expect(live.sandbox.orders()).toEqual([expect.objectContaining({ orderNo, poNumber: 'REQ-late-1' })]);
    expect(await listedOrderNos()).toEqual([orderNo]);
    expect((await orderDetails(orderNo)).status).toBe(200);
  });

  it('when the commit is earlier than the answer and the caller times out, then the order stands', async () => {
    live.sandbox.faults.orderTiming({ commitAfterMs: 50, answerAfterMs: 60_000 });
    const pending = callRaw(live.sandbox, SAVE_PATH, {
      token: live.token,
      body: orderBody('REQ-early-1'),
      signal: AbortSignal.timeout(400),
    });
    const state = track(pending);

    await committed('the early commit');
    expect(state.settled).toBe(false);
    await expect(pending).rejects.toThrow();
    expect(placedPoNumbers()).toEqual(['REQ-early-1']);
    expect(await listedOrderNos()).toEqual(live.sandbox.orders().map((o) => o.orderNo));
  });

  it('when a timed order is refused, then the refusal waits for answerAfterMs and nothing commits', async () => {
    live.sandbox.faults.orderTiming({ answerAfterMs: 400 });
    const pending = call(live.sandbox, SAVE_PATH, { token: live.token, body: '{}' });
    const state = track(pending);
    await received(SAVE_PATH, 1);
    expect(state.settled).toBe(false);

    expect((await pending).envelope.code).toBe('parameter_validation_failed');
    expect(live.sandbox.orders()).toEqual([]);
  });

  it('when a hung order is released under a late commit, then the commit counts from the release', async () => {
    live.sandbox.faults.hang(true);
    live.sandbox.faults.orderTiming({ commitAfterMs: 400 });
    const pending = call(live.sandbox, SAVE_PATH, { token: live.token, body: orderBody('REQ-held-1') });
    await received(SAVE_PATH, 1);
    live.sandbox.faults.hang(false);

    expect((await pending).status).toBe(200);
    expect(live.sandbox.orders()).toEqual([]);
    await committed('the late commit');
    expect(placedPoNumbers()).toEqual(['REQ-held-1']);
  });

  it('when an order answer is lost and the commit is late, then the connection drops first and the order shows later, once', async () => {
    live.sandbox.faults.orderTiming({ commitAfterMs: 400 });
    live.sandbox.faults.loseNextOrderAnswers(1);
    const body = orderBody('REQ-lost-late');
    await expect(callRaw(live.sandbox, SAVE_PATH, { token: live.token, body })).rejects.toThrow();

    expect(live.sandbox.orders()).toEqual([]);
    await committed('the late commit');
    expect(placedPoNumbers()).toEqual(['REQ-lost-late']);
  });

  it('when an order answer is lost and the answer is late, then the order is committed before the connection drops', async () => {
    live.sandbox.faults.orderTiming({ answerAfterMs: 400 });
    live.sandbox.faults.loseNextOrderAnswers(1);
    const pending = callRaw(live.sandbox, SAVE_PATH, { token: live.token, body: orderBody('REQ-lost-slow') });
    const state = track(pending);

    await committed('the commit');
    expect(state.settled).toBe(false);
    await expect(pending).rejects.toThrow();
    expect(placedPoNumbers()).toEqual(['REQ-lost-slow']);
  });

  it('when only reads are made, then answerAfterMs does not hold them', async () => {
    live.sandbox.faults.orderTiming({ answerAfterMs: 60_000 });
    expect((await call(live.sandbox, CONTACTS, { token: live.token })).status).toBe(200);
  });
});

describe('order-list lag', () => {
  it('when the list lags, then a committed order is in Get Order Details at once but listed only later', async () => {
    live.sandbox.faults.listLag(400);
    const placed = await call(live.sandbox, SAVE_PATH, { token: live.token, body: orderBody('REQ-lag-1') });
    const { orderNo } = createOrderResultSchema.parse(placed.envelope.result);

    expect(live.sandbox.orders()).toEqual([expect.objectContaining({ orderNo })]);
    expect((await orderDetails(orderNo)).status).toBe(200);
    const before = await call(live.sandbox, ORDER_LIST, { token: live.token });
    expect(before.envelope.result).toMatchObject({ count: 0, total: 0, totalPage: 0, results: [] });

    await until(async () => (await listedOrderNos()).length > 0, 'the list to catch up');
    expect(await listedOrderNos()).toEqual([orderNo]);
  });

  it('when the list lags behind a late commit, then its lag counts from the commit', async () => {
    live.sandbox.faults.orderTiming({ commitAfterMs: 200 });
    live.sandbox.faults.listLag(300);
    await call(live.sandbox, SAVE_PATH, { token: live.token, body: orderBody('REQ-lag-2') });

    await committed('the late commit');
    expect(await listedOrderNos()).toEqual([]);
    await until(async () => (await listedOrderNos()).length > 0, 'the list to catch up');
    expect(placedPoNumbers()).toEqual(['REQ-lag-2']);
  });
});

describe('orders waiting for payment', () => {
  const statusOf = async (orderNo: string) =>
    (
      (await orderDetails(orderNo)).envelope.result as {
        orderInformation: { orderStatus: string };
      }
    ).orderInformation.orderStatus;

  it('when pendingOrders is on, then Create an Order answers pending, and the order stays so until it is paid', async () => {
    live.sandbox.faults.pendingOrders(true);
    const placed = await call(live.sandbox, SAVE_PATH, { token: live.token, body: orderBody('REQ-pay-1') });
    const { orderNo, orderStatus } = createOrderResultSchema.parse(placed.envelope.result);

    expect(orderStatus).toBe('pending');
    expect(await statusOf(orderNo)).toBe('pending');
    expect((await listedOrders()).map((o) => o.orderStatus)).toEqual(['pending']);
    live.sandbox.faults.pendingOrders(false);
    expect(await statusOf(orderNo)).toBe('pending');

    expect(live.sandbox.settleOrder(orderNo)).toBe(true);
    expect(await statusOf(orderNo)).toBe('succeed');
    expect((await listedOrders()).map((o) => o.orderStatus)).toEqual(['succeed']);
    expect(live.sandbox.orders()).toEqual([expect.objectContaining({ orderNo, orderStatus: 'succeed' })]);
    // Only a pending order can be settled.
    expect(live.sandbox.settleOrder(orderNo, 'cancelled')).toBe(false);
    expect(live.sandbox.settleOrder('TY0000')).toBe(false);
  });

  it('when pending orders are paid after a while, then an order answered pending turns succeed by itself', async () => {
    live.sandbox.faults.pendingOrders(true);
    live.sandbox.faults.payAfter(50);
    const placed = await call(live.sandbox, SAVE_PATH, { token: live.token, body: orderBody('REQ-pay-4') });
    const { orderNo, orderStatus } = createOrderResultSchema.parse(placed.envelope.result);
    expect(orderStatus).toBe('pending');

    await until(async () => (await statusOf(orderNo)) === 'succeed', 'the order paid by itself');
    expect(live.sandbox.orders()).toEqual([expect.objectContaining({ orderNo, orderStatus: 'succeed' })]);
  });

  it('when the list lags, then Get Order Details shows a payment at once and Query Order List only later', async () => {
    live.sandbox.faults.pendingOrders(true);
    const placed = await call(live.sandbox, SAVE_PATH, { token: live.token, body: orderBody('REQ-pay-2') });
    const { orderNo } = createOrderResultSchema.parse(placed.envelope.result);
    live.sandbox.faults.listLag(300);

    live.sandbox.settleOrder(orderNo, 'cancelled');

    expect(await statusOf(orderNo)).toBe('cancelled');
    expect((await listedOrders()).map((o) => o.orderStatus)).toEqual(['pending']);
    await until(
      async () => (await listedOrders())[0]?.orderStatus === 'cancelled',
      'the list to catch up with the status',
    );
  });

  it('when a pending order is paid through the control, then it is settled; an unknown or settled one is refused', async () => {
    await control('faults', { pendingOrders: true });
    const placed = await call(live.sandbox, SAVE_PATH, { token: live.token, body: orderBody('REQ-pay-3') });
    const { orderNo } = createOrderResultSchema.parse(placed.envelope.result);

    const paid = await control('pay', { orderNo });
    expect(paid).toMatchObject({ status: 200, envelope: { result: { orderNo, orderStatus: 'succeed' } } });
    expect(await statusOf(orderNo)).toBe('succeed');
    expect((await control('pay', { orderNo })).status).toBe(404);
    expect((await control('pay', { orderNo, orderStatus: 'paid' })).status).toBe(400);
  });
});

describe('references left out', () => {
  it('when omitListReferences is on, then list entries and order details have no poNumber or customReferenceNo key', async () => {
    live.sandbox.faults.omitListReferences(true);
    const placed = await call(live.sandbox, SAVE_PATH, { token: live.token, body: orderBody('REQ-bare-1') });
    const { orderNo } = createOrderResultSchema.parse(placed.envelope.result);

    const list = await call(live.sandbox, ORDER_LIST, { token: live.token });
    const [entry] = (list.envelope.result as { results: Array<Record<string, unknown>> }).results;
    const details = await orderDetails(orderNo);
    const info = (details.envelope.result as { orderInformation: Record<string, unknown> }).orderInformation;
    for (const shown of [entry ?? {}, info]) {
      expect(shown).toMatchObject({ orderNo });
      expect('poNumber' in shown).toBe(false);
      expect('customReferenceNo' in shown).toBe(false);
    }
    expect(placedPoNumbers()).toEqual(['REQ-bare-1']);

    live.sandbox.faults.omitListReferences(false);
    expect(await listedOrders()).toEqual([expect.objectContaining({ poNumber: 'REQ-bare-1' })]);
  });
});

describe('a 401 in the middle of a placement', () => {
  it('when order tokens are rejected, then only the save answers a 401, records nothing, and the same token places the next', async () => {
    live.sandbox.faults.rejectNextOrderTokens(1);
    expect((await call(live.sandbox, CONTACTS, { token: live.token })).status).toBe(200);
    expect((await issueToken(live.sandbox)).token).toBeTruthy();

    const refused = await call(live.sandbox, SAVE_PATH, { token: live.token, body: orderBody('REQ-401-1') });
    expect(refused.envelope).toMatchObject({ code: 'token_expired', status: 401 });
    expect(live.sandbox.orders()).toEqual([]);

    const placed = await call(live.sandbox, SAVE_PATH, { token: live.token, body: orderBody('REQ-401-1') });
    expect(placed.status).toBe(200);
    expect(placedPoNumbers()).toEqual(['REQ-401-1']);
  });

  it('when order tokens are rejected, then the refusal is the one an expired token gets', async () => {
    live.sandbox.faults.rejectNextOrderTokens(1);
    const rejected = await call(live.sandbox, SAVE_PATH, { token: live.token, body: orderBody('REQ-401-2') });
    live.sandbox.expireAllTokens();
    const expired = await call(live.sandbox, SAVE_PATH, { token: live.token, body: orderBody('REQ-401-2') });

    const { requestId: _rejected, ...refusal } = rejected.envelope;
    const { requestId: _expired, ...expiredRefusal } = expired.envelope;
    expect([rejected.status, refusal]).toEqual([expired.status, expiredRefusal]);
  });
});

describe('a slow token call', () => {
  it('when the token latency is set, then the token call waits while other calls are answered', async () => {
    live.sandbox.faults.setTokenLatency(400);
    const tokenCall = issueToken(live.sandbox);
    const state = track(tokenCall);
    await received(TOKEN_PATH, 2);

    expect((await call(live.sandbox, CONTACTS, { token: live.token })).status).toBe(200);
    expect(state.settled).toBe(false);
    expect((await tokenCall).token).toBeTruthy();
  });
});

describe('/__sandbox/ controls', () => {
  it('when faults are posted, then they take effect and the current switches are answered', async () => {
    const set = await control('faults', { failNext: 1, failStatus: 502, malformNext: 1, latencyMs: 0 });
    expect(set.status).toBe(200);
    expect(set.envelope.result).toEqual({
      latencyMs: 0,
      tokenLatencyMs: 0,
      failNext: 1,
      failStatus: 502,
      hang: false,
      loseNextOrderAnswers: 0,
      malformNext: 1,
      dropAbandonedOrders: false,
      commitAfterMs: 0,
      answerAfterMs: 0,
      listLagMs: 0,
      pendingOrders: false,
      payAfterMs: 0,
      omitListReferences: false,
      rejectNextOrderTokens: 0,
      reshape: [],
      ipRestricted: false,
      permissionDenied: false,
      trialsNeedBillingId: false,
      unshownBillingRequired: false,
      repricePercent: 0,
      pricingDown: false,
      pricingLatencyMs: 0,
    });
    expect((await callRaw(live.sandbox, CONTACTS, { token: live.token })).status).toBe(502);
    const garbled = await callRaw(live.sandbox, CONTACTS, { token: live.token });
    const text = await garbled.text();
    expect(() => parseJson(text)).toThrow();
  });

  it('when the pricing switches are posted, then prices change or the pricing endpoints fail at once, and clear resets them', async () => {
    const plan = '/pricing/openapi/purchase/v1/purchase/plan_info/3048560232537899008';
    const query = '?productId=11&productNo=3631E0997265&billingCycle=annually&multiCycle=2';
    const priced = async () => (await call(live.sandbox, `${plan}${query}`, { token: live.token })).envelope;
    expect((await priced()).result).toMatchObject({
      price: '500.00',
      currency: 'USD',
      billingCycle: 'annually',
    });

    expect((await control('faults', { repricePercent: -10 })).envelope.result).toMatchObject({
      repricePercent: -10,
    });
    expect((await priced()).result).toMatchObject({ price: '450.00' });
    // Down pricing answers first, and leaves the countdowns to the calls they are armed for.
    await control('faults', { pricingDown: true, pricingLatencyMs: 1, failNext: 1, failStatus: 502 });
    expect((await priced()).status).toBe(503);
    expect((await call(live.sandbox, CONTACTS, { token: live.token })).status).toBe(502);
    expect((await call(live.sandbox, CONTACTS, { token: live.token })).status).toBe(200);

    live.sandbox.faults.clear();
    expect((await priced()).result).toMatchObject({ price: '500.00' });
  });

  it('when the order-desk switches are posted, then the answer reports each as set, and clear resets them', async () => {
    const posted = {
      dropAbandonedOrders: true,
      commitAfterMs: 40,
      answerAfterMs: 30,
      listLagMs: 20,
      pendingOrders: true,
      omitListReferences: true,
      rejectNextOrderTokens: 2,
      tokenLatencyMs: 10,
    };
    const set = await control('faults', posted);
    expect(set.status).toBe(200);
    expect(set.envelope.result).toMatchObject(posted);
    expect((await control('faults', {})).envelope.result).toMatchObject(posted);

    live.sandbox.faults.clear();
    expect((await control('faults', {})).envelope.result).toMatchObject({
      dropAbandonedOrders: false,
      commitAfterMs: 0,
      answerAfterMs: 0,
      listLagMs: 0,
      pendingOrders: false,
      payAfterMs: 0,
      omitListReferences: false,
      rejectNextOrderTokens: 0,
      tokenLatencyMs: 0,
    });
  });

  it('when one part of the order timing is posted, then the other keeps its value', async () => {
    await control('faults', { commitAfterMs: 40 });
    const set = await control('faults', { answerAfterMs: 30 });
    expect(set.envelope.result).toMatchObject({ commitAfterMs: 40, answerAfterMs: 30 });
  });

  it('when a negative delay is posted, then it is refused and nothing changes', async () => {
    const set = await control('faults', { commitAfterMs: -1, listLagMs: 5 });
    expect(set.status).toBe(400);
    expect((await control('faults', {})).envelope.result).toMatchObject({ commitAfterMs: 0, listLagMs: 0 });
  });

  it('when hang is posted and then lifted, then the held request is answered', async () => {
    await control('faults', { hang: true });
    const pending = call(live.sandbox, CONTACTS, { token: live.token });
    await received(CONTACTS, 1);
    await control('faults', { hang: false });
    expect((await pending).status).toBe(200);
  });

  it('when lost order answers are posted, then the next order is recorded without an answer', async () => {
    await control('faults', { loseNextOrderAnswers: 1 });
    await expect(
      callRaw(live.sandbox, SAVE_PATH, { token: live.token, body: tutorialRequest('renew-ycm-white-label') }),
    ).rejects.toThrow();
    expect(live.sandbox.orders()).toHaveLength(1);
  });

  it('when shape changes are posted, then the endpoint answers without, with an added or with a retyped field, and other endpoints as before', async () => {
    const reshape = [
      { endpoint: CONTACTS, field: '[].billingContactId', change: 'drop' },
      { endpoint: CONTACTS, field: '[].vatId', change: 'add' },
      { endpoint: CONTACTS, field: '[].company', change: 'retype' },
      { endpoint: ORDER_LIST, field: 'results[].orderNo', change: 'drop' },
    ];
    expect((await control('faults', { reshape })).envelope.result).toMatchObject({ reshape });

    const [contact] = (await call(live.sandbox, CONTACTS, { token: live.token })).envelope.result as Record<
      string,
      unknown
    >[];
    expect(contact).not.toHaveProperty('billingContactId');
    expect(contact).toMatchObject({ vatId: 'added by the sandbox', company: true, firstName: 'Mia' });
    const users = (
      await call(live.sandbox, '/user/openapi/user/v1/client/partner_list', { token: live.token })
    ).envelope.result as Record<string, unknown>[];
    expect(users[0]).toHaveProperty('partnerId');

    await control('faults', { reshape: [] });
    expect((await call(live.sandbox, CONTACTS, { token: live.token })).envelope.result).toEqual(
      expect.arrayContaining([expect.objectContaining({ billingContactId: '3197218168379846218' })]),
    );
  });

  it('when the IP restriction is posted, then every call, the token call too, is refused with a 403 naming the restriction', async () => {
    await control('faults', { ipRestricted: true });

    const token = await postForm(live.sandbox, {
      grant_type: 'pp_credentials',
      client_id: 'sandbox',
      client_secret: 'sandbox-secret',
    });
    const contacts = await call(live.sandbox, CONTACTS, { token: live.token });

    for (const refused of [token, contacts]) {
      expect(refused.status).toBe(403);
      expect(refused.envelope).toMatchObject({ code: 'ip_restricted', status: 403 });
      expect(refused.envelope.detailMessage).toMatch(/Client IP Restriction does not allow/);
    }
    await control('faults', { ipRestricted: false });
    expect((await call(live.sandbox, CONTACTS, { token: live.token })).status).toBe(200);
  });

  it('when the permission is withheld, then a token is still issued but every other call is refused with a 403', async () => {
    await control('faults', { permissionDenied: true });

    const token = await issueToken(live.sandbox);
    const contacts = await call(live.sandbox, CONTACTS, { token: token.token });

    expect(contacts.status).toBe(403);
    expect(contacts.envelope).toMatchObject({ code: 'no_permission', status: 403 });
    expect(live.sandbox.orders()).toEqual([]);
  });

  it('when a shape change names no field path, then it is refused and nothing changes', async () => {
    const set = await control('faults', { reshape: [{ endpoint: CONTACTS, field: 'a..b', change: 'drop' }] });
    expect(set.status).toBe(400);
    expect((await control('faults', {})).envelope.result).toMatchObject({ reshape: [] });
  });

  it('when clear is posted with new switches, then the old ones are reset first', async () => {
    live.sandbox.faults.failNext(3);
    const set = await control('faults', { clear: true, latencyMs: 5 });
    expect(set.envelope.result).toMatchObject({ failNext: 0, latencyMs: 5 });
    expect((await call(live.sandbox, CONTACTS, { token: live.token })).status).toBe(200);
  });

  it('when an unknown switch is posted, then it is refused and nothing changes', async () => {
    const set = await control('faults', { failNxt: 2 });
    expect(set.status).toBe(400);
    expect((await call(live.sandbox, CONTACTS, { token: live.token })).status).toBe(200);
  });

  it('when expire-tokens is posted, then issued access tokens are refused', async () => {
    expect((await control('expire-tokens', {})).status).toBe(200);
    const answer = await call(live.sandbox, CONTACTS, { token: live.token });
    expect(answer.status).toBe(401);
    expect(answer.envelope.code).toBe('token_expired');
  });

  it('when the recorded orders are read, then each comes with its raw body and time', async () => {
    const body = tutorialRequest('renew-p-series-turnkey-package');
    const placed = await call(live.sandbox, SAVE_PATH, { token: live.token, body });
    const { orderNo } = createOrderResultSchema.parse(placed.envelope.result);

    const listed = await control('orders');
    expect(listed.status).toBe(200);
    expect(listed.envelope.result).toEqual([
      expect.objectContaining({ orderNo, productId: 14, operationType: 'renew_plan', rawBody: body }),
    ]);
    const [order] = listed.envelope.result as Array<{ createdAt: string }>;
    expect(Number.isNaN(Date.parse(order?.createdAt ?? ''))).toBe(false);
  });

  it('when an unknown control is called, then 404 is answered', async () => {
    expect((await control('reboot', {})).status).toBe(404);
  });
});
