import type { SandboxFaults } from './index';

export interface FaultState {
  latencyMs: number;
  failNext: number;
  failStatus: number;
  hang: boolean;
  loseNextOrderAnswers: number;
  malformNext: number;
}

const NO_FAULTS: FaultState = {
  latencyMs: 0,
  failNext: 0,
  failStatus: 503,
  hang: false,
  loseNextOrderAnswers: 0,
  malformNext: 0,
};

function count(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer`);
  return value;
}

/** The fault switches, and the hooks the server consults for every API request. */
export class FaultSwitches implements SandboxFaults {
  private state: FaultState = { ...NO_FAULTS };
  private hung: Array<() => void> = [];

  setLatency(ms: number): void {
    this.state.latencyMs = count('latency', ms);
  }

  failNext(n: number, status = 503): void {
    if (!Number.isInteger(status) || status < 500 || status > 599) {
      throw new RangeError('failNext status must be a 5xx status');
    }
    this.state.failNext = count('failNext', n);
    this.state.failStatus = status;
  }

  hang(on: boolean): void {
    this.state.hang = on;
    if (!on) this.releaseHung();
  }

  loseNextOrderAnswers(n: number): void {
    this.state.loseNextOrderAnswers = count('loseNextOrderAnswers', n);
  }

  malformNext(n: number): void {
    this.state.malformNext = count('malformNext', n);
  }

  clear(): void {
    this.state = { ...NO_FAULTS };
    this.releaseHung();
  }

  snapshot(): FaultState {
    return { ...this.state };
  }

  /** Holds a request while hang is on, then adds the latency. */
  async delay(): Promise<void> {
    if (this.state.hang) await new Promise<void>((resolve) => this.hung.push(resolve));
    const ms = this.state.latencyMs;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms).unref());
  }

  /** The status to fail this request with, if failNext is armed. */
  takeFailure(): number | undefined {
    if (this.state.failNext === 0) return undefined;
    this.state.failNext -= 1;
    return this.state.failStatus;
  }

  takeLostOrderAnswer(): boolean {
    if (this.state.loseNextOrderAnswers === 0) return false;
    this.state.loseNextOrderAnswers -= 1;
    return true;
  }

  takeMalformed(): boolean {
    if (this.state.malformNext === 0) return false;
    this.state.malformNext -= 1;
    return true;
  }

  private releaseHung(): void {
    const waiting = this.hung;
    this.hung = [];
    for (const resolve of waiting) resolve();
  }
}
