import { request } from 'node:http';
import jwt from 'jsonwebtoken';
import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../../src/sandbox/partner-api/index';
import { parseJson } from '../../../src/yeastar/json';
import { envelopeSchema } from '../../../src/yeastar/schemas';
import { accessToken, call, issuedTokenSchema, issueToken, postForm, TOKEN_PATH } from './client';

const CONTACTS = '/user/openapi/user/v1/client/billing_contact_list';

let sandbox: PartnerApiSandbox;

beforeEach(async () => {
  sandbox = await startPartnerApiSandbox();
});

afterEach(async () => {
  await sandbox.close();
});

describe('token call', () => {
  it('when the client credentials are right, then a Bearer JWT shaped like the guide’s is issued', async () => {
    const answer = await postForm(sandbox, {
      grant_type: 'pp_credentials',
      client_id: 'sandbox',
      client_secret: 'sandbox-secret',
    });

    expect(answer.status).toBe(200);
    expect(answer.text).toContain('"expiresIn":"1800"');
    const details = issuedTokenSchema.parse(answer.envelope.result);
    expect(details.tokenHead).toBe('Bearer');
    const claims = jwt.decode(details.token) as jwt.JwtPayload;
    expect(claims).toMatchObject({
      aud: ['res1'],
      token_type: 'openapi',
      client_id: 'sandbox',
      scope: ['all'],
    });
    expect(JSON.parse(claims['X-MS-USER'] as string)).toMatchObject({ ucId: '3076913644890832896' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(1800);
    expect(jwt.decode(details.refreshToken)).toMatchObject({ token_type: 'refresh' });
    expect((await call(sandbox, CONTACTS, { token: details.token })).status).toBe(200);
  });

  it('when the credentials come as multipart/form-data, then a token is issued too', async () => {
    const form = new FormData();
    form.set('grant_type', 'pp_credentials');
    form.set('client_id', 'sandbox');
    form.set('client_secret', 'sandbox-secret');
    const response = await fetch(`${sandbox.url}${TOKEN_PATH}`, {
      method: 'POST',
      headers: { 'user-agent': 'OpenAPI' },
      body: form,
    });
    expect(response.status).toBe(200);
    const envelope = envelopeSchema.parse(parseJson(await response.text()));
    expect(issuedTokenSchema.safeParse(envelope.result).success).toBe(true);
  });

  it('when the client secret is wrong, then 401 is answered without echoing the secret', async () => {
    const answer = await postForm(sandbox, {
      grant_type: 'pp_credentials',
      client_id: 'sandbox',
      client_secret: 'guessed-secret-123',
    });
    expect(answer.status).toBe(401);
    expect(answer.envelope).toMatchObject({ code: 'unauthorized', status: 401, result: null });
    expect(answer.text).not.toContain('guessed-secret-123');
  });

  it.each([
    ['grant_type is missing', { client_id: 'sandbox', client_secret: 'x' }, 'grant_type'],
    ['client_secret is missing', { grant_type: 'pp_credentials', client_id: 'sandbox' }, 'client_secret'],
    ['grant_type is client_credentials', { grant_type: 'client_credentials' }, 'grant_type'],
  ])('when %s, then the token call answers 400 naming the field', async (_when, form, field) => {
    const answer = await postForm(sandbox, form);
    expect(answer.status).toBe(400);
    expect(answer.envelope).toMatchObject({ code: 'parameter_validation_failed', result: { field } });
  });

  it('when the token call is sent as JSON, then it is refused with 415', async () => {
    const response = await fetch(`${sandbox.url}${TOKEN_PATH}`, {
      method: 'POST',
      headers: { 'user-agent': 'OpenAPI', 'content-type': 'application/json' },
      body: '{"grant_type":"pp_credentials"}',
    });
    expect(response.status).toBe(415);
  });
});

describe('refresh', () => {
  it('when a refresh token is presented, then a new working access token is issued', async () => {
    const first = await issueToken(sandbox);
    const answer = await postForm(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: first.refreshToken,
    });
    expect(answer.status).toBe(200);
    const second = issuedTokenSchema.parse(answer.envelope.result);
    expect(second.token).not.toBe(first.token);
    expect((await call(sandbox, CONTACTS, { token: second.token })).status).toBe(200);
  });

  it('when the refresh also carries the client credentials, then they are tolerated', async () => {
    const { refreshToken } = await issueToken(sandbox);
    const answer = await postForm(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: 'sandbox',
      client_secret: 'sandbox-secret',
    });
    expect(answer.status).toBe(200);
  });

  it('when an access token is presented as a refresh token, then it is refused', async () => {
    const { token } = await issueToken(sandbox);
    const answer = await postForm(sandbox, { grant_type: 'refresh_token', refresh_token: token });
    expect(answer.status).toBe(401);
    expect(answer.envelope.detailMessage).toBe('refresh_token is not a refresh token');
  });

  it('when the refresh token has expired, then it is refused with token_expired', async () => {
    const shortLived = await startPartnerApiSandbox({ refreshTokenTtlSeconds: 0 });
    try {
      const { refreshToken } = await issueToken(shortLived);
      const answer = await postForm(shortLived, { grant_type: 'refresh_token', refresh_token: refreshToken });
      expect(answer.status).toBe(401);
      expect(answer.envelope.code).toBe('token_expired');
    } finally {
      await shortLived.close();
    }
  });
});

