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
