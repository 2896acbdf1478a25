import { Deadline } from '../../src/orders/deadline';
import { addAmounts, samePrice } from '../../src/orders/price';
import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import { ACCOUNT } from '../../src/sandbox/partner-api/seed';
import type { CreateOrderBody } from '../../src/yeastar';
import { parseJson } from '../../src/yeastar';
import { PartnerApiPrices } from '../../src/yeastar/partner-prices';
import { applianceBody, sandboxClient, tutorialRequestText } from './support/sandbox-client';
import { envelopeText, startScriptedApi, withToken } from './support/scripted-api';

/** The workflow's prices port, over the client, against the sandbox's price list. */

const PLAN_INFO = '/pricing/openapi/purchase/v1/purchase/plan_info/3048560232537899008';
const soon = () => Deadline.after(2000);

let sandbox: PartnerApiSandbox;
let prices: PartnerApiPrices;

beforeEach(async () => {
  sandbox = await startPartnerApiSandbox();
  const client = sandboxClient(sandbox, { timeoutMs: 1000, retry: { maxAttempts: 1 } });
  prices = new PartnerApiPrices(client, { deadlineMs: 1000 });
});
afterEach(() => sandbox.close());

/** The Turnkey renewal of the tutorial, with 20 extensions renewed alongside its plan. */
function turnkeyWithService(): CreateOrderBody {
  const body = parseJson(tutorialRequestText('renew-p-series-turnkey-package')) as CreateOrderBody;
  const [plan] = body.serviceList;
  if (!plan) throw new Error('the tutorial has a plan line');
  const service = {
    ...plan,
    serviceType: 'service' as const,
    serviceId: 3048942310987654144n,
    connectionPlanId: plan.serviceId,
    quantity: 20,
  };
  return { ...body, serviceList: [plan, service] };
}

describe('pricing an order', () => {
  it('when the plan is priced, then the amount is the list price of its cycle, asked once with productId and productNo', async () => {
    await expect(prices.price(applianceBody(), soon())).resolves.toEqual({
      status: 'read',
      amount: '25.00',
      currency: 'USD',
    });
    expect(sandbox.requestCount(PLAN_INFO)).toBe(1);
  });

  it('when an order has a plan and a service line, then each is asked at its own endpoint and the amounts add up', async () => {
    // 100 extensions of the plan at 40.00 a year, and 20 more at 40.00 a year.
    await expect(prices.price(turnkeyWithService(), soon(), ACCOUNT.ucId)).resolves.toEqual({
      status: 'read',
      amount: '4800.00',
      currency: 'USD',
    });
    expect(sandbox.requestCount('/pricing/openapi/purchase/v1/renew/plan_info/3048941892189077504')).toBe(1);
    expect(sandbox.requestCount('/pricing/openapi/purchase/v1/renew/add_on_info/3048942310987654144')).toBe(
      1,
    );
  });

  it('when an account-level renewal names no productNo in its body, then its price is asked with where it is held, and without it Yeastar refuses', async () => {
    const body = turnkeyWithService();
    expect(body.productNo).toBeUndefined();
    // The sandbox asks productNo of every renewal, as the guide marks it, and checks it is held.
    await expect(prices.price(body, soon(), ACCOUNT.ucId)).resolves.toMatchObject({ status: 'read' });
    await expect(prices.price(body, soon(), '3076913644890832897')).resolves.toEqual({
      status: 'unavailable',
    });
    await expect(prices.price(body, soon())).resolves.toEqual({ status: 'unavailable' });
  });

  it('when the prices change, then the new amount is read', async () => {
    sandbox.faults.repriceAll(10);
    await expect(prices.price(applianceBody(), soon())).resolves.toMatchObject({ amount: '27.50' });
  });

  it.each([
    ['the pricing endpoint fails', (s: PartnerApiSandbox) => s.faults.pricingDown(true)],
    [
      'the answer has no price',
      (s: PartnerApiSandbox) => s.faults.reshape([{ endpoint: PLAN_INFO, field: 'price', change: 'drop' }]),
    ],
    [
      'the price is of another kind',
      (s: PartnerApiSandbox) => s.faults.reshape([{ endpoint: PLAN_INFO, field: 'price', change: 'retype' }]),
    ],
    [
      'the answer has no currency',
      (s: PartnerApiSandbox) =>
        s.faults.reshape([{ endpoint: PLAN_INFO, field: 'currency', change: 'drop' }]),
    ],
  ])('when %s, then the price is not available, never a guess', async (_what, arm) => {
    arm(sandbox);
    await expect(prices.price(applianceBody(), soon())).resolves.toEqual({ status: 'unavailable' });
  });

  it('when one line of two cannot be priced, then the order has no price', async () => {
    sandbox.faults.reshape([
      {
        endpoint: '/pricing/openapi/purchase/v1/renew/add_on_info/3048942310987654144',
        field: 'price',
        change: 'drop',
      },
    ]);
    await expect(prices.price(turnkeyWithService(), soon())).resolves.toEqual({ status: 'unavailable' });
  });

  it.each([
    ['another term', '"billingCycle":"annually"', { status: 'unavailable' }],
    ['another count', '"quantity":3', { status: 'unavailable' }],
    ['the term asked', '"billingCycle":"monthly","multiCycle":0', { status: 'read', amount: '9.90' }],
    ['the amount as a number, under the names amount and currencyCode', '"quantity":1', { status: 'read' }],
  ])(
    "when the answer says it priced %s, then the price is read only if it is the line's",
    async (_what, echo, expected) => {
      const fields = echo.startsWith('"quantity":1')
        ? `"amount":9.9,"currencyCode":"USD",${echo}`
        : `"price":"9.90","currency":"USD",${echo}`;
      const api = await startScriptedApi(withToken(() => ({ body: envelopeText(`{${fields}}`) })));
      try {
        const scripted = new PartnerApiPrices(sandboxClient(api, { retry: { maxAttempts: 1 } }), {
          deadlineMs: 1000,
        });
        // The appliance plan is bought monthly, one PBX.
        await expect(scripted.price(applianceBody(), soon())).resolves.toMatchObject(expected);
        const [, asked] = api.received;
        expect(asked?.path).toBe(
          `${PLAN_INFO}?productId=11&productNo=3631E0997265&billingCycle=monthly&multiCycle=0`,
        );
      } finally {
        await api.close();
      }
    },
  );

  it('when the deadline has passed, then the price is not available', async () => {
    await expect(prices.price(applianceBody(), Deadline.after(0))).resolves.toEqual({
      status: 'unavailable',
    });
  });
});

