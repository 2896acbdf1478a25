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
  /** Told how each lookup was answered: from a fresh entry, a stale one, a load, or not at all (metrics). */
  onLookup?: (result: LookupResult) => void;
}

/** `miss` covers a load already under way for another lookup too: this one waited for the API. */
export type LookupResult = 'hit' | 'stale' | 'miss' | 'unavailable';

function servedBy<T>(status: LRUCache.Status<string, T[], unknown>): LookupResult {
  return status.fetch === 'hit' || status.fetch === 'stale' ? status.fetch : 'miss';
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
    const status: LRUCache.Status<string, T[], unknown> = {};
    const lookup = await this.lookUp(key, status);
    this.options.onLookup?.(lookup.status === 'ok' ? servedBy(status) : 'unavailable');
    return lookup;
  }

  private async lookUp(key: string, status: LRUCache.Status<string, T[], unknown>): Promise<ListLookup<T>> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.deadlineMs);
    });
    try {
      const items = await Promise.race([this.cache.fetch(key, { status }), deadline]);
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
