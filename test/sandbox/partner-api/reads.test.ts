import {
  billingContactListSchema,
  instanceProductPageSchema,
  orderPageSchema,
  productDetailSchema,
  productListSchema,
  purchaseProductInfoSchema,
  subordinateUserListSchema,
  subordinateUserSchema,
} from '../../../src/yeastar/schemas';
import { call, useSandbox } from './client';

const live = useSandbox('all');
async function get(path: string) {
  return call(live.sandbox, path, { token: live.token });
}

async function result(path: string): Promise<unknown> {
  const answer = await get(path);
  expect(answer.status).toBe(200);
  expect(answer.envelope).toMatchObject({ code: 'success', detailMessage: '', status: 200 });
  return answer.envelope.result;
}

const PRODUCT_INFO = '/pricing/openapi/purchase/v1/purchase_product_info';
const INSTANCES = '/product/openapi/instance_product/v1/client/instance_product_list';
const DETAIL = '/product/openapi/instance_product/v1/detail';

describe('catalog', () => {
  it('when the product list is read, then it parses and names every product the tutorials use', async () => {
    const products = productListSchema.parse(await result('/pricing/openapi/purchase/v1/product_list'));
    expect(products.map((p) => p.productId)).toEqual([9, 11, 12, 13, 14, 15, 19, 20, 21]);
    expect(products).toEqual(
      expect.arrayContaining([
        { productId: 11, name: 'P-Series Plan for Appliance Edition' },
        { productId: 14, name: 'P-Series Turnkey Package' },
        { productId: 19, name: 'Add-on Service' },
        { productId: 20, name: 'Remote Management Premium' },
        { productId: 21, name: 'RM Premium' },
      ]),
    );
  });

  it('when purchase_product_info is read, then IDs come as raw JSON integers and parse losslessly', async () => {
    const answer = await get(`${PRODUCT_INFO}?productId=19`);
    expect(answer.text).toContain('"serviceId":3341070434683027456');
    const info = purchaseProductInfoSchema.parse(answer.envelope.result);
    expect(info.serviceList).toEqual(
      expect.arrayContaining([
        { serviceId: '3341070434683027456', name: 'YCM White Label', purchaseType: 'purchase' },
      ]),
    );
    expect(info.serviceList.map((s) => s.name)).toEqual([
      'PCE White Label',
      'PSE White Label',
      'YCM White Label',
    ]);
  });

  it.each([
    [14, 'planList', 'P-Series Turnkey Package', '3048941892189077504'],
    [20, 'serviceList', 'Remote Management Premium', '3375818821640175616'],
    [21, 'serviceList', 'RM Premium', '3375819276601303040'],
    [13, 'planList', 'Enterprise Plan', '3048571730026938368'],
    [13, 'serviceList', 'High Availability', '3048573935752720384'],
  ] as const)(
    'when product %i is read, then its %s offers %s with ID %s',
    async (productId, list, name, id) => {
      const info = purchaseProductInfoSchema.parse(await result(`${PRODUCT_INFO}?productId=${productId}`));
      const offers = info[list].map((o) => ({ name: o.name, id: 'planId' in o ? o.planId : o.serviceId }));
      expect(offers).toContainEqual({ name, id });
    },
  );

  it('when the appliance product is read with its PBX serial number, then the three plans and hotel services are listed', async () => {
    const info = purchaseProductInfoSchema.parse(
      await result(`${PRODUCT_INFO}?productId=11&productNo=3631E0997265`),
    );
    expect(info.planList.map((p) => [p.name, p.planId])).toEqual([
      ['Standard Plan', '3048558946648207360'],
      ['Enterprise Plan', '3048560232537899008'],
      ['Ultimate Plan', '3048560606464323584'],
    ]);
    expect(info.serviceList.map((s) => [s.name, s.serviceId])).toContainEqual([
      'Hotel Module',
      '3299326068732223488',
    ]);
    expect(info.serviceList.map((s) => s.name)).toEqual(['Hotel PMS Integration', 'Hotel Module']);
  });

  it('when Linkus Cloud Service is read for an S-Series PBX, then both plans carry the guide’s IDs', async () => {
    const info = purchaseProductInfoSchema.parse(
      await result(`${PRODUCT_INFO}?productId=9&productNo=3630D1764402`),
    );
    expect(info.planList.map((p) => [p.name, p.planId])).toEqual([
      ['Linkus Cloud Service', '3048918321840570368'],
      ['Linkus Cloud Service Pro', '3048918719332507648'],
    ]);
  });

  it.each([
    [
      'the appliance product has no productNo',
      `${PRODUCT_INFO}?productId=11`,
      400,
      'parameter_validation_failed',
    ],
    ['productId is missing', PRODUCT_INFO, 400, 'parameter_validation_failed'],
    ['the product is unknown', `${PRODUCT_INFO}?productId=77`, 404, 'not_found'],
  ])('when %s, then purchase_product_info refuses with %i', async (_when, path, status, code) => {
    const answer = await get(path);
    expect(answer.status).toBe(status);
    expect(answer.envelope.code).toBe(code);
  });
});