describe('access token checks', () => {
  it.each([
    ['no Authorization header', () => undefined],
    ['a refresh token used as access token', (t: { refreshToken: string }) => t.refreshToken],
    ['a token with a forged signature', (t: { token: string }) => `${t.token.slice(0, -4)}AAAA`],
    ['a token signed by someone else', () => jwt.sign({ aud: ['res1'], token_type: 'openapi' }, 'k')],
    ['a malformed token', () => 'not-a-jwt'],
  ])('when a call carries %s, then it is refused with 401 unauthorized', async (_when, pick) => {
    const tokens = await issueToken(sandbox);
    const answer = await call(sandbox, CONTACTS, { token: pick(tokens) });
    expect(answer.status).toBe(401);
    expect(answer.envelope).toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('when the access token has expired, then calls are refused with token_expired', async () => {
    const shortLived = await startPartnerApiSandbox({ accessTokenTtlSeconds: 0 });
    try {
      const answer = await call(shortLived, CONTACTS, { token: await accessToken(shortLived) });
      expect(answer.status).toBe(401);
      expect(answer.envelope).toMatchObject({
        code: 'token_expired',
        detailMessage: 'access token has expired',
      });
    } finally {
      await shortLived.close();
    }
  });

  it('when all tokens are expired, then issued access tokens are refused but refresh tokens still work', async () => {
    const { token, refreshToken } = await issueToken(sandbox);
    sandbox.expireAllTokens();

    const refused = await call(sandbox, CONTACTS, { token });
    expect(refused.status).toBe(401);
    expect(refused.envelope.code).toBe('token_expired');

    const refreshed = await postForm(sandbox, { grant_type: 'refresh_token', refresh_token: refreshToken });
    const fresh = issuedTokenSchema.parse(refreshed.envelope.result);
    expect((await call(sandbox, CONTACTS, { token: fresh.token })).status).toBe(200);
  });
});

describe('envelope and routing', () => {
  it('when a request has no User-Agent, then it is refused with 400 naming the header', async () => {
    const token = await accessToken(sandbox);
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${sandbox.url}${CONTACTS}`,
        { headers: { authorization: `Bearer ${token}` } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(400);
    const envelope = envelopeSchema.parse(parseJson(body));
    expect(envelope).toMatchObject({ code: 'parameter_validation_failed', status: 400 });
    expect(envelope.detailMessage).toMatch(/User-Agent header is required/);
  });

  it('when a path is unknown, then a 404 envelope is answered', async () => {
    const answer = await call(sandbox, '/order/openapi/order/v1/cancel', {
      token: await accessToken(sandbox),
    });
    expect(answer.status).toBe(404);
    expect(answer.envelope).toMatchObject({ code: 'not_found', status: 404 });
    expect(answer.envelope.requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('when a known path is called with the wrong method, then a 405 envelope names the right one', async () => {
    const answer = await call(sandbox, '/order/openapi/order/v1/page', {
      token: await accessToken(sandbox),
      body: '{}',
    });
    expect(answer.status).toBe(405);
    expect(answer.envelope).toMatchObject({ code: 'method_not_allowed', status: 405 });
    expect(answer.envelope.detailMessage).toMatch(/use GET/);
  });
});
