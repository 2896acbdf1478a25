import { LRUCache } from 'lru-cache';

/**
 * Partner API lists behind Slack's options requests. Slack drops an options answer that comes after
 * 3 s, so every lookup is bounded by a deadline: a warm entry answers at once (stale entries too, while a
 * refresh runs in the background), and a cold or failing one answers `unavailable` in time instead of
 * not at all. A load that outlives the deadline keeps running, so the next lookup finds it cached.
 */
export type ListLookup<T> =
  | { status: 'ok'; items: T[] }
  /** `unreadable`: the answer lacks what the list needs, so asking again will not help (npm run doctor). */
  | { status: 'unavailable'; reason: 'timeout' | 'error' | 'unreadable'; error?: unknown };

export interface ListCacheOptions {
  /** How long an entry counts as fresh. */
  ttlMs: number;
  /** The longest a lookup may take before it answers `unavailable`. */
  deadlineMs: number;
  /** How many keys (e.g. products) are kept. */
  maxKeys?: number;
}

export class ListCache<T> {
  private readonly cache: LRUCache<string, T[], unknown>;
  /** Why each key's latest load failed: the cache answers such a fetch with nothing, not the error. */
  private readonly failures = new Map<string, unknown>();

  constructor(
    load: (key: string, signal: AbortSignal) => Promise<T[]>,
    private readonly options: ListCacheOptions,
  ) {
    this.cache = new LRUCache<string, T[], unknown>({
      max: options.maxKeys ?? 500,
      ttl: options.ttlMs,
      allowStale: true,
      allowStaleOnFetchRejection: true,
      allowStaleOnFetchAbort: true,
      ignoreFetchAbort: true,
      fetchMethod: async (key, _stale, { signal }) => {
        try {
          const items = await load(key, signal);
          this.failures.delete(key);
          return items;
        } catch (error) {
          this.failures.set(key, error);
          throw error;
        }
      },
    });
  }

  async get(key: string): Promise<ListLookup<T>> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.deadlineMs);
    });
    try {
      const items = await Promise.race([this.cache.fetch(key), deadline]);
      if (items === 'timeout') return { status: 'unavailable', reason: 'timeout' };
      return items
        ? { status: 'ok', items }
        : { status: 'unavailable', reason: 'error', error: this.failures.get(key) };
    } catch (error) {
      return { status: 'unavailable', reason: 'error', error };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Starts loading a list a person is about to open, without waiting for it. */
  warm(key: string): void {
    this.cache.fetch(key).catch(() => undefined);
  }
}
