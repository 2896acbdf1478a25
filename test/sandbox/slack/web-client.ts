import { webApi } from '@slack/bolt';
import { createLogger } from '../../../src/logger';
import { boltLogger } from '../../../src/slack/logger-adapter';

/** A real @slack/web-api client pointed at the emulator, failing fast and logging nothing. */
const silent = boltLogger(createLogger('silent'));

export function webClient(
  apiUrl: string,
  token: string,
  options: webApi.WebClientOptions = {},
): webApi.WebClient {
  return new webApi.WebClient(token, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    logger: silent,
    ...options,
  });
}

/** The Slack error code of a refused call (the client throws WebAPIPlatformError). */
export async function slackError(call: Promise<unknown>): Promise<{ error: string; messages: string[] }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof webApi.WebAPIPlatformError) {
      return { error: error.data.error, messages: error.data.response_metadata?.messages ?? [] };
    }
    throw error;
  }
  throw new Error('expected the call to be refused');
}
