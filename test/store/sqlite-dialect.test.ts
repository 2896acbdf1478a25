import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { FairSqliteDialect, FifoLock, withPreparedStatements } from '../../src/store/sqlite-dialect';

/** A lock on a clock the test moves, whose deferred handovers run only when the test says so. */
function lockOnTestClock(sliceMs: number) {
  let now = 0;
  const deferred: (() => void)[] = [];
  const lock = new FifoLock({ sliceMs, now: () => now, defer: (fn) => deferred.push(fn) });
  return {
    lock,
    advance: (ms: number) => {
      now += ms;
    },
    runDeferred: () => {
      for (const fn of deferred.splice(0)) fn();
    },
    deferredCount: () => deferred.length,
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('FifoLock', () => {
  it('when several wait, then each release wakes exactly one, in the order they asked', async () => {
    const { lock } = lockOnTestClock(Infinity);
    const got: number[] = [];
    await lock.acquire();
    const waiting = [1, 2, 3].map((n) => lock.acquire().then(() => got.push(n)));
    expect(lock.waiting).toBe(3);

    lock.release();
    await settle();
    expect(got).toEqual([1]);
    lock.release();
    lock.release();
    await Promise.all(waiting);
    expect(got).toEqual([1, 2, 3]);
    lock.release();
    expect(lock.waiting).toBe(0);
    // Free again: the next taker gets it at once.
    await lock.acquire();
  });

  it('when the handovers of one slice took longer than sliceMs, then the next one waits for a turn of the event loop', async () => {
    const clock = lockOnTestClock(10);
    const { lock } = clock;
    const got: string[] = [];
    await lock.acquire();
    const second = lock.acquire().then(() => got.push('second'));
    const third = lock.acquire().then(() => got.push('third'));

    clock.advance(5);
    lock.release();
    await second;
    expect(clock.deferredCount()).toBe(0);

    clock.advance(5);
    lock.release();
    await settle();
    expect(got).toEqual(['second']);
    expect(clock.deferredCount()).toBe(1);
    // Still held meanwhile: nobody can slip in before the waiter it was handed to.
    const fourth = lock.acquire().then(() => got.push('fourth'));

    clock.runDeferred();
    await third;
    lock.release();
    await fourth;
    expect(got).toEqual(['second', 'third', 'fourth']);
    // A new slice began with the deferred handover: this one is direct again.
    expect(clock.deferredCount()).toBe(0);
  });
});

describe('withPreparedStatements', () => {
  it('when the same text is prepared again, then the statement is reused; beyond the bound the least recent goes', () => {
    const raw = new BetterSqlite3(':memory:');
    const prepare = jest.spyOn(raw, 'prepare');
    const database = withPreparedStatements(raw, 2);

    const first = database.prepare('select 1');
    expect(database.prepare('select 1')).toBe(first);
    database.prepare('select 2');
    database.prepare('select 3');

    expect(database.prepared).toBe(2);
    expect(prepare).toHaveBeenCalledTimes(3);
    database.prepare('select 1');
    expect(prepare).toHaveBeenCalledTimes(4);
    database.close();
    expect(raw.open).toBe(false);
  });

  it('when queries and transactions run at once through Kysely, then each sees its own results', async () => {
    const db = new Kysely<{ t: { id: number; v: string } }>({
      dialect: new FairSqliteDialect({ database: withPreparedStatements(new BetterSqlite3(':memory:')) }),
    });
    await sql`create table t (id integer primary key, v text not null)`.execute(db);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        db.transaction().execute(async (trx) => {
          await trx
            .insertInto('t')
            .values({ id: i, v: `v${i}` })
            .execute();
          const row = await trx.selectFrom('t').select('v').where('id', '=', i).executeTakeFirstOrThrow();
          expect(row.v).toBe(`v${i}`);
        }),
      ),
    );
    const { count } = await db
      .selectFrom('t')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(count).toBe(50);
    await db.destroy();
  });
});
