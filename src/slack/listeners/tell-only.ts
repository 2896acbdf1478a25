import type { webApi } from '@slack/bolt';
import type { Logger } from '../../logger';
import { errorSummary } from '../error-summary';

/**
 * Tells one person alone, in the channel they clicked in, why their click changed nothing. Not queued: it
 * answers a click of now, and a failure is only logged.
 */
export async function tellOnly(
  client: webApi.WebClient,
  logger: Logger,
  message: { channel: string; user: string; text: string },
): Promise<void> {
  try {
    await client.chat.postEphemeral(message);
  } catch (err) {
    logger.warn({ userId: message.user, error: errorSummary(err) }, 'ephemeral message not posted');
  }
}
