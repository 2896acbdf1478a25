import { webApi } from '@slack/bolt';
import { type SlackEmulator, startSlackEmulator } from '../../../src/sandbox/slack';
import { handleControl } from '../../../src/sandbox/slack/control';
import { FaultQueue } from '../../../src/sandbox/slack/faults';
import { Workspace } from '../../../src/sandbox/slack/workspace';
import { webClient } from './web-client';

let emulator: SlackEmulator;
let client: webApi.WebClient;
let clock: number;

beforeEach(async () => {
  clock = Date.UTC(2026, 0, 5, 9);
  emulator = await startSlackEmulator({ now: () => clock });
  client = webClient(emulator.apiUrl, emulator.botToken);
});

afterEach(() => emulator.close());

async function control(body: unknown, path = 'faults') {
  const response = await fetch(`${emulator.url}/__emulator/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const post = (text = 'hello') => client.chat.postMessage({ channel: 'CGENERAL', text });

describe('POST /__emulator/faults', () => {
  test('when hangNext is set for a method, then the answer lists it and the next call is performed but never answered', async () => {
    const set = await control({ method: 'chat.postMessage', hangNext: 1 });
    const impatient = webClient(emulator.apiUrl, emulator.botToken, { timeout: 150 });

    expect(set).toEqual({
      status: 200,
      body: {
        ok: true,
        pending: { 'chat.postMessage': [{ kind: 'hang' }] },
        historyLagMs: 0,
        revokedScopes: [],
        botRemovedFrom: [],
      },
    });
    await expect(impatient.chat.postMessage({ channel: 'CGENERAL', text: 'unheard' })).rejects.toThrow(
      webApi.WebAPIRequestError,
    );
    expect(emulator.messages('CGENERAL').map((m) => m.text)).toEqual(['unheard']);
  });

  test('when loseAnswerNext is set, then the next call is performed and its connection dropped', async () => {
    await control({ method: 'chat.postMessage', loseAnswerNext: 1 });

    await expect(post()).rejects.toThrow(webApi.WebAPIRequestError);
    expect(emulator.calls('chat.postMessage')).toMatchObject([{ ok: true, unanswered: 'lost' }]);
  });

  test('when rateLimitNext is set, then the next call answers 429 with that Retry-After', async () => {
    await control({ method: 'chat.postMessage', rateLimitNext: { count: 1, retryAfterSeconds: 9 } });
    const strict = webClient(emulator.apiUrl, emulator.botToken, { rejectRateLimitedCalls: true });

    const limited = await strict.chat.postMessage({ channel: 'CGENERAL', text: 'hi' }).catch((e) => e);

    expect(limited).toBeInstanceOf(webApi.WebAPIRateLimitedError);
    expect((limited as webApi.WebAPIRateLimitedError).retryAfter).toBe(9);
  });

  test('when failNext is set with a status, then that many calls answer it; without one, 500', async () => {
    await control({ method: 'chat.postMessage', failNext: { count: 1, status: 503 } });
    await control({ method: 'chat.postMessage', failNext: { count: 1 } });

    const statuses = [];
    for (let i = 0; i < 2; i += 1)
      statuses.push(((await post().catch((e) => e)) as webApi.WebAPIHTTPError).statusCode);

    expect(statuses).toEqual([503, 500]);
    expect((await post()).ok).toBe(true);
  });

  test('when historyLagMs is set, then history trails writes by that long on the emulator clock', async () => {
    expect((await control({ historyLagMs: 500 })).body).toMatchObject({ historyLagMs: 500 });
    await post();

    expect((await client.conversations.history({ channel: 'CGENERAL' })).messages).toEqual([]);
    clock += 500;
    expect((await client.conversations.history({ channel: 'CGENERAL' })).messages).toHaveLength(1);
  });

  test('when clear comes with new faults, then it clears first and the new ones stay armed', async () => {
    await control({ method: 'auth.test', hangNext: 3, historyLagMs: 100 });

    const set = await control({
      clear: true,
      method: 'chat.postMessage',
      failNext: { count: 2, status: 502 },
    });

    expect(set.body).toEqual({
      ok: true,
      pending: {
        'chat.postMessage': [
          { kind: 'http_error', status: 502 },
          { kind: 'http_error', status: 502 },
        ],
      },
      historyLagMs: 0,
      revokedScopes: [],
      botRemovedFrom: [],
    });
  });

  test('when controls are used, then they are not recorded as calls nor subject to the faults they set', async () => {
    await control({ method: 'faults', hangNext: 1 });

    expect((await control({})).status).toBe(200);
    expect(emulator.calls()).toEqual([]);
  });

  test.each([
    [{ hangNext: 1 }, 'method: required with rateLimitNext, failNext, hangNext, loseAnswerNext'],
    [{ method: 'chat.postMessage', hangNext: -1 }, 'hangNext'],
    [{ method: 'chat.postMessage', failNext: { count: 1, status: 200 } }, 'failNext.status'],
    [{ method: 'chat.postMessage', rateLimitNext: { count: 1 } }, 'rateLimitNext.retryAfterSeconds'],
    [{ hangnext: 1 }, 'body'],
    [{ historyLagMs: '2s' }, 'historyLagMs'],
  ])(
    'when the body is %j, then it is refused with 400 naming %s and nothing is armed',
    async (body, field) => {
      const refused = await control(body);

      expect(refused).toMatchObject({ status: 400, body: { ok: false, error: 'invalid_faults' } });
      expect(String(refused.body.messages)).toContain(field);
      expect((await control({})).body).toMatchObject({ pending: {}, historyLagMs: 0 });
    },
  );

  test('when the body is not JSON, then it is refused with 400 invalid_json', async () => {
    expect(await control('{hangNext')).toEqual({ status: 400, body: { ok: false, error: 'invalid_json' } });
  });

  test('when an unknown control is called, then it answers 404', async () => {
    expect((await control({}, 'reboot')).status).toBe(404);
  });
});

test('when a control comes from beyond loopback, then it is refused with 403 and nothing is armed', () => {
  const faults = new FaultQueue();
  const body = JSON.stringify({ method: 'chat.postMessage', hangNext: 1 });

  const answer = handleControl(
    { method: 'POST', remoteAddress: '10.1.2.3' },
    new URL('http://127.0.0.1/__emulator/faults'),
    body,
    { faults, workspace: new Workspace(), url: 'http://127.0.0.1' },
  );

  expect(answer).toEqual({ status: 403, body: { ok: false, error: 'forbidden' } });
  expect(faults.snapshot()).toEqual({ pending: {}, historyLagMs: 0, revokedScopes: [], botRemovedFrom: [] });
});
