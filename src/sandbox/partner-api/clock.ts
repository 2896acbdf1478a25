/**
 * All of the sandbox's deferred work: real timers, unref'd so a forgotten one never keeps the process
 * alive, and holds released by hand. stop() drops whatever is still waiting, as a crashed server would.
 */
export class Clock {
  private readonly timers = new Set<NodeJS.Timeout>();
  private held: Array<() => void> = [];
  private stopped = false;

  /** Runs `action` after `ms`; at once when `ms` is 0, so an instant effect is in place before its answer. */
  at(ms: number, action: () => void): void {
    if (this.stopped) return;
    if (ms === 0) {
      action();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms).unref();
    this.timers.add(timer);
  }

  /** Resolves after `ms`, or never if the clock stops first. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => this.at(ms, resolve));
  }

  /** Resolves at the next release(), or never if the clock stops first. */
  hold(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.stopped) this.held.push(resolve);
    });
  }

  release(): void {
    const held = this.held;
    this.held = [];
    for (const resolve of held) resolve();
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.held = [];
  }
}
