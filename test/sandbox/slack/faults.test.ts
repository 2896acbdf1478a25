import { webApi } from '@slack/bolt';
import { type SlackEmulator, startSlackEmulator } from '../../../src/sandbox/slack';
import { webClient } from './web-client';

let emulator: SlackEmulator;

beforeEach(async () => {
  emulator = await startSlackEmulator();
});

afterEach(() => emulator.close());

const post = (client: webApi.WebClient) => client.chat.postMessage({ channel: 'CGENERAL', text: 'hello' });

test('when a method is rate limited, then the client sees 429 with Retry-After as WebAPIRateLimitedError, and the next call succeeds', async () => {
  const client = webClient(emulator.apiUrl, emulator.botToken, { rejectRateLimitedCalls: true });
  emulator.faults.rateLimitNext('chat.postMessage', 1, 7);

  const limited = await post(client).catch((error: unknown) => error);

  expect(limited).toBeInstanceOf(webApi.WebAPIRateLimitedError);
  expect((limited as webApi.WebAPIRateLimitedError).retryAfter).toBe(7);
  expect((await post(client)).ok).toBe(true);
  expect(emulator.calls('chat.postMessage').map((c) => c.error ?? 'ok')).toEqual(['ratelimited', 'ok']);
  expect(emulator.messages('CGENERAL')).toHaveLength(1);
});

test('when a method fails with a server error, then the client sees WebAPIHTTPError with that status for each faulted call', async () => {
  const client = webClient(emulator.apiUrl, emulator.botToken);
  emulator.faults.failNext('chat.postMessage', 2, 503);

  for (let i = 0; i < 2; i += 1) {
    const failed = await post(client).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(webApi.WebAPIHTTPError);
    expect((failed as webApi.WebAPIHTTPError).statusCode).toBe(503);
  }
  expect((await post(client)).ok).toBe(true);
});

test('when a method hangs, then the client times out and the emulator still answers other methods', async () => {
  const client = webClient(emulator.apiUrl, emulator.botToken, { timeout: 150 });
  emulator.faults.hangNext('views.open', 1);

  const hung = await client.views
    .open({
      trigger_id: 'any',
      view: { type: 'modal', title: { type: 'plain_text', text: 't' }, blocks: [] },
    })
    .catch((e: unknown) => e);

  expect(hung).toBeInstanceOf(webApi.WebAPIRequestError);
  expect((await post(client)).ok).toBe(true);
  // The hung call was still performed: its refusal is recorded, though the app never heard it.
  expect(emulator.calls('views.open')).toMatchObject([
    { ok: false, error: 'invalid_trigger_id', unanswered: 'hang' },
  ]);
});

test('when a post hangs, then the caller times out but the message is posted and recorded as unanswered', async () => {
  const client = webClient(emulator.apiUrl, emulator.botToken, { timeout: 150 });
  emulator.faults.hangNext('chat.postMessage', 1);

  const hung = await post(client).catch((e: unknown) => e);

  expect(hung).toBeInstanceOf(webApi.WebAPIRequestError);
  expect(emulator.messages('CGENERAL').map((m) => m.text)).toEqual(['hello']);
  expect(emulator.calls('chat.postMessage')).toEqual([
    expect.objectContaining({ ok: true, unanswered: 'hang' }),
  ]);
  expect(emulator.calls('chat.postMessage')[0]).not.toHaveProperty('error');
});

test('when an answer is lost, then the caller sees a socket error, the message exists and the next call is answered', async () => {
  const client = webClient(emulator.apiUrl, emulator.botToken);
  emulator.faults.loseAnswerNext('chat.postMessage', 1);

  const lost = await post(client).catch((e: unknown) => e);

  expect(lost).toBeInstanceOf(webApi.WebAPIRequestError);
  expect(emulator.messages('CGENERAL').map((m) => m.text)).toEqual(['hello']);
  expect((await post(client)).ok).toBe(true);
  expect(emulator.calls('chat.postMessage').map((c) => c.unanswered ?? 'answered')).toEqual([
    'lost',
    'answered',
  ]);
});

test('when an answer is lost, then the connection closes before a single byte of HTTP answer', async () => {
  emulator.faults.loseAnswerNext('auth.test', 1);

  const lost = await fetch(`${emulator.apiUrl}auth.test`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emulator.botToken}` },
  }).catch((e: unknown) => e);

  expect(lost).toMatchObject({
    message: 'fetch failed',
    cause: { code: 'UND_ERR_SOCKET', socket: { bytesRead: 0 } },
  });
  expect(emulator.calls('auth.test')).toMatchObject([{ ok: true, unanswered: 'lost' }]);
});

test('when a call is left hanging, then it gets no answer until the emulator closes', async () => {
  const own = await startSlackEmulator();
  own.faults.hangNext('auth.test', 1);
  const pending = webClient(own.apiUrl, own.botToken)
    .auth.test()
    .catch((e: unknown) => e);
  await own.waitFor(() => own.calls('auth.test').length === 1, { what: 'the hung call to arrive' });

  await own.close();

  expect(await pending).toBeInstanceOf(webApi.WebAPIRequestError);
});

test('when faults are cleared, then the pending ones no longer apply', async () => {
  const client = webClient(emulator.apiUrl, emulator.botToken);
  emulator.faults.failNext('chat.postMessage', 3);
  emulator.faults.hangNext('chat.postMessage', 1);
  emulator.faults.loseAnswerNext('chat.postMessage', 1);

  emulator.faults.clear();

  expect((await post(client)).ok).toBe(true);
});
