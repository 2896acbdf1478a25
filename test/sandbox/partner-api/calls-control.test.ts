import { parseJson } from '../../../src/yeastar/json';
import { call, TOKEN_PATH, useSandbox } from './client';

const CONTACTS = '/user/openapi/user/v1/client/billing_contact_list';
const live = useSandbox('each');

async function calls(query = '') {
  const response = await fetch(`${live.sandbox.url}/__sandbox/calls${query}`);
  return { status: response.status, envelope: parseJson(await response.text()) as { result: unknown } };
}

describe('GET /__sandbox/calls', () => {
  it('when calls were made, then it counts them by path, the token call included and its own reads not', async () => {
    await call(live.sandbox, CONTACTS, { token: live.token });
    await call(live.sandbox, CONTACTS, { token: live.token });
    await calls();

    expect((await calls()).envelope.result).toEqual({ total: 3, byPath: { [TOKEN_PATH]: 1, [CONTACTS]: 2 } });
  });

  it('when a time span is given, then only the calls received within it count, its end excluded', async () => {
    const before = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const from = Date.now();
    await call(live.sandbox, CONTACTS, { token: live.token });
    const to = Date.now() + 1;

    expect((await calls(`?from=${from}`)).envelope.result).toEqual({ total: 1, byPath: { [CONTACTS]: 1 } });
    expect((await calls(`?from=${before}&to=${from}`)).envelope.result).toEqual({ total: 0, byPath: {} });
    expect((await calls(`?from=${to}`)).envelope.result).toEqual({ total: 0, byPath: {} });
  });

  it('when the span is not a pair of epoch milliseconds, then it is refused with 400', async () => {
    expect((await calls('?from=yesterday')).status).toBe(400);
    expect((await calls('?since=1')).status).toBe(400);
  });
});
