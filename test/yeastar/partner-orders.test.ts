import { Deadline } from '../../src/orders/deadline';
import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import { PartnerApiOrders } from '../../src/yeastar/partner-orders';
import { applianceOrder, sandboxClient } from './support/sandbox-client';

/** The workflow's Partner API orders port, over the client, against the sandbox. */

const SAVE_PATH = '/order/openapi/order/v1/save';
const soon = () => Deadline.after(2000);

let sandbox: PartnerApiSandbox;
let orders: PartnerApiOrders;

beforeEach(async () => {
  sandbox = await startPartnerApiSandbox();
  orders = new PartnerApiOrders(sandboxClient(sandbox, { timeoutMs: 1000, retry: { maxAttempts: 1 } }));
});
afterEach(() => sandbox.close());

describe('placing', () => {
  it('when Yeastar takes the order, then the outcome is placed with its numbers, and the bytes went out unchanged', async () => {
    const body = applianceOrder('PO-PORT-1');

    const outcome = await orders.place(body, soon());

    const [order] = sandbox.orders();
    expect(outcome).toEqual({
      kind: 'placed',
      order: {
        orderNo: order?.orderNo,
        orderId: order?.orderId,
        orderStatus: 'succeed',
        transactionNo: order?.transactionNo,
        instanceId: order?.instanceId,
      },
    });
    expect(order?.rawBody).toBe(body);
  });

  it('when Yeastar refuses the order, then the outcome is refused with its words; when it fails or says nothing, unknown', async () => {
    expect(await orders.place('{"productId":11}', soon())).toMatchObject({
      kind: 'refused',
      failure: { code: 'parameter_validation_failed', httpStatus: 400, apiRequestId: expect.any(String) },
    });
    sandbox.faults.failNext(1, 502);
    expect(await orders.place(applianceOrder('PO-502'), soon())).toMatchObject({
      kind: 'unknown',
      reason: expect.stringContaining('502'),
    });
    sandbox.faults.loseNextOrderAnswers(1);
    expect(await orders.place(applianceOrder('PO-LOST'), soon())).toMatchObject({ kind: 'unknown' });
  });

  it('when the token is refused mid-placement (401), then it is renewed and the same bytes are sent once more, within the deadline', async () => {
    await orders.prepare(soon());
    sandbox.faults.rejectNextOrderTokens(1);
    const body = applianceOrder('PO-401-PORT');

    const outcome = await orders.place(body, soon());

    expect(outcome.kind).toBe('placed');
    expect(sandbox.requestCount(SAVE_PATH)).toBe(2);
    expect(sandbox.orders().map((o) => o.rawBody)).toEqual([body]);
  });

  it('when the renewed token after a 401 comes too slowly, then the attempt ends at its deadline, refused as not sent, and nothing was taken', async () => {
    await orders.prepare(soon());
    sandbox.faults.rejectNextOrderTokens(1);
    sandbox.faults.setTokenLatency(5000);

    const outcome = await orders.place(applianceOrder('PO-401-SLOW'), Deadline.after(300));

    expect(outcome).toMatchObject({
      kind: 'refused',
      failure: {
        code: 'timeout',
        detailMessage: expect.stringMatching(/^The order was not sent.*within 300 ms/),
      },
    });
    expect(sandbox.orders()).toEqual([]);
  });

  it('when no token can be had before the claim, then preparing fails saying the order was not sent', async () => {
    sandbox.faults.setTokenLatency(5000);

    const ready = await orders.prepare(Deadline.after(200));

    expect(ready).toMatchObject({
      ok: false,
      failure: {
        code: 'timeout',
        detailMessage: expect.stringMatching(/^The order was not sent: no Partner API access token/),
      },
    });
    expect(sandbox.requestCount(SAVE_PATH)).toBe(0);
  });
});

describe('reading orders', () => {
  it('when the list is read page by page, then each page says whether it is the last, and the references are as listed', async () => {
    await orders.place(applianceOrder('PO-LIST-1'), soon());

    const page = await orders.listOrders(1, soon());

    expect(page.last).toBe(true);
    expect(page.orders).toEqual([
      expect.objectContaining({ poNumber: 'PO-LIST-1', customReferenceNo: 'PO-LIST-1', productId: 11 }),
    ]);
  });

  it('when the list leaves the references out, then they are absent, not empty', async () => {
    await orders.place(applianceOrder('PO-HIDDEN'), soon());
    sandbox.faults.omitListReferences(true);

    const [order] = (await orders.listOrders(1, soon())).orders;

    expect(order).toBeDefined();
    expect(order && 'poNumber' in order).toBe(false);
    expect(order && 'customReferenceNo' in order).toBe(false);
  });

  it('when an order is looked up by its number, then it comes with its product; an unknown number is undefined; a failure throws', async () => {
    const placed = await orders.place(applianceOrder('PO-DETAIL'), soon());
    const orderNo = placed.kind === 'placed' ? placed.order.orderNo : '';

    await expect(orders.getOrder(orderNo, soon())).resolves.toMatchObject({ orderNo, productId: 11 });
    await expect(orders.getOrder('TY0000000000000000001', soon())).resolves.toBeUndefined();
    sandbox.faults.failNext(1, 503);
    await expect(orders.getOrder(orderNo, soon())).rejects.toThrow(/503/);
  });
});
