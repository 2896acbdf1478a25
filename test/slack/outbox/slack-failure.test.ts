import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { createLogger } from '../../../src/logger';
import { type SlackEmulator, startSlackEmulator } from '../../../src/sandbox/slack';
import { createOutboxClient } from '../../../src/slack/outbox/client';
import { classifySlackFailure, type SlackFailure } from '../../../src/slack/outbox/slack-failure';
import { APPROVALS } from '../support/e2e-harness';

/**
 * Each failure classified as the outbox meets it: a real error thrown by the outbox's own WebClient,
 * provoked from the Slack emulator (or, for platform errors it never sends, from a loopback server
 * answering exactly as Slack does).
 */

/** Short for the test of a Slack that never answers; the others get time to spare on a loaded machine. */
const HANG_TIMEOUT_MS = 200;
const TIMEOUT_MS = 5000;
let emulator: SlackEmulator;

beforeEach(async () => {
  emulator = await startSlackEmulator();
});
afterEach(() => emulator.close());

function outboxClient(
  apiUrl = emulator.apiUrl,
  token = emulator.botToken,
  timeoutMs = TIMEOUT_MS,
): webApi.WebClient {
  return createOutboxClient(
    { SLACK_BOT_TOKEN: token, SLACK_API_URL: apiUrl },
    createLogger('silent'),
    timeoutMs,
  );
}

/** The error the call was refused with, classified; fails the test when the call succeeds. */
async function failureOf(call: Promise<unknown>): Promise<{ error: unknown; failure: SlackFailure }> {
  const error = await call.then(
    () => {
      throw new Error('expected the Slack call to fail');
    },
    (e: unknown) => e,
  );
  return { error, failure: classifySlackFailure(error) };
}

const post = (client: webApi.WebClient, channel = APPROVALS) =>
  client.chat.postMessage({ channel, text: 'Order request YOD-1' });

describe('rate limits', () => {
  test.each([1, 7, 120])(
    'when Slack answers 429 with Retry-After: %i, then the message is retried exactly that many seconds later',
    async (seconds) => {
      emulator.faults.rateLimitNext('chat.postMessage', 1, seconds);

      const { error, failure } = await failureOf(post(outboxClient()));

      expect(error).toBeInstanceOf(webApi.WebAPIRateLimitedError);
      expect(failure).toEqual({
        retry: true,
        retryAfterMs: seconds * 1000,
        outcomeUnknown: false,
        message: expect.any(String),
      });
    },
  );
});

describe('transport failures', () => {
  test.each([500, 502, 503, 504])(
    'when Slack answers HTTP %i, then the message is retried on the backoff schedule, looked for first (Slack may have posted it)',
    async (status) => {
      emulator.faults.failNext('chat.postMessage', 1, status);

      const { error, failure } = await failureOf(post(outboxClient()));

      expect(error).toBeInstanceOf(webApi.WebAPIHTTPError);
      expect(failure).toEqual({
        retry: true,
        outcomeUnknown: true,
        message: expect.stringContaining(String(status)),
      });
    },
  );

  test('when Slack does not answer within the client timeout, then the message is retried, looked for first', async () => {
    emulator.faults.hangNext('chat.postMessage', 1);

    const { error, failure } = await failureOf(
      post(outboxClient(emulator.apiUrl, emulator.botToken, HANG_TIMEOUT_MS)),
    );

    expect(error).toBeInstanceOf(webApi.WebAPIRequestError);
    expect(failure).toEqual({ retry: true, outcomeUnknown: true, message: expect.any(String) });
  });

  test('when Slack posts the message but its answer is lost, then the message is retried, looked for first', async () => {
    emulator.faults.loseAnswerNext('chat.postMessage', 1);

    const { error, failure } = await failureOf(post(outboxClient()));

    expect(error).toBeInstanceOf(webApi.WebAPIRequestError);
    expect(failure).toEqual({ retry: true, outcomeUnknown: true, message: expect.any(String) });
    expect(emulator.messages(APPROVALS)).toHaveLength(1);
  });

  test('when nothing listens at the Slack address (connection refused), then the message is retried', async () => {
    const closed = await startSlackEmulator();
    await closed.close();

    const { error, failure } = await failureOf(post(outboxClient(closed.apiUrl)));

    expect(error).toBeInstanceOf(webApi.WebAPIRequestError);
    // A refused connection did nothing, but the client cannot tell it from a reset after the post.
    expect(failure).toEqual({ retry: true, outcomeUnknown: true, message: expect.any(String) });
  });
});

