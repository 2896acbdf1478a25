import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../../src/sandbox/partner-api/index';
import { parseJson } from '../../../src/yeastar/json';
import { type Envelope, envelopeSchema, tokenSchema } from '../../../src/yeastar/schemas';

/** A tiny Partner API caller for the tests: real HTTP with fetch, lossless parsing, nothing mocked. */

export const TOKEN_PATH = '/auth/openapi/v1/oauth/token';
export const SAVE_PATH = '/order/openapi/order/v1/save';

export interface Answer {
  status: number;
  text: string;
  envelope: Envelope;
}

async function toAnswer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, text, envelope: envelopeSchema.parse(parseJson(text)) };
}

export async function postForm(sandbox: PartnerApiSandbox, form: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${sandbox.url}${TOKEN_PATH}`, {
    method: 'POST',
    headers: { 'user-agent': 'OpenAPI', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return toAnswer(response);
}

/** What the sandbox always answers: the client tolerates an answer without a refresh token, the sandbox sends one. */
export const issuedTokenSchema = tokenSchema.extend({ refreshToken: z.string().min(1) });

export async function issueToken(sandbox: PartnerApiSandbox) {
  const answer = await postForm(sandbox, {
    grant_type: 'pp_credentials',
    client_id: 'sandbox',
    client_secret: 'sandbox-secret',
  });
  return issuedTokenSchema.parse(answer.envelope.result);
}

export async function accessToken(sandbox: PartnerApiSandbox): Promise<string> {
  return (await issueToken(sandbox)).token;
}

export interface LiveSandbox {
  sandbox: PartnerApiSandbox;
  /** An access token of the sandbox's default account. */
  token: string;
}

/**
 * A sandbox and an access token to it, started before each test (or once before all of the file's tests)
 * and closed after. A test may replace `sandbox` with a new one; that one is closed instead.
 */
export function useSandbox(scope: 'each' | 'all'): LiveSandbox {
  const live = {} as LiveSandbox;
  (scope === 'each' ? beforeEach : beforeAll)(async () => {
    live.sandbox = await startPartnerApiSandbox();
    live.token = await accessToken(live.sandbox);
  });
  (scope === 'each' ? afterEach : afterAll)(async () => {
    await live.sandbox.close();
  });
  return live;
}

export interface CallOptions {
  token?: string;
  /** A JSON body sent as is (POST). */
  body?: string;
  /** To give up on the call, as a client with a deadline does. */
  signal?: AbortSignal;
}

export async function callRaw(sandbox: PartnerApiSandbox, path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = { 'user-agent': 'OpenAPI' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${sandbox.url}${path}`, {
    method: options.body === undefined ? 'GET' : 'POST',
    headers,
    body: options.body,
    signal: options.signal,
  });
}

export async function call(
  sandbox: PartnerApiSandbox,
  path: string,
  options: CallOptions = {},
): Promise<Answer> {
  return toAnswer(await callRaw(sandbox, path, options));
}

export const TUTORIALS = [
  'purchase-p-series-appliance-plan',
  'purchase-remote-management-premium',
  'renew-p-series-turnkey-package',
  'renew-rm-premium',
  'renew-ycm-white-label',
] as const;
export type Tutorial = (typeof TUTORIALS)[number];

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'tutorials');

/** The tutorial's request body, byte for byte. */
export function tutorialRequest(name: Tutorial): string {
  return readFileSync(join(FIXTURES, `${name}.request.json`), 'utf8');
}

export function tutorialResponse(name: Tutorial): unknown {
  return parseJson(readFileSync(join(FIXTURES, `${name}.response.json`), 'utf8'));
}

/** Edits a tutorial body as text, so long integers stay raw literals; fails loudly if the text is absent. */
export function editTutorial(name: Tutorial, ...edits: Array<[string | RegExp, string]>): string {
  return edits.reduce((text, [from, to]) => {
    const edited = text.replace(from, to);
    if (edited === text) throw new Error(`edit ${String(from)} did not apply to ${name}`);
    return edited;
  }, tutorialRequest(name));
}

/** Adds top-level fields in front of a tutorial body's own. */
export function withFields(name: Tutorial, fields: string): string {
  return editTutorial(name, [/^\{/, `{${fields},`]);
}
