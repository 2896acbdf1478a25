import type { webApi } from '@slack/bolt';
import type { Logger } from '../../logger';
import { errorSummary } from '../error-summary';
import type { AppHome } from '../home';

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

/** Where a click was made: a message in a channel, or the clicker's own Home tab. */
export type ClickSurface = { kind: 'channel'; channel: string } | { kind: 'home' };

export interface ClickAnswerDeps {
  logger: Logger;
  home: Pick<AppHome, 'publish'>;
}

/**
 * Answers a click where it was made. In a channel: a refusal to the clicker alone, and nothing when it
 * went through (the messages show it). On the Home tab: the Home as it is now, the refusal on top.
 */
export async function answerClick(
  deps: ClickAnswerDeps,
  click: { client: webApi.WebClient; userId: string; surface: ClickSurface },
  refusal?: string,
): Promise<void> {
  const { client, userId, surface } = click;
  if (surface.kind === 'home') await deps.home.publish(client, userId, refusal ? { notice: refusal } : {});
  else if (refusal)
    await tellOnly(client, deps.logger, { channel: surface.channel, user: userId, text: refusal });
}
