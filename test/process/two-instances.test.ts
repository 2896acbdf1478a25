import type { OrderRequest } from '../../src/orders/model';
import { databasesUnderTest } from '../orders/harness';
import { postgresBackend } from '../store/backends';
import { until } from '../support/poll';
import {
  approve,
  expectPlacedOnce,
  inState,
  ordersFor,
  requestRenewal,
  startWorld,
  threadOf,
  type World,
} from './world';

/**
 * Two app processes on one PostgreSQL database, as two replicas behind a load balancer: approvals land on
 * either, both run recovery, and one is killed mid-placement. Every request ends placed exactly once.
 */

const SAVE_PATH = '/order/openapi/order/v1/save';
const onPostgres = databasesUnderTest().some((d) => d.name === 'PostgreSQL');
const describeOnPostgres = onPostgres ? describe : describe.skip;

describeOnPostgres('two instances on one PostgreSQL', () => {
  const backend = postgresBackend();
  let world: World;

  beforeEach(async () => {
    world = await startWorld({ databaseUrl: await backend.freshUrl() });
  });
  afterEach(() => world.close());
  afterAll(() => backend.cleanup());

  test('when approvals land on both instances, both recover, and one is killed while placing, then each request is placed exactly once and told once', async () => {
    const a = await world.startApp();
    const b = await world.startApp();
    const requests: OrderRequest[] = [];
    for (const po of ['PO-TWO-1', 'PO-TWO-2', 'PO-TWO-3', 'PO-TWO-4']) {
      requests.push(await requestRenewal(world, requests.length % 2 === 0 ? a : b, po));
    }
    const [first, second, third, fourth] = requests as [
      OrderRequest,
      OrderRequest,
      OrderRequest,
      OrderRequest,
    ];

    // Yeastar holds the orders of the first two: one was approved on each instance.
    world.sandbox.faults.hang(true);
    await approve(world, a, first);
    await approve(world, b, second);
    await inState(world, first.id, 'placing');
    await inState(world, second.id, 'placing');
    // Both orders have reached Yeastar, which holds them unanswered.
    await until(async () => world.sandbox.requestCount(SAVE_PATH) === 2, 'both orders to reach Yeastar');
    expect((await a.signal('SIGKILL')).signal).toBe('SIGKILL');
    // Yeastar finishes what it holds, the dead instance's order too.
    world.sandbox.faults.hang(false);

    await approve(world, b, third);
    // The fourth is clicked on the dead instance's address: the click never arrives, so it is clicked again
    // on the live one, as a person would.
    await expect(approve(world, a, fourth)).rejects.toThrow();
    await approve(world, b, fourth);

    for (const request of requests) await expectPlacedOnce(world, request);
    expect(world.sandbox.orders()).toHaveLength(4);
    expect(requests.map((r) => ordersFor(world, r).length)).toEqual([1, 1, 1, 1]);
    // The killed instance's placement was finished by the other one, from Yeastar's order list.
    const actions = (await world.store().requests.audit(first.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['placing_abandoned', 'reconcile_found']));
    // Told once: the order, after at most one "outcome unknown" when the first look at Yeastar's list
    // came before it showed the order the dead instance had sent.
    const told = threadOf(world, first).map((m) => m.text.slice(0, 12));
    expect([['🧾 Ordered: '], ['⏳ Outcome un', '🧾 Ordered: ']]).toContainEqual(told);
  });
});
