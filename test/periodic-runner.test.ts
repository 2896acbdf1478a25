import { PeriodicRunner } from '../src/periodic-runner';

describe('PeriodicRunner', () => {
  it('when a run fails, then the error goes to onError and the next run still comes', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    let thirdRun!: () => void;
    const reachedThird = new Promise<void>((resolve) => {
      thirdRun = resolve;
    });
    const runner = new PeriodicRunner(
      async () => {
        runs++;
        if (runs === 3) thirdRun();
        if (runs === 1) throw new Error('first run broke');
      },
      1,
      (err) => errors.push(err),
    );

    runner.start();
    await reachedThird;
    await runner.stop();

    expect(errors).toEqual([new Error('first run broke')]);
    expect(runs).toBeGreaterThanOrEqual(3);
  });

  it('when started twice and then stopped, then one run happened and none follows', async () => {
    let runs = 0;
    const runner = new PeriodicRunner(
      async () => {
        runs++;
      },
      1,
      () => undefined,
    );

    runner.start();
    runner.start();
    await runner.stop();
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(runs).toBe(1);
  });
});
