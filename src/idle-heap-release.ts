import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Gives back the heap a burst of work grew. V8 keeps that memory committed for as long as the process
 * idles, because an idle process allocates too little to start a collection (the benchmark saw 200–290 MB
 * of RSS a minute after 200 approvals, with 30 MB of it live). So once the event loop has been idle for a
 * whole check interval and the heap has grown by `growthBytes` since the last release, one full collection
 * runs; V8 then shrinks its heap to what is live. It runs only when idle, so it takes no time from work.
 */

export interface HeapProbe {
  /** Bytes V8 holds committed for the JavaScript heap. */
  heapTotal(): number;
  /** The share of the time since the last call that the event loop was busy, 0–1. */
  busySinceLastCall(): number;
  /** A full, synchronous collection. */
  collect(): void;
}

export interface IdleHeapReleaseOptions {
  /** Above this share of busy time over an interval, the process is not idle. */
  busyBelow: number;
  /** Growth of the committed heap since the last release that is worth giving back. */
  growthBytes: number;
}

export const IDLE_HEAP_RELEASE_DEFAULTS: IdleHeapReleaseOptions = { busyBelow: 0.02, growthBytes: 32 << 20 };

/** What one release gave back, for the log. */
export interface Released {
  heapBeforeMb: number;
  heapAfterMb: number;
  ms: number;
}

export class IdleHeapRelease {
  private baseline: number;

  constructor(
    private readonly probe: HeapProbe,
    private readonly options: IdleHeapReleaseOptions = IDLE_HEAP_RELEASE_DEFAULTS,
  ) {
    this.baseline = probe.heapTotal();
  }

  /** One check, at the end of an interval; what it gave back when it collected. */
  check(): Released | undefined {
    const busy = this.probe.busySinceLastCall();
    const heap = this.probe.heapTotal();
    // A heap that shrank by itself (V8's own memory reducer) is the new baseline.
    if (heap < this.baseline) this.baseline = heap;
    if (busy >= this.options.busyBelow || heap - this.baseline < this.options.growthBytes) return undefined;
    const started = performance.now();
    this.probe.collect();
    this.baseline = this.probe.heapTotal();
    const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
    return {
      heapBeforeMb: mb(heap),
      heapAfterMb: mb(this.baseline),
      ms: Math.round(performance.now() - started),
    };
  }
}

/**
 * V8's full collection, as `--expose-gc` would give it, without asking whoever starts the process for the
 * flag: the flag set now exposes `gc` to contexts created after it (the way jest's leak detector gets it).
 */
export function fullCollection(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** The probe of this process. */
export function processHeapProbe(): HeapProbe {
  let last = performance.eventLoopUtilization();
  const collect = fullCollection();
  return {
    heapTotal: () => process.memoryUsage().heapTotal,
    busySinceLastCall: () => {
      const now = performance.eventLoopUtilization();
      const since = performance.eventLoopUtilization(now, last);
      last = now;
      return since.utilization;
    },
    collect,
  };
}

/**
 * Checks every `intervalMs` until the returned function is called, telling `onRelease` what each release
 * gave back; the timer never keeps the process up.
 */
export function releaseHeapWhenIdle(intervalMs: number, onRelease: (released: Released) => void) {
  const release = new IdleHeapRelease(processHeapProbe());
  const timer = setInterval(() => {
    const released = release.check();
    if (released) onRelease(released);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