describe('the same quote asked at once', () => {
  it('when the same order is priced again while it is being read, then both get the one read, and a later ask reads again', async () => {
    sandbox.faults.setLatency(50);
    const [a, b] = await Promise.all([
      prices.price(applianceBody(), soon()),
      prices.price(applianceBody(), soon()),
    ]);

    expect(a).toEqual({ status: 'read', amount: '25.00', currency: 'USD' });
    expect(b).toEqual(a);
    expect(sandbox.requestCount(PLAN_INFO)).toBe(1);
    await prices.price(applianceBody(), soon());
    expect(sandbox.requestCount(PLAN_INFO)).toBe(2);
  });

  it('when the shared read fails, then every asker is told the price is not available, and the next ask reads again', async () => {
    sandbox.faults.setLatency(50);
    sandbox.faults.pricingDown(true);
    const both = await Promise.all([
      prices.price(applianceBody(), soon()),
      prices.price(applianceBody(), soon()),
    ]);

    expect(both).toEqual([{ status: 'unavailable' }, { status: 'unavailable' }]);
    expect(sandbox.requestCount(PLAN_INFO)).toBe(1);
    sandbox.faults.pricingDown(false);
    await expect(prices.price(applianceBody(), soon())).resolves.toMatchObject({ status: 'read' });
  });

  it('when another quantity is priced at the same time, then it is read on its own', async () => {
    sandbox.faults.setLatency(50);
    const body = applianceBody();
    const more = { ...body, serviceList: body.serviceList.map((l) => ({ ...l, quantity: 2 })) };
    await Promise.all([prices.price(body, soon()), prices.price(more, soon())]);

    expect(sandbox.requestCount(PLAN_INFO)).toBe(2);
  });

  it('when the asker must have its answer sooner than the read in progress ends, then it reads on its own', async () => {
    sandbox.faults.setLatency(50);
    const late = prices.price(applianceBody(), Deadline.after(900));
    const sooner = prices.price(applianceBody(), Deadline.after(400));
    await Promise.all([late, sooner]);

    expect(sandbox.requestCount(PLAN_INFO)).toBe(2);
  });
});

describe('amounts', () => {
  it('when decimals are added, then they are exact and have two places at least', () => {
    expect(addAmounts(['0.1', '0.2'])).toBe('0.30');
    expect(addAmounts(['1200.5', '0.125'])).toBe('1200.625');
    expect(addAmounts(['7'])).toBe('7.00');
  });

  it('when two prices are compared, then the same amount in the same currency agrees, and two unread ones agree', () => {
    const read = (amount: string, currency = 'USD') => ({ status: 'read' as const, amount, currency });
    expect(samePrice(read('120.0'), read('120.00'))).toBe(true);
    expect(samePrice(read('120.00'), read('120.00', 'RMB'))).toBe(false);
    expect(samePrice(read('120.00'), { status: 'unavailable' })).toBe(false);
    expect(samePrice({ status: 'unavailable' }, { status: 'unavailable' })).toBe(true);
  });
});
