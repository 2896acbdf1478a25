import { createOrderResultSchema, orderDetailSchema, orderPageSchema } from '../../../src/yeastar/schemas';
import {
  call,
  editTutorial,
  SAVE_PATH,
  TUTORIALS,
  tutorialRequest,
  tutorialResponse,
  useSandbox,
  withFields,
} from './client';

const live = useSandbox('each');
async function orderList(query = '') {
  const answer = await call(live.sandbox, `/order/openapi/order/v1/page${query}`, { token: live.token });
  return orderPageSchema.parse(answer.envelope.result);
}

async function orderDetail(id: string) {
  const answer = await call(live.sandbox, `/order/openapi/order/v1/get/${id}`, { token: live.token });
  expect(answer.status).toBe(200);
  return orderDetailSchema.parse(answer.envelope.result);
}

describe.each(TUTORIALS)('tutorial %s', (name) => {
  it('when its request body is sent verbatim, then the order succeeds in the tutorial shape and is recorded', async () => {
    const body = tutorialRequest(name);
    const answer = await call(live.sandbox, SAVE_PATH, { token: live.token, body });

    expect(answer.status).toBe(200);
    expect(answer.envelope).toMatchObject({ code: 'success', detailMessage: '', status: 200 });
    expect(answer.envelope.requestId).toMatch(/^[0-9a-f]{32}$/);
    const result = createOrderResultSchema.parse(answer.envelope.result);
    const expected = createOrderResultSchema.parse((tutorialResponse(name) as { result: unknown }).result);
    expect(result.orderStatus).toBe(expected.orderStatus);
    expect(result.productNo).toBe(expected.productNo);
    expect(result.orderNo).toMatch(/^[A-Z]{2}\d{19}$/);
    expect(result.transactionNo).toMatch(/^[A-Z]{2}\d{19}$/);
    expect(result.instanceId).toMatch(/^\d{7}$/);

    const [recorded] = live.sandbox.orders();
    expect(live.sandbox.orders()).toHaveLength(1);
    expect(recorded).toMatchObject({
      orderId: result.orderId,
      orderNo: result.orderNo,
      transactionNo: result.transactionNo,
      instanceId: result.instanceId,
      productNo: result.productNo,
      rawBody: body,
    });
  });

  it('when the order is placed with a poNumber, then Query Order List and Get Order Details echo it', async () => {
    const placed = await call(live.sandbox, SAVE_PATH, {
      token: live.token,
      body: withFields(name, '"poNumber":"REQ-8f3a"'),
    });
    const result = createOrderResultSchema.parse(placed.envelope.result);

    const page = await orderList();
    expect(page.total).toBe(1);
    expect(page.results[0]).toMatchObject({
      id: result.orderId,
      orderNo: result.orderNo,
      orderStatus: 'succeed',
      poNumber: 'REQ-8f3a',
      customReferenceNo: 'REQ-8f3a',
      currencyCode: 'USD',
      transactionNo: result.transactionNo,
      instanceId: result.instanceId,
      productNo: result.productNo,
    });
    expect(live.sandbox.orders()[0]?.poNumber).toBe('REQ-8f3a');

    for (const id of [result.orderId ?? '', result.orderNo]) {
      const detail = await orderDetail(id);
      expect(detail.orderInformation.poNumber).toBe('REQ-8f3a');
      expect(detail.basicInformation.productNo).toBe(result.productNo);
      expect(detail.billingInformation?.billingContactId).toBe('3197218168379846218');
    }
  });
});

describe('orders', () => {
  it('when a billing contact ID beyond 2^53 is sent, then the order is placed for exactly that contact', async () => {
    const body = editTutorial('renew-ycm-white-label', ['3197218168379846218', '3090000000000000001']);
    const placed = await call(live.sandbox, SAVE_PATH, { token: live.token, body });
    expect(placed.status).toBe(200);

    const detail = await orderDetail(createOrderResultSchema.parse(placed.envelope.result).orderNo);
    expect(detail.billingInformation?.billingContactId).toBe('3090000000000000001');
    expect(detail.orderSummary?.serviceList).toEqual([
      expect.objectContaining({ serviceId: '3341070434683027456' }),
    ]);
  });

  it('when several orders are placed, then the order list pages them newest first', async () => {
    for (const name of TUTORIALS)
      await call(live.sandbox, SAVE_PATH, { token: live.token, body: tutorialRequest(name) });
    const newestFirst = live.sandbox
      .orders()
      .map((o) => o.orderNo)
      .reverse();

    const all = await orderList('?pageNo=1&pageSize=25&sort=id');
    expect(all.results.map((o) => o.orderNo)).toEqual(newestFirst);

    const second = await orderList('?pageNo=2&pageSize=2');
    expect(second).toMatchObject({ count: 5, total: 5, pageNo: 2, pageSize: 2, totalPage: 3 });
    expect(second.results.map((o) => o.orderNo)).toEqual(newestFirst.slice(2, 4));
  });

  it('when a subordinate user renews at their own current count, then the order is placed on their instance', async () => {
    const body = editTutorial(
      'renew-p-series-turnkey-package',
      ['"quantity": 100', '"quantity": 40'],
      [/^\{/, '{"partnerId":"3102345678901234567",'],
    );
    const placed = await call(live.sandbox, SAVE_PATH, { token: live.token, body });
    expect(placed.status).toBe(200);
    expect(createOrderResultSchema.parse(placed.envelope.result).productNo).toBe('3102345678901234567');
  });

  it('when an unknown order is asked for, then Get Order Details answers 404', async () => {
    const answer = await call(live.sandbox, '/order/openapi/order/v1/get/1234567', { token: live.token });
    expect(answer.status).toBe(404);
    expect(answer.envelope).toMatchObject({ code: 'not_found', status: 404 });
  });
});
