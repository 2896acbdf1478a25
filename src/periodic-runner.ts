/**
 * Runs a job now and again `intervalMs` after each run ends, one run at a time, until stopped. A failed run
 * is handed to `onError` and the schedule carries on.
 */
export class PeriodicRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private started = false;

  constructor(
    private readonly job: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    this.tick();
  }

  /** Stops the timer and waits for the run in progress, if any. */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    const run = this.job().catch(this.onError);
    this.running = run;
    void run.finally(() => {
      if (this.started) this.timer = setTimeout(() => this.tick(), this.intervalMs);
    });
  }
}
