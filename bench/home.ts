import { randomUUID } from 'node:crypto';
import { REQUEST_STATES } from '../src/orders/model';
import { newReference } from '../src/orders/reference';
import type { RecordedCall } from '../src/sandbox/slack';
import { openDatabase } from '../src/store';
import type { Harness } from './harness';
import { poll } from './remote-slack';
import { type Summary, summarize } from './stats';

/**
 * App Home for a requester with many requests: the store gets copies of one real request (made through
 * the modal by the single-request stage) until that requester has `homeRequests`, before the app starts;
 * then the Home tab is opened, one visit at a time, and each is timed from the event to the emulator
 * recording the views.publish for that person.
 */

export interface HomeResult {
  requests: number;
  publish: Summary;
}

async function seed(databaseUrl: string, total: number): Promise<string> {
  const store = await openDatabase(databaseUrl);
  try {
    const [model] = await store.requests.listByState(REQUEST_STATES);
    if (!model) throw new Error('bench: no request to copy for the Home tab');
    const { requesterId, scenarioId, details } = model;
    const have = (await store.requests.listByState(REQUEST_STATES)).filter(
      (r) => r.requesterId === requesterId,
    );
    for (let i = have.length; i < total; i++) {
      await store.requests.create(
        { id: randomUUID(), reference: newReference(), requesterId, scenarioId, details },
        requesterId,
      );
    }
    return requesterId;
  } finally {
    await store.close();
  }
}

export async function runHome(h: Harness, databaseUrl: string): Promise<HomeResult> {
  const { profile, slack } = h;
  const user = await seed(databaseUrl, profile.homeRequests);
  const app = await h.startApp(databaseUrl);
  try {
    const driver = h.driver(app, []);
    const times: number[] = [];
    for (let i = 0; i < profile.homeSamples; i++) {
      const body = await driver.homeOpenedBody(user);
      let next = (await slack.calls('views.publish')).next;
      const started = Date.now();
      await driver.sendRaw(body, { contentType: 'application/json' });
      const published = await poll<RecordedCall>(
        async () => {
          const read = await slack.calls('views.publish', next);
          next = read.next;
          return read.calls.find((c) => c.args.user_id === user && c.at >= started);
        },
        'views.publish of the Home tab',
        { everyMs: 5, timeoutMs: 30_000 },
      );
      times.push(published.at - started);
    }
    return { requests: profile.homeRequests, publish: summarize(times) };
  } finally {
    await app.stop();
  }
}
