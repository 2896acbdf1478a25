import { ListCache } from '../../../src/slack/options/list-cache';

function controllableLoader() {
  const pending: Array<{ key: string; resolve: (v: string[]) => void; reject: (e: Error) => void }> = [];
  const load = (key: string) =>
    new Promise<string[]>((resolve, reject) => {
      pending.push({ key, resolve, reject });
    });
  return { load, pending };
}

describe('ListCache', () => {
  it('when the loader answers in time, then the list is returned and cached', async () => {
    let calls = 0;
    const cache = new ListCache(
      async (key) => {
        calls += 1;
        return [`${key}-1`, `${key}-2`];
      },
      { ttlMs: 60_000, deadlineMs: 1000 },
    );
    expect(await cache.get('p11')).toEqual({ status: 'ok', items: ['p11-1', 'p11-2'] });
    expect(await cache.get('p11')).toEqual({ status: 'ok', items: ['p11-1', 'p11-2'] });
    expect(calls).toBe(1);
  });

  it('when the loader hangs on a cold cache, then the lookup answers unavailable by the deadline and the late answer is kept', async () => {
    const loader = controllableLoader();
    const cache = new ListCache(loader.load, { ttlMs: 60_000, deadlineMs: 20 });
    expect(await cache.get('k')).toEqual({ status: 'unavailable', reason: 'timeout' });
    loader.pending[0]?.resolve(['late']);
    await new Promise((r) => setImmediate(r));
    expect(await cache.get('k')).toEqual({ status: 'ok', items: ['late'] });
    expect(loader.pending).toHaveLength(1);
  });

  it('when the loader fails on a cold cache, then the lookup answers unavailable with the error', async () => {
    const cache = new ListCache<string>(
      async () => {
        throw new Error('Partner API down');
      },
      { ttlMs: 60_000, deadlineMs: 1000 },
    );
    const lookup = await cache.get('k');
    expect(lookup.status).toBe('unavailable');
    expect(lookup.status === 'unavailable' && lookup.reason).toBe('error');
  });

  it('when an entry is stale and the refresh hangs, then the stale list answers at once', async () => {
    const loader = controllableLoader();
    const cache = new ListCache(loader.load, { ttlMs: 1, deadlineMs: 50 });
    const first = cache.get('k');
    loader.pending[0]?.resolve(['v1']);
    expect(await first).toEqual({ status: 'ok', items: ['v1'] });
    await new Promise((r) => setTimeout(r, 5));
    expect(await cache.get('k')).toEqual({ status: 'ok', items: ['v1'] });
    expect(loader.pending).toHaveLength(2);
    loader.pending[1]?.resolve(['v2']);
    await new Promise((r) => setImmediate(r));
    expect(await cache.get('k')).toEqual({ status: 'ok', items: ['v2'] });
  });

  it('when warm() is called, then the next lookup finds the list without a second load', async () => {
    let calls = 0;
    const cache = new ListCache(
      async () => {
        calls += 1;
        return ['x'];
      },
      { ttlMs: 60_000, deadlineMs: 1000 },
    );
    cache.warm('k');
    expect(await cache.get('k')).toEqual({ status: 'ok', items: ['x'] });
    expect(calls).toBe(1);
  });
});
