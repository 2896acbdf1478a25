import { startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import { PartnerApiAuthError } from '../../src/yeastar';
import { captureLogs } from './support/log-capture';
import { sandboxClient } from './support/sandbox-client';
import { startScriptedApi, TOKEN_PATH, TOKEN_REPLY } from './support/scripted-api';
import { closeAfterEachTest } from './support/servers';

const PRODUCT_LIST = '/pricing/openapi/purchase/v1/product_list';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The grants the client used, in order, as its debug log tells them. */
function grants(entries: Record<string, unknown>[]): unknown[] {
  return entries.filter((e) => e.msg === 'partner api token obtained').map((e) => e.grant);
}

describe('Partner API token handling', () => {
  const closedAfterTest = closeAfterEachTest();

  test('when 20 calls start together without a token, then one token request serves them all', async () => {
    const sandbox = closedAfterTest(await startPartnerApiSandbox({}));
    const client = sandboxClient(sandbox);

    const answers = await Promise.all(Array.from({ length: 20 }, () => client.listProducts()));

    expect(answers.every((products) => products.length > 0)).toBe(true);
    expect(sandbox.requestCount(TOKEN_PATH)).toBe(1);
    expect(sandbox.requestCount(PRODUCT_LIST)).toBe(20);
  });

  test('when the access token nears its expiry, then the client renews it with the refresh token first', async () => {
    const sandbox = closedAfterTest(await startPartnerApiSandbox({ accessTokenTtlSeconds: 1 }));
    const logs = captureLogs('debug');
    const client = sandboxClient(sandbox, { logger: logs.logger });

    await client.listProducts();
    await client.listProducts();
    expect(sandbox.requestCount(TOKEN_PATH)).toBe(1);
    await sleep(1000);
    await client.listProducts();

    expect(sandbox.requestCount(TOKEN_PATH)).toBe(2);
    expect(grants(logs.entries())).toEqual(['credentials', 'refresh']);
  });

  test('when the refresh token has expired as well, then the client falls back to a credentials grant', async () => {
    const sandbox = closedAfterTest(
      await startPartnerApiSandbox({ accessTokenTtlSeconds: 1, refreshTokenTtlSeconds: 1 }),
    );
    const logs = captureLogs('debug');
    const client = sandboxClient(sandbox, { logger: logs.logger });

    await client.listProducts();
    await sleep(1100);
    const products = await client.listProducts();

    expect(products.length).toBeGreaterThan(0);
    // The first grant, the refused refresh, and the fresh credentials grant (on a loaded machine the
    // fresh one-second token can lapse once more before the list answers: another grant, not an error).
    expect(sandbox.requestCount(TOKEN_PATH)).toBeGreaterThanOrEqual(3);
    expect(logs.entries().some((e) => e.msg === 'token refresh failed, requesting a new one')).toBe(true);
    expect(grants(logs.entries()).slice(0, 2)).toEqual(['credentials', 'credentials']);
  });

  test('when the API has dropped every token, then the call renews the token once and succeeds', async () => {
    const sandbox = closedAfterTest(await startPartnerApiSandbox({}));
    const client = sandboxClient(sandbox);
    await client.listProducts();

    sandbox.expireAllTokens();
    const products = await client.listProducts();

    expect(products.length).toBeGreaterThan(0);
    expect(sandbox.requestCount(TOKEN_PATH)).toBe(2);
    // The first call, the refused one, and its repetition.
    expect(sandbox.requestCount(PRODUCT_LIST)).toBe(3);
  });

  test('when 20 calls are refused for one dropped token, then a single renewal serves them all', async () => {
    const sandbox = closedAfterTest(await startPartnerApiSandbox({}));
    const client = sandboxClient(sandbox);
    await client.listBillingContacts();

    sandbox.expireAllTokens();
    const answers = await Promise.all(Array.from({ length: 20 }, () => client.listProducts()));

    expect(answers).toHaveLength(20);
    expect(sandbox.requestCount(TOKEN_PATH)).toBe(2);
  });

  test('when the client secret is wrong, then the call fails with an auth error and the grant is not retried', async () => {
    const sandbox = closedAfterTest(await startPartnerApiSandbox({}));
    const client = sandboxClient(sandbox, { clientSecret: 'not-the-secret' });

    const failure = await client.listProducts().catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(PartnerApiAuthError);
    expect((failure as PartnerApiAuthError).endpoint).toBe(`POST ${TOKEN_PATH}`);
    expect((failure as PartnerApiAuthError).httpStatus).toBe(401);
    expect(sandbox.requestCount(TOKEN_PATH)).toBe(1);
    expect(sandbox.requestCount(PRODUCT_LIST)).toBe(0);
  });

  test('when tokenHead carries a trailing space, then the Authorization header has exactly one space', async () => {
    const scripted = closedAfterTest(
      await startScriptedApi((req) =>
        req.path === TOKEN_PATH
          ? { body: TOKEN_REPLY.body.replace('"tokenHead":"Bearer"', '"tokenHead":"Bearer "') }
          : { body: '{"code":"success","detailMessage":"","requestId":"","result":[],"status":200}' },
      ),
    );
    const client = sandboxClient(scripted);

    await client.listProducts();

    const call = scripted.received.find((r) => r.path === PRODUCT_LIST);
    expect(call?.headers.authorization).toBe('Bearer scripted-access-token-4f1c');
  });

  test('when the token is requested, then the form carries the documented grant and credentials', async () => {
    const scripted = closedAfterTest(
      await startScriptedApi((req) =>
        req.path === TOKEN_PATH
          ? TOKEN_REPLY
          : { body: '{"code":"success","detailMessage":"","requestId":"","result":[],"status":200}' },
      ),
    );
    const client = sandboxClient(scripted);

    await client.listProducts();

    const grant = scripted.received.find((r) => r.path === TOKEN_PATH);
    expect(grant?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(grant?.body))).toEqual({
      client_id: 'sandbox',
      client_secret: 'sandbox-secret',
      grant_type: 'pp_credentials',
    });
  });
});
