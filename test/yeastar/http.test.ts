import { version } from '../../package.json';
import type { PartnerApiSandbox } from '../../src/sandbox/partner-api';
import { isOutcomeUnknown, PartnerApiConnectionError, PartnerApiResponseError } from '../../src/yeastar';
import { parseRetryAfter } from '../../src/yeastar/http';
import { applianceOrder, sandboxClient } from './support/sandbox-client';
import { envelopeText, type ScriptedApi, startScriptedApi, withToken } from './support/scripted-api';

const CREATED = '{"orderNo":"EU3206205224534151168","orderStatus":"succeed"}';
const PAGE = '{"count":0,"pageNo":2,"pageSize":10,"results":[],"total":0,"totalPage":0}';

describe('What the client puts on the wire', () => {
  let api: ScriptedApi;

  beforeEach(async () => {
    api = await startScriptedApi(
      withToken((req) => ({ body: envelopeText(req.method === 'POST' ? CREATED : PAGE) })),
    );
  });
  afterEach(() => api.close());

  const target = () => ({ url: api.url }) as PartnerApiSandbox;

  test('when no User-Agent is configured, then every request, the token call included, names the app and its version', async () => {
    const client = sandboxClient(target());

    await client.listOrders({ pageNo: 2, pageSize: 10 });

    expect(api.received.map((r) => r.headers['user-agent'])).toEqual([
      `yeastar-order-desk/${version}`,
      `yeastar-order-desk/${version}`,
    ]);
  });

  test('when a User-Agent is configured, then requests carry it', async () => {
    const client = sandboxClient(target(), { userAgent: 'OpenAPI' });

    await client.listOrders();

    expect(api.received.every((r) => r.headers['user-agent'] === 'OpenAPI')).toBe(true);
  });

  test('when reading a page, then the query carries the paging and the request the bearer token', async () => {
    const client = sandboxClient(target());

    await client.listOrders({ pageNo: 2, pageSize: 10, sort: 'id' });

    const [, read] = api.received;
    expect(read).toMatchObject({
      method: 'GET',
      path: '/order/openapi/order/v1/page?pageNo=2&pageSize=10&sort=id',
    });
    expect(read?.headers.authorization).toBe('Bearer scripted-access-token-4f1c');
  });

  test('when placing an order, then the body is JSON with raw integer IDs, sent with the bearer token', async () => {
    const client = sandboxClient(target());

    await client.createOrder(applianceOrder('PO-WIRE'));

    const [, order] = api.received;
    expect(order?.headers['content-type']).toBe('application/json');
    expect(order?.headers.authorization).toBe('Bearer scripted-access-token-4f1c');
    expect(order?.body).toContain('"billingId":3197218168379846218,');
    expect(order?.body).toContain('"serviceId":3048560232537899008,');
    expect(order?.body).toContain('"poNumber":"PO-WIRE"');
  });
});

describe('Where the client’s requests may go', () => {
  test('when the API answers with a redirect, then the client does not follow it, so the Authorization header and the order stay where they were sent, and the outcome counts as unknown', async () => {
    const elsewhere = await startScriptedApi(() => ({ body: envelopeText(CREATED) }));
    const api = await startScriptedApi(
      withToken(() => ({ status: 307, headers: { location: `${elsewhere.url}/collect` }, body: '' })),
    );
    try {
      const failure = await sandboxClient(api)
        .createOrder(applianceOrder('PO-REDIRECT'))
        .catch((e: unknown) => e);

      expect(failure).toBeInstanceOf(PartnerApiResponseError);
      expect(failure).toMatchObject({ httpStatus: 307, code: 'http_307' });
      expect(isOutcomeUnknown(failure)).toBe(true);
      expect(api.received.map((r) => r.method)).toEqual(['POST', 'POST']);
      expect(elsewhere.received).toEqual([]);
    } finally {
      await api.close();
      await elsewhere.close();
    }
  });

  test('when a test points the client beyond loopback, then the test setup refuses the request before it leaves', async () => {
    const client = sandboxClient({ url: 'http://192.0.2.10' }, { retry: { maxAttempts: 1 } });

    const failure = await client.listProducts().catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(PartnerApiConnectionError);
    expect((failure as Error).message).toMatch(/only loopback is allowed in tests/);
  });
});

describe('parseRetryAfter', () => {
  test('when Retry-After is in seconds, then it becomes milliseconds', () => {
    expect(parseRetryAfter('7')).toBe(7000);
  });

  test('when Retry-After is an HTTP date, then it becomes the time left until then', () => {
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:27:00 GMT', now)).toBe(0);
  });

  test('when Retry-After is absent or unreadable, then there is no hint', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
