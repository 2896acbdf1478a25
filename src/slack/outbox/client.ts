import { webApi } from '@slack/bolt';
import type { Logger } from '../../logger';
import type { SlackSettings } from '../app';
import { boltLogger } from '../logger-adapter';

/**
 * The Web API client the outbox delivers with: no retries of its own, rate limits handed back at once
 * (with their Retry-After) and a timeout, so one slow Slack call never holds a listener for minutes. The
 * outbox retries instead, durably. The app's own client (views.open and the like) is left as it is.
 */
export function createOutboxClient(
  settings: Pick<SlackSettings, 'SLACK_BOT_TOKEN' | 'SLACK_API_URL'>,
  logger: Logger,
  timeoutMs: number,
): webApi.WebClient {
  return new webApi.WebClient(settings.SLACK_BOT_TOKEN, {
    ...(settings.SLACK_API_URL ? { slackApiUrl: settings.SLACK_API_URL } : {}),
    logger: boltLogger(logger),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
  });
}

/** Slack's error code of a failed call, or what kind of failure it was when Slack gave no answer. */
function slackErrorOf(err: unknown): string {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  if (typeof data?.error === 'string') return data.error;
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'unknown';
}

/** The outbox's client, telling `onError` of every call that fails (metrics), then failing as before. */
export function observedClient(
  client: Pick<webApi.WebClient, 'apiCall'>,
  onError: (method: string, error: string) => void,
): Pick<webApi.WebClient, 'apiCall'> {
  return {
    apiCall: async (method, options) => {
      try {
        return await client.apiCall(method, options);
      } catch (err) {
        onError(method, slackErrorOf(err));
        throw err;
      }
    },
  };
}