describe('platform errors the emulator gives', () => {
  test('when the channel is not one the bot can see (channel_not_found), then the message is retried: an admin fixes the setting or invites the bot', async () => {
    const { error, failure } = await failureOf(post(outboxClient(), 'CNOSUCHCHANNEL'));

    expect(error).toBeInstanceOf(webApi.WebAPIPlatformError);
    expect(failure).toEqual({
      retry: true,
      outcomeUnknown: false,
      channelUnreachable: true,
      message: expect.stringContaining('channel_not_found'),
    });
  });

  test('when the bot is not in the channel (not_in_channel), then the message is retried as unreachable', async () => {
    emulator.faults.removeBot([APPROVALS]);

    const { failure } = await failureOf(post(outboxClient(), APPROVALS));

    expect(failure).toEqual({
      retry: true,
      outcomeUnknown: false,
      channelUnreachable: true,
      message: expect.stringContaining('not_in_channel'),
    });
  });

  test('when the message to stamp is gone (message_not_found), then the stamp is given up', async () => {
    const client = outboxClient();

    const { failure } = await failureOf(
      client.chat.update({ channel: APPROVALS, ts: '1.000001', text: 'x' }),
    );

    expect(failure).toEqual({ retry: false, message: expect.stringContaining('message_not_found') });
  });

  test('when the message to stamp was written by a person (cant_update_message), then the stamp is given up', async () => {
    const theirs = emulator.postAsUser('UOTHER', APPROVALS, 'hello');

    const { failure } = await failureOf(
      outboxClient().chat.update({ channel: APPROVALS, ts: theirs.ts, text: 'x' }),
    );

    expect(failure).toEqual({ retry: false, message: expect.stringContaining('cant_update_message') });
  });

  test.each([
    ['wrong', 'invalid_auth', 'xoxb-0000-wrong-token'],
    ['missing', 'not_authed', ''],
  ])(
    'when the bot token is %s (%s), then the message is retried once an operator fixes it, and no token is in the error',
    async (_, code, token) => {
      const { error, failure } = await failureOf(post(outboxClient(emulator.apiUrl, token)));

      expect(error).toBeInstanceOf(webApi.WebAPIPlatformError);
      expect(failure).toEqual({ retry: true, outcomeUnknown: false, message: expect.stringContaining(code) });
      expect(failure.message).not.toMatch(/xox[bp]-/);
    },
  );
});

describe('platform errors the emulator never gives', () => {
  let slack: Server;
  let answer: string;

  /** Answers every call as Slack answers a refused one: HTTP 200, ok false, the error code. */
  beforeEach(async () => {
    slack = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: answer }));
    });
    await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve));
  });
  afterEach(() => new Promise<void>((resolve) => slack.close(() => resolve())));

  function refusedWith(error: string): Promise<{ error: unknown; failure: SlackFailure }> {
    answer = error;
    const { port } = slack.address() as AddressInfo;
    return failureOf(post(outboxClient(`http://127.0.0.1:${port}/api/`)));
  }

  test.each([
    'ratelimited',
    'rate_limited',
    'internal_error',
    'fatal_error',
    'service_unavailable',
    'request_timeout',
    'token_revoked',
    'token_expired',
    'account_inactive',
  ])(
    'when Slack refuses with %s (its trouble, or credentials an operator fixes), then the message is retried',
    async (code) => {
      const { error, failure } = await refusedWith(code);

      expect(error).toBeInstanceOf(webApi.WebAPIPlatformError);
      expect(failure).toEqual({ retry: true, outcomeUnknown: false, message: expect.stringContaining(code) });
    },
  );

  test('when the channel is archived (is_archived), then the message is retried as unreachable', async () => {
    const { failure } = await refusedWith('is_archived');

    expect(failure).toMatchObject({ retry: true, channelUnreachable: true });
  });

  test.each(['invalid_blocks', 'msg_too_long', 'no_text'])(
    'when Slack refuses with %s (about the message itself), then the message is given up',
    async (code) => {
      const { failure } = await refusedWith(code);

      expect(failure).toEqual({ retry: false, message: expect.stringContaining(code) });
    },
  );
});
