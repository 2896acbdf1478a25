import type { webApi } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import type { UsergroupMembers } from '../orders';

/**
 * Approver user-group members from usergroups.users.list, cached (a minute by default) so that a burst of
 * clicks costs one Slack call; concurrent lookups of one group share it. When Slack fails, the last list
 * read is kept; with none, the lookup throws and the click is refused as unanswerable, never guessed.
 */
export function usergroupMembers(client: webApi.WebClient, ttlMs = 60_000): UsergroupMembers {
  const cache = new LRUCache<string, string[]>({
    max: 16,
    ttl: ttlMs,
    allowStaleOnFetchRejection: true,
    noDeleteOnFetchRejection: true,
    fetchMethod: async (usergroup) => (await client.usergroups.users.list({ usergroup })).users ?? [],
  });
  return async (groupId) => (await cache.fetch(groupId)) ?? [];
}