describe('users', () => {
  it('when the billing contacts are read, then they parse and keep the ID beyond 2^53 exact', async () => {
    const contacts = billingContactListSchema.parse(
      await result('/user/openapi/user/v1/client/billing_contact_list'),
    );
    expect(contacts.map((c) => c.billingContactId)).toEqual(
      expect.arrayContaining(['3197218168379846218', '3090000000000000001']),
    );
    expect(contacts.every((c) => c.emailAddress.includes('@') && c.company !== '')).toBe(true);
  });

  it('when the subordinate users are read, then they parse as end users with string IDs', async () => {
    const answer = await get('/user/openapi/user/v1/client/partner_list');
    expect(answer.text).toContain('"partnerId":"3076915454489739264"');
    const users = subordinateUserListSchema.parse(answer.envelope.result);
    expect(users.length).toBeGreaterThanOrEqual(3);
    expect(new Set(users.map((u) => u.userType))).toEqual(new Set(['Enduser']));
  });

  it.each(['3076915454489739264', 'color123@yeastar.com'])(
    'when a subordinate user is read by %s, then that user is answered',
    async (id) => {
      const user = subordinateUserSchema.parse(await result(`/user/openapi/user/v1/subordinate_user/${id}`));
      expect(user).toMatchObject({ partnerId: '3076915454489739264', company: 'Color Ltd' });
    },
  );
});

describe('instances', () => {
  it('when the appliance PBXs are listed, then the tutorial PBX is there, activated', async () => {
    const page = instanceProductPageSchema.parse(
      await result(`${INSTANCES}?productId=11&pageNo=1&pageSize=25`),
    );
    expect(page.results.map((i) => i.productNo)).toEqual(
      expect.arrayContaining(['3631E0997265', '3631E3418911']),
    );
    expect(page.results.find((i) => i.productNo === '3631E0997265')?.activationStatus).toBe('activated');
    expect(page.results.find((i) => i.productNo === '3631E3418911')?.assignId).toBe('3076915454489739264');
  });

  it.each([
    [
      14,
      [
        { planId: '3048941892189077504', quantity: 100, billingCycle: 'annually' },
        { serviceId: '3048942310987654144', quantity: 20, billingCycle: 'annually' },
      ],
    ],
    [21, [{ serviceId: '3375819276601303040', quantity: 10, billingCycle: 'annually' }]],
    [19, [{ serviceId: '3341070434683027456', billingCycle: 'annually' }]],
    [15, [{ planId: '3102233445566778880', quantity: 50, billingCycle: 'annually' }]],
  ])(
    'when product %i is listed, then the account’s own instances carry what a renewal needs',
    async (productId, current) => {
      const page = instanceProductPageSchema.parse(await result(`${INSTANCES}?productId=${productId}`));
      const own = page.results.filter((i) => i.assignId === undefined);
      expect(own).toEqual(
        current.map((held) => expect.objectContaining({ productNo: '3076913644890832896', ...held })),
      );
    },
  );

  it('when a PBX holds a plan and a service, then it is listed once for each, with its count and cycle', async () => {
    const page = instanceProductPageSchema.parse(await result(`${INSTANCES}?productId=13`));
    expect(page.results.filter((i) => i.productNo === '3658B4311196D7E5')).toEqual([
      expect.objectContaining({ planId: '3048572026291630080', quantity: 120, billingCycle: 'annually' }),
      expect.objectContaining({ serviceId: '3048573759449317376', quantity: 1000, billingCycle: 'annually' }),
    ]);
  });

  it('when the list is reshaped to leave billingCycle out, then its entries come without it', async () => {
    live.sandbox.faults.reshape([{ endpoint: INSTANCES, field: 'results[].billingCycle', change: 'drop' }]);
    try {
      const answer = await get(`${INSTANCES}?productId=14`);
      const entries = (answer.envelope.result as { results: object[] }).results;
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) expect(entry).not.toHaveProperty('billingCycle');
    } finally {
      live.sandbox.faults.clear();
    }
  });

  it('when instances are paged, then each page holds its slice and the totals', async () => {
    const page = instanceProductPageSchema.parse(
      await result(`${INSTANCES}?productId=11&pageNo=2&pageSize=3`),
    );
    expect(page).toMatchObject({ count: 4, total: 4, pageNo: 2, pageSize: 3, totalPage: 2 });
    expect(page.results).toHaveLength(1);
  });

  it('when productId is missing from the instance list, then 400 names it', async () => {
    const answer = await get(INSTANCES);
    expect(answer.status).toBe(400);
    expect(answer.envelope.result).toEqual({ field: 'productId', tag: 'required' });
  });

  it('when a PBX’s details are read, then they parse with the product detail schema', async () => {
    const detail = productDetailSchema.parse(await result(`${DETAIL}?productNo=3631E0997265&productId=11`));
    expect(detail).toMatchObject({
      activationStatus: 'activated',
      currentPlan: '',
      currentPlanExpireDate: '',
    });
    expect(detail.createTime).toBeGreaterThan(0);
  });

  it('when details of an unknown serial number are read, then 404 is answered', async () => {
    const answer = await get(`${DETAIL}?productNo=3631E0000000&productId=11`);
    expect(answer.status).toBe(404);
  });

  it('when a PBX’s model is read, then it is answered', async () => {
    const model = await result(
      '/product/openapi/instance/v1/product_model?productNo=3631E3418911&productId=11',
    );
    expect(model).toEqual({ productModel: 'P570' });
  });
});

describe('orders', () => {
  it('when no order was placed, then the order list parses and is empty', async () => {
    const page = orderPageSchema.parse(await result('/order/openapi/order/v1/page'));
    expect(page).toEqual({ count: 0, total: 0, pageNo: 1, pageSize: 25, totalPage: 0, results: [] });
  });

  it('when pageSize is not a positive integer, then the order list refuses naming it', async () => {
    const answer = await get('/order/openapi/order/v1/page?pageSize=0');
    expect(answer.status).toBe(400);
    expect(answer.envelope.result).toMatchObject({ field: 'pageSize' });
  });
});
