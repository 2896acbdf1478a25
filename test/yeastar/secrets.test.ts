import { startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import { type PartnerApiClient, PartnerApiResponseError, stringifyJson } from '../../src/yeastar';
import { captureLogs } from './support/log-capture';
import { startRecordingProxy } from './support/recording-proxy';
import { applianceBody, applianceOrder, sandboxClient } from './support/sandbox-client';
import {
  envelopeText,
  SCRIPTED_REFRESH_TOKEN,
  SCRIPTED_TOKEN,
  startScriptedApi,
  TOKEN_PATH,
  TOKEN_REPLY,
  withToken,
} from './support/scripted-api';
import { closeAfterEachTest } from './support/servers';

const WRONG_SECRET = 'wrong-secret-5d1f7a';
const JWT = /eyJ[\w-]+\.eyJ[\w-]+/;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a call and keeps whatever it threw, so every error's text can be searched afterwards. */
async function settle(errors: unknown[], call: () => Promise<unknown>): Promise<void> {
  await call().catch((err: unknown) => errors.push(err));
}

/** Every string an error exposes: its message, its fields, and its cause's message. */
function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? err.cause.message : '';
  return [err.message, JSON.stringify({ ...err }), cause].join('\n');
}

describe('No secret leaves the Partner API client', () => {
  const closedAfterTest = closeAfterEachTest();

  test('when calls succeed, fail, renew and refresh with trace logging on, then no secret or token is in any log line or error', async () => {
    const sandbox = closedAfterTest(await startPartnerApiSandbox({ accessTokenTtlSeconds: 1 }));
    const proxy = await startRecordingProxy(sandbox.url);
    const logs = captureLogs('trace');
    const errors: unknown[] = [];
    const client: PartnerApiClient = sandboxClient(proxy, { logger: logs.logger });
    const wrongClient = sandboxClient(proxy, { clientSecret: WRONG_SECRET, logger: logs.logger });
    try {
      await client.listProducts();
      await client.createOrder(applianceOrder('PO-SECRETS'));
      await settle(errors, () =>
        client.createOrder(stringifyJson({ ...applianceBody('PO-BAD'), billingId: 1n })),
      );
      await settle(errors, () => client.getOrder('777'));
      sandbox.expireAllTokens();
      await client.listBillingContacts();
      await sleep(1000);
      await client.listSubordinateUsers();
      await settle(errors, () => wrongClient.listProducts());
    } finally {
      await proxy.close();
    }

    // The scenario did what it claims: several tokens, many log lines, three refusals.
    expect(proxy.tokens.length).toBeGreaterThanOrEqual(6);
    expect(logs.lines.length).toBeGreaterThan(10);
    expect(errors).toHaveLength(3);
    const texts = [...logs.lines, ...errors.map(errorText)];
    for (const secret of ['sandbox-secret', WRONG_SECRET, ...proxy.tokens]) {
      expect(texts.filter((text) => text.includes(secret))).toEqual([]);
    }
    expect(texts.filter((text) => JWT.test(text))).toEqual([]);
  });

  test('when an error answer echoes the token and the secret, then the error carries [redacted] instead', async () => {
    const scripted = closedAfterTest(
      await startScriptedApi(
        withToken(() => ({
          status: 400,
          body: envelopeText(
            'null',
            'parameter_validation_failed',
            400,
            `bad header Bearer ${SCRIPTED_TOKEN} for client secret sandbox-secret`,
          ),
        })),
      ),
    );
    const logs = captureLogs('trace');
    const client = sandboxClient(scripted, { logger: logs.logger });

    const failure = await client.listProducts().catch((err: unknown) => err);

    const text = errorText(failure);
    expect(text).toContain('bad header Bearer [redacted] for client secret [redacted]');
    for (const secret of [SCRIPTED_TOKEN, 'sandbox-secret']) {
      expect(text).not.toContain(secret);
      expect(logs.lines.join('\n')).not.toContain(secret);
    }
  });

  test('when a token answer is malformed but carries a token, then the error withholds the body', async () => {
    const scripted = closedAfterTest(
      await startScriptedApi((req) =>
        req.path === TOKEN_PATH
          ? { body: TOKEN_REPLY.body.replace('"expiresIn":"1800",', '') }
          : { body: envelopeText('[]') },
      ),
    );
    const client = sandboxClient(scripted);

    const failure = await client.listProducts().catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(PartnerApiResponseError);
    expect((failure as PartnerApiResponseError).message).toContain('result.expiresIn');
    const text = errorText(failure);
    expect(text).not.toContain(SCRIPTED_TOKEN);
    expect(text).not.toContain(SCRIPTED_REFRESH_TOKEN);
  });
});
