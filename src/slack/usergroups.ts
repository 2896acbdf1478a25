import type { webApi } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import type { UsergroupMembers } from '../orders';
import { errorSummary } from './error-summary';

/**
 * Approver user-group members from usergroups.users.list, cached (a minute by default) so that a burst of
 * clicks costs one Slack call; concurrent lookups of one group share it. When Slack fails, the last list
 * read is kept; with none, the lookup throws and the click is refused as unanswerable, never guessed.
 */
export function usergroupMembers(client: webApi.WebClient, ttlMs = 60_000): UsergroupMembers {
  /** Why the last read of a group failed: with no stale list to fall back on, the cache answers undefined. */
  const failures = new Map<string, string>();
  const cache = new LRUCache<string, string[]>({
    max: 16,
    ttl: ttlMs,
    allowStaleOnFetchRejection: true,
    noDeleteOnFetchRejection: true,
    fetchMethod: async (usergroup) => {
      try {
        const members = (await client.usergroups.users.list({ usergroup })).users ?? [];
        failures.delete(usergroup);
        return members;
      } catch (err) {
        failures.set(usergroup, errorSummary(err));
        throw err;
      }
    },
  });
  return async (groupId) => {
    const members = await cache.fetch(groupId);
    // Slack's code (missing_scope, no_such_subteam, …) is what the refused approver is told.
    if (members === undefined) throw new Error(failures.get(groupId) ?? 'no answer from Slack');
    return members;
  };
}
