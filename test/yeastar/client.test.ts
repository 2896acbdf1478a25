import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import { PartnerApiNotFoundError, parseJson, stringifyJson } from '../../src/yeastar';
import { applianceOrder, sandboxClient, tutorialRequestText } from './support/sandbox-client';

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
});
