import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import {
  isOutcomeUnknown,
  PartnerApiConnectionError,
  PartnerApiResponseError,
  PartnerApiServerError,
  PartnerApiTimeoutError,
} from '../../src/yeastar';
import { applianceOrder, sandboxClient } from './support/sandbox-client';
import { TOKEN_PATH } from './support/scripted-api';

const PRODUCT_LIST = '/pricing/openapi/purchase/v1/product_list';
const SAVE_ORDER = '/order/openapi/order/v1/save';

describe('PartnerApiClient under faults', () => {
  let sandbox: PartnerApiSandbox;

  beforeEach(async () => {
    sandbox = await startPartnerApiSandbox({});
  });
  afterEach(() => sandbox.close());

  /** A client that already holds a token, so a fault hits the call under test and not the token call. */
  async function warmClient(extra: Parameters<typeof sandboxClient>[1] = {}) {
    const client = sandboxClient(sandbox, extra);
    await client.listBillingContacts();
    return client;
  }

  test('when a read fails twice with 503, then it is retried and succeeds on the third attempt', async () => {
    const client = await warmClient();
    sandbox.faults.failNext(2, 503);

    const products = await client.listProducts();

    expect(products.length).toBeGreaterThan(0);
    expect(sandbox.requestCount(PRODUCT_LIST)).toBe(3);
  });

  test('when a read keeps failing, then it gives up after maxAttempts with a server error', async () => {
    const client = await warmClient({ retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 } });
    sandbox.faults.failNext(10, 502);

    const failure = await client.listProducts().catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(PartnerApiServerError);
    expect((failure as PartnerApiServerError).httpStatus).toBe(502);
    expect(sandbox.requestCount(PRODUCT_LIST)).toBe(3);
  });

  test('when the token call fails once with 503, then it is retried and the read goes through', async () => {
    const client = sandboxClient(sandbox);
    sandbox.faults.failNext(1, 503);

    await expect(client.listProducts()).resolves.not.toHaveLength(0);
    expect(sandbox.requestCount(TOKEN_PATH)).toBe(2);
  });

  test('when Create an Order answers 503, then it is sent once, no order exists, and the outcome counts as unknown', async () => {
    const client = await warmClient();
    sandbox.faults.failNext(1, 503);

    const failure = await client.createOrder(applianceOrder('PO-503')).catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(PartnerApiServerError);
    expect(isOutcomeUnknown(failure)).toBe(true);
    expect(sandbox.requestCount(SAVE_ORDER)).toBe(1);
    expect(sandbox.orders()).toHaveLength(0);
  });

  test('when the answer to Create an Order is lost, then the outcome is unknown, and the order was taken', async () => {
    const client = await warmClient();
    sandbox.faults.loseNextOrderAnswers(1);

    const failure = await client.createOrder(applianceOrder('PO-LOST-7')).catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(PartnerApiConnectionError);
    expect(isOutcomeUnknown(failure)).toBe(true);
    expect(sandbox.requestCount(SAVE_ORDER)).toBe(1);
    expect(sandbox.orders().map((o) => o.poNumber)).toEqual(['PO-LOST-7']);
  });

  test('when Create an Order gets an answer that is not JSON, then the outcome is unknown and it is not repeated', async () => {
    const client = await warmClient();
    sandbox.faults.malformNext(1);

    const failure = await client.createOrder(applianceOrder('PO-HTML')).catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(PartnerApiResponseError);
    expect((failure as PartnerApiResponseError).rawBody).toContain('Service temporarily unavailable');
    expect(isOutcomeUnknown(failure)).toBe(true);
    expect(sandbox.orders()).toHaveLength(1);
  });

  test('when every token was dropped before an order, then the order is placed once after one renewal', async () => {
    const client = await warmClient();
    sandbox.expireAllTokens();

    const result = await client.createOrder(applianceOrder('PO-401'));

    expect(result.orderStatus).toBe('succeed');
    expect(sandbox.requestCount(SAVE_ORDER)).toBe(2);
    expect(sandbox.requestCount(TOKEN_PATH)).toBe(2);
    expect(sandbox.orders()).toHaveLength(1);
  });

  test('when Create an Order hangs, then it fails with a timeout of the configured length and is not repeated', async () => {
    const client = await warmClient({ timeoutMs: 150 });
    sandbox.faults.hang(true);

    const failure = await client.createOrder(applianceOrder('PO-HANG')).catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(PartnerApiTimeoutError);
    expect((failure as PartnerApiTimeoutError).timeoutMs).toBe(150);
    expect(isOutcomeUnknown(failure)).toBe(true);
    expect(sandbox.requestCount(SAVE_ORDER)).toBe(1);
  });

  test('when a read hangs, then each attempt times out and the call ends with a timeout after maxAttempts', async () => {
    const client = await warmClient({
      timeoutMs: 100,
      retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 },
    });
    sandbox.faults.hang(true);

    await expect(client.listProducts()).rejects.toBeInstanceOf(PartnerApiTimeoutError);
    expect(sandbox.requestCount(PRODUCT_LIST)).toBe(2);
  });

  test('when a caller passes a tighter timeout than a slow answer needs, then that call times out and others wait', async () => {
    const client = await warmClient({ timeoutMs: 5000 });
    sandbox.faults.setLatency(300);

    const failure = await client.listProducts({ timeoutMs: 80 }).catch((err: unknown) => err);
    const patient = await client.listProducts();

    expect(failure).toBeInstanceOf(PartnerApiTimeoutError);
    expect((failure as PartnerApiTimeoutError).timeoutMs).toBe(80);
    expect((failure as Error).message).toBe(`Partner API did not answer GET ${PRODUCT_LIST} within 80 ms`);
    expect(patient.length).toBeGreaterThan(0);
  });

  test("when the caller aborts a read, then the call stops with the caller's reason and is not retried", async () => {
    const client = await warmClient();
    sandbox.faults.hang(true);
    const controller = new AbortController();

    const pending = client.listProducts({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user closed the modal')), 30);

    await expect(pending).rejects.toThrow('user closed the modal');
    expect(sandbox.requestCount(PRODUCT_LIST)).toBe(1);
  });
});
