import type { webApi } from '@slack/bolt';
import { z } from 'zod';

/**
 * Finds the app's own messages in Slack by the metadata every post carries, so that a post whose answer
 * was lost is not posted again, and every copy of an approval message can be stamped. Needs the
 * `channels:history`, `groups:history` and `im:history` scopes (and `im:write` to name a DM by user).
 */

export const MESSAGE_EVENT_TYPE = 'yeastar_order_desk_message';

export interface Posted {
  channel: string;
  ts: string;
}

/** The metadata a post carries: its outbox key, which no other message has. */
export function messageMetadata(key: string) {
  return { event_type: MESSAGE_EVENT_TYPE, event_payload: { key } };
}

const pageSchema = z.object({
  messages: z
    .array(
      z.object({
        ts: z.string(),
        metadata: z
          .object({ event_type: z.string(), event_payload: z.record(z.string(), z.unknown()).optional() })
          .optional(),
      }),
    )
    .default([]),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});
const openedSchema = z.object({ channel: z.object({ id: z.string() }) });

/** Messages read before the search gives up: far more than one request's thread or one day's channel. */
const PAGE_LIMIT = 200;
const MAX_PAGES = 5;
/** How far before the message was queued its post is looked for: covers clocks that disagree. */
const SKEW_MS = 10 * 60_000;

export interface Sought {
  /** As the post named it: a channel id, or a user id for a DM. */
  channel: string;
  /** The parent's ts, for a thread reply. */
  threadTs?: string;
  key: string;
  /** When the message was queued; it cannot have been posted much earlier. */
  since: Date;
}

export class MessageFinder {
  constructor(private readonly client: Pick<webApi.WebClient, 'apiCall'>) {}

  /** Where the sought message is posted, if it is. Throws when Slack cannot be asked. */
  async find(sought: Sought): Promise<Posted | undefined> {
    return (await this.findAll(sought))[0];
  }

  /** Every copy of the sought message, oldest first. */
  async findAll(sought: Sought): Promise<Posted[]> {
    const channel = await this.conversationOf(sought.channel);
    const oldest = ((sought.since.getTime() - SKEW_MS) / 1000).toFixed(6);
    const method = sought.threadTs ? 'conversations.replies' : 'conversations.history';
    const found: Posted[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = pageSchema.parse(
        await this.client.apiCall(method, {
          channel,
          ...(sought.threadTs && { ts: sought.threadTs }),
          oldest,
          limit: PAGE_LIMIT,
          include_all_metadata: true,
          ...(cursor && { cursor }),
        }),
      );
      for (const m of answer.messages) {
        if (m.metadata?.event_type === MESSAGE_EVENT_TYPE && m.metadata.event_payload?.key === sought.key) {
          found.push({ channel, ts: m.ts });
        }
      }
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return found.sort((a, b) => Number(a.ts) - Number(b.ts));
  }

  /** A DM is posted to a user id, but its history is read by the DM's own channel id. */
  private async conversationOf(channel: string): Promise<string> {
    if (!/^[UW]/.test(channel)) return channel;
    return openedSchema.parse(await this.client.apiCall('conversations.open', { users: channel })).channel.id;
  }
}
