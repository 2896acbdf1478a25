import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import {
  isOutcomeUnknown,
  PartnerApiAuthError,
  PartnerApiConnectionError,
  PartnerApiError,
  PartnerApiRateLimitError,
  PartnerApiResponseError,
  PartnerApiServerError,
  PartnerApiValidationError,
  stringifyJson,
} from '../../src/yeastar';
import { captureLogs } from './support/log-capture';
import { applianceBody, applianceOrder, sandboxClient } from './support/sandbox-client';
import {
  envelopeText,
  type Reply,
  type ScriptedApi,
  startScriptedApi,
  withToken,
} from './support/scripted-api';
import { closedPort } from './support/servers';

const PRODUCT_LIST = '/pricing/openapi/purchase/v1/product_list';
const SAVE_ORDER = '/order/openapi/order/v1/save';
const PRODUCTS_JSON = '[{"name":"P-Series Plan for Appliance Edition","productId":11}]';

function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: unknown) => err,
  );
}

describe('Partner API errors from the sandbox', () => {
  let sandbox: PartnerApiSandbox;

  beforeEach(async () => {
    sandbox = await startPartnerApiSandbox({});
  });
  afterEach(() => sandbox.close());

  test('when an order names an unknown billing contact, then a validation error says what and where, and the API certainly refused it', async () => {
    const client = sandboxClient(sandbox);
    const body = { ...applianceBody('PO-BAD'), billingId: 3197218168379846000n };

    const failure = await failureOf(client.createOrder(stringifyJson(body)));

    expect(failure).toBeInstanceOf(PartnerApiValidationError);
    const err = failure as PartnerApiValidationError;
    expect(err).toMatchObject({
      httpStatus: 400,
      code: 'parameter_validation_failed',
      endpoint: `POST ${SAVE_ORDER}`,
    });
    expect(err.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(err.detailMessage).toContain('3197218168379846000');
    expect(err.message).toBe(
      `Partner API refused POST ${SAVE_ORDER}: ${err.detailMessage} (parameter_validation_failed, HTTP 400, request ${err.requestId})`,
    );
    expect(isOutcomeUnknown(err)).toBe(false);
    expect(sandbox.orders()).toHaveLength(0);
  });

  test('when the credentials are wrong, then an auth error names the token call and the order certainly did not go out', async () => {
    const client = sandboxClient(sandbox, { clientSecret: 'wrong' });

    const failure = await failureOf(client.createOrder(applianceOrder('PO-AUTH')));

    expect(failure).toBeInstanceOf(PartnerApiAuthError);
    expect((failure as Error).message).toMatch(
      /^Partner API refused POST \/auth\/openapi\/v1\/oauth\/token as unauthorised: /,
    );
    expect(isOutcomeUnknown(failure)).toBe(false);
    expect(sandbox.requestCount(SAVE_ORDER)).toBe(0);
  });
});

describe('Partner API errors from answers the sandbox cannot give', () => {
  let api: ScriptedApi | undefined;

  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  async function clientAnswering(
    answer: (nth: number) => Reply,
    retry = { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 40 },
  ) {
    api = await startScriptedApi(withToken((_req, nth) => answer(nth)));
    const logs = captureLogs('debug');
    const client = sandboxClient({ url: api.url } as PartnerApiSandbox, { retry, logger: logs.logger });
    return { client, logs, api };
  }

  const retryDelays = (entries: Record<string, unknown>[]) =>
    entries.filter((e) => e.msg === 'partner api call will be retried').map((e) => e.delayMs);

  test('when the API keeps answering 429, then a rate-limit error carries Retry-After and the API certainly refused', async () => {
    const { client, api } = await clientAnswering(() => ({
      status: 429,
      headers: { 'retry-after': '0' },
      body: envelopeText('null', 'too_many_requests', 429, 'slow down'),
    }));

    const failure = await failureOf(client.listProducts());

    expect(failure).toBeInstanceOf(PartnerApiRateLimitError);
    expect((failure as PartnerApiRateLimitError).retryAfterMs).toBe(0);
    expect(isOutcomeUnknown(failure)).toBe(false);
    expect(api.received.filter((r) => r.path === PRODUCT_LIST)).toHaveLength(3);
  });

  test('when a 429 asks for no wait, then the retry follows Retry-After instead of the backoff', async () => {
    const { client, logs } = await clientAnswering((nth) =>
      nth === 1
        ? { status: 429, headers: { 'retry-after': '0' }, body: '' }
        : { body: envelopeText(PRODUCTS_JSON) },
    );

    await expect(client.listProducts()).resolves.toEqual([
      { name: 'P-Series Plan for Appliance Edition', productId: 11 },
    ]);

    expect(retryDelays(logs.entries())).toEqual([0]);
  });

  test('when a 429 asks for an hour, then the retry waits no longer than the configured cap', async () => {
    const { client, logs } = await clientAnswering((nth) =>
      nth === 1
        ? { status: 429, headers: { 'retry-after': '3600' }, body: '' }
        : { body: envelopeText(PRODUCTS_JSON) },
    );

    await expect(client.listProducts()).resolves.toHaveLength(1);

    expect(retryDelays(logs.entries())).toEqual([40]);
  });

  test('when Create an Order is rate-limited, then it is not retried and the API certainly refused it', async () => {
    const { client, api } = await clientAnswering(() => ({ status: 429, body: '' }));

    const failure = await failureOf(client.createOrder(applianceOrder('PO-429')));

    expect(failure).toBeInstanceOf(PartnerApiRateLimitError);
    expect((failure as PartnerApiRateLimitError).retryAfterMs).toBeUndefined();
    expect(isOutcomeUnknown(failure)).toBe(false);
    expect(api.received.filter((r) => r.path === SAVE_ORDER)).toHaveLength(1);
  });

  test('when a proxy answers 502 with HTML, then it is a server error with an HTTP code', async () => {
    const { client } = await clientAnswering(() => ({ status: 502, body: '<html>Bad Gateway</html>' }), {
      maxAttempts: 1,
      initialDelayMs: 1,
      maxDelayMs: 1,
    });

    const failure = await failureOf(client.listProducts());

    expect(failure).toBeInstanceOf(PartnerApiServerError);
    expect(failure).toMatchObject({ httpStatus: 502, code: 'http_502' });
    expect((failure as Error).message).toBe(
      `Partner API failed on GET ${PRODUCT_LIST}: no detail given (http_502, HTTP 502)`,
    );
  });

  test('when a success answer lacks a documented field, then a response error names the field and keeps the body', async () => {
    const { client, api } = await clientAnswering(() => ({ body: envelopeText('[{"name":"No id"}]') }));

    const failure = await failureOf(client.listProducts());

    expect(failure).toBeInstanceOf(PartnerApiResponseError);
    const err = failure as PartnerApiResponseError;
    expect(err.message).toContain('result[].productId: missing');
    expect(err.rawBody).toContain('"name":"No id"');
    expect(err.requestId).toBe('5f0c2d9e8a7b6c5d4e3f2a1b0c9d8e7f');
    // Not a transient failure: asking again would get the same answer.
    expect(api.received.filter((r) => r.path === PRODUCT_LIST)).toHaveLength(1);
  });

  test('when an unreadable answer is long, then the error keeps only its start', async () => {
    const { client } = await clientAnswering(() => ({ body: `not json ${'x'.repeat(5000)}` }));

    const failure = (await failureOf(client.listProducts())) as PartnerApiResponseError;

    expect(failure).toBeInstanceOf(PartnerApiResponseError);
    expect(failure.rawBody).toHaveLength(501);
    expect(failure.rawBody.endsWith('…')).toBe(true);
  });

  test('when an HTTP 200 carries an error code, then the envelope decides the class', async () => {
    const { client } = await clientAnswering(() => ({
      body: envelopeText(
        '{"field":"productId","tag":"required"}',
        'parameter_validation_failed',
        400,
        'productId is required',
      ),
    }));

    const failure = await failureOf(client.getPurchaseProductInfo({ productId: 11 }));

    expect(failure).toBeInstanceOf(PartnerApiValidationError);
    expect(failure).toMatchObject({ httpStatus: 400, detailMessage: 'productId is required' });
  });

  test('when the API answers 409, then it is the base error class and certainly a refusal', async () => {
    const { client } = await clientAnswering(() => ({
      status: 409,
      body: envelopeText('null', 'order_conflict', 409, 'an order for this PBX is being processed'),
    }));

    const failure = await failureOf(client.createOrder(applianceOrder('PO-409')));

    expect(failure).toBeInstanceOf(PartnerApiError);
    expect((failure as Error).constructor).toBe(PartnerApiError);
    expect(isOutcomeUnknown(failure)).toBe(false);
  });

  test('when nothing listens at the base URL, then a connection error says so and the outcome is unknown', async () => {
    const port = await closedPort();
    const client = sandboxClient({ url: `http://127.0.0.1:${port}` } as PartnerApiSandbox, {
      retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 2 },
    });

    const failure = await failureOf(client.listProducts());

    expect(failure).toBeInstanceOf(PartnerApiConnectionError);
    expect((failure as Error).message).toMatch(
      /^Could not reach the Partner API for POST \/auth\/openapi\/v1\/oauth\/token: .*ECONNREFUSED/,
    );
    expect(isOutcomeUnknown(failure)).toBe(true);
  });

  test('when something other than a Partner API error is thrown, then the outcome counts as unknown', () => {
    expect(isOutcomeUnknown(new DOMException('aborted', 'AbortError'))).toBe(true);
  });
});
