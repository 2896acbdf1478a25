import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import { PartnerApiNotFoundError, PartnerApiServerError, parseJson, stringifyJson } from '../../src/yeastar';
import { applianceOrder, sandboxClient, tutorialRequestText } from './support/sandbox-client';

const ORDER_PAGE = '/order/openapi/order/v1/page';

describe('PartnerApiClient against the sandbox', () => {
  let sandbox: PartnerApiSandbox;

  beforeEach(async () => {
    sandbox = await startPartnerApiSandbox({});
  });
  afterEach(() => sandbox.close());

  test('when listing the catalog and the account, then the seeded entries come back typed', async () => {
    const client = sandboxClient(sandbox);

    const products = await client.listProducts();
    const contacts = await client.listBillingContacts();
    const users = await client.listSubordinateUsers();
    const offer = await client.getPurchaseProductInfo({ productId: 11, productNo: '3631E0997265' });

    expect(products.map((p) => p.productId)).toEqual(expect.arrayContaining([11, 14, 19, 20, 21]));
    expect(contacts.map((c) => c.billingContactId)).toEqual(
      expect.arrayContaining(['3197218168379846218', '3090000000000000001']),
    );
    expect(users.length).toBeGreaterThan(0);
    expect(users.every((u) => /^\d+$/.test(u.partnerId))).toBe(true);
    expect(offer.productId).toBe(11);
    expect(offer.planList.map((p) => p.planId)).toContain('3048560232537899008');
  });

  test('when listing every instance of a product, then the PBX and its details are found', async () => {
    const client = sandboxClient(sandbox);

    const instances = await client.listAllInstanceProducts({ productId: 11 });
    const detail = await client.getProductDetail({ productId: 11, productNo: '3631E0997265' });

    expect(instances.map((i) => i.productNo)).toContain('3631E0997265');
    expect(['unknown', 'unactivated', 'activated']).toContain(detail.activationStatus);
  });

  test('when placing the tutorial order, then the API receives its body byte for byte and answers as the tutorial', async () => {
    const client = sandboxClient(sandbox);

    const result = await client.createOrder(applianceOrder());

    expect(result).toMatchObject({ orderStatus: 'succeed', productNo: '3631E0997265' });
    expect(result.orderNo).toMatch(/^[A-Z]{2}\d{19}$/);
    const [placed] = sandbox.orders();
    expect(placed?.rawBody).toBe(
      stringifyJson(parseJson(tutorialRequestText('purchase-p-series-appliance-plan'))),
    );
    expect(placed?.rawBody).toContain('"billingId":3197218168379846218');
  });

  test('when an order is looked up by id or number, then its details name the product and the PBX', async () => {
    const client = sandboxClient(sandbox);
    const placed = await client.createOrder(applianceOrder('PO-DETAIL-1'));

    const byId = await client.getOrder(placed.orderId ?? '');
    const byNumber = await client.getOrder(placed.orderNo);

    expect(byId.basicInformation).toMatchObject({ productId: '11', productNo: '3631E0997265' });
    expect(byId.orderInformation.poNumber).toBe('PO-DETAIL-1');
    expect(byNumber.orderInformation.id).toBe(byId.orderInformation.id);
  });

  test('when an order id is unknown, then the lookup fails with a not-found error', async () => {
    const client = sandboxClient(sandbox);

    await expect(client.getOrder('4242424242')).rejects.toBeInstanceOf(PartnerApiNotFoundError);
  });

  test('when searching the order list by reference, then the matching order is found among others', async () => {
    const client = sandboxClient(sandbox);
    await client.createOrder(applianceOrder('PO-FIND-1'));
    const wanted = await client.createOrder(applianceOrder('PO-FIND-2'));
    await client.createOrder(applianceOrder('PO-FIND-3'));

    const found = await client.findOrderByReference('PO-FIND-2');

    expect(found?.orderNo).toBe(wanted.orderNo);
  });

  test('when no order carries the reference, then the search answers undefined after reading every page', async () => {
    const client = sandboxClient(sandbox);
    await client.createOrder(applianceOrder('PO-OTHER'));

    await expect(client.findOrderByReference('PO-MISSING')).resolves.toBeUndefined();
    expect(sandbox.requestCount(ORDER_PAGE)).toBe(1);
  });

  test('when the order list spans more pages than allowed, then the search throws instead of answering', async () => {
    const client = sandboxClient(sandbox);
    // 101 orders are two pages of 100.
    for (let i = 0; i < 101; i++) await client.createOrder(applianceOrder(`PO-BULK-${i}`));

    await expect(client.findOrderByReference('PO-MISSING', { maxPages: 1 })).rejects.toThrow(
      'the order list has more than 1 pages',
    );
    await expect(client.findOrderByReference('PO-MISSING')).resolves.toBeUndefined();
    await expect(client.findOrderByReference('PO-BULK-0')).resolves.toMatchObject({ poNumber: 'PO-BULK-0' });
  });

  test('when the order list cannot be read, then the search throws rather than report no order', async () => {
    const client = sandboxClient(sandbox, { retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 } });
    await client.listProducts();
    sandbox.faults.failNext(2, 503);

    await expect(client.findOrderByReference('PO-ANY')).rejects.toBeInstanceOf(PartnerApiServerError);
  });
});
