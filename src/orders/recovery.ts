import type { Logger } from '../logger';
import { PeriodicRunner } from '../periodic-runner';
import type { RequestRepository } from '../store';
import { describeError } from './describe-error';
import type { OrderRequest } from './model';
import type { OrderPlacer } from './placement';
import type { Reconciler } from './reconciliation';

export interface RecoveryWorkerOptions {
  requests: RequestRepository;
  placer: OrderPlacer;
  reconciler: Reconciler;
  /** This app instance's ID: the lease owner, so several instances on one database never share a request. */
  instanceId: string;
  /** Pause between the end of one run and the start of the next. */
  intervalMs: number;
  /** How long a lease holds if this instance dies mid-work; keep it above one placement's duration. */
  leaseTtlMs: number;
  /** Most requests of each kind taken per run. */
  batchSize?: number;
  /** Told of every request whose state this worker changed, so the Slack layer can post the result. */
  onOutcome?: (request: OrderRequest) => void | Promise<void>;
  logger?: Logger;
}

export interface RecoveryRun {
  /** Requests this run worked on and changed, in their new state. */
  changed: OrderRequest[];
  /** Requests another instance held the lease on. */
  skipped: number;
}

/**
 * Finishes what a stopped or crashed instance left: approved requests that were never placed are placed,
 * stale `placing` and `in_doubt` ones are reconciled. Runs at start and then on a timer, one run at a time.
 */
export class RecoveryWorker {
  private readonly runner: PeriodicRunner;

  constructor(private readonly options: RecoveryWorkerOptions) {
    this.runner = new PeriodicRunner(
      () => this.runOnce(),
      options.intervalMs,
      (err) => options.logger?.error({ err: describeError(err) }, 'recovery run failed'),
    );
  }

  start(): void {
    this.runner.start();
  }

  /** Stops the timer and waits for the run in progress, if any. */
  stop(): Promise<void> {
    return this.runner.stop();
  }

  /** One pass over every request that needs finishing. */
  async runOnce(): Promise<RecoveryRun> {
    const { requests, reconciler } = this.options;
    const limit = this.options.batchSize ?? 100;
    const candidates = [
      ...(await requests.listByState(['approved'], { limit })),
      ...(await requests.listByState(['placing'], { updatedBefore: reconciler.staleBefore(), limit })),
      ...(await requests.listByState(['in_doubt'], { limit })),
    ];
    const run: RecoveryRun = { changed: [], skipped: 0 };
    for (const request of candidates) {
      const outcome = await this.work(request);
      if (outcome === 'skipped') run.skipped++;
      else if (outcome) run.changed.push(outcome);
    }
    return run;
  }

  /** Works on one request under its lease; returns it when this worker changed its state. */
  private async work(request: OrderRequest): Promise<OrderRequest | 'skipped' | undefined> {
    const { requests, instanceId, leaseTtlMs } = this.options;
    if (!(await requests.claimLease(request.id, instanceId, leaseTtlMs))) return 'skipped';
    try {
      const after = await this.finish(request);
      if (!after || after.state === request.state) return undefined;
      await this.options.onOutcome?.(after);
      return after;
    } catch (err) {
      this.options.logger?.error(
        { requestId: request.id, err: describeError(err) },
        'recovery of request failed',
      );
      return undefined;
    } finally {
      await requests.releaseLease(request.id, instanceId);
    }
  }

  private async finish(request: OrderRequest): Promise<OrderRequest | undefined> {
    if (request.state !== 'approved') return this.options.reconciler.reconcile(request.id);
    const attempt = await this.options.placer.attempt(request.id);
    // Another caller (the Slack layer) won the claim: the outcome is theirs to report.
    return attempt?.claimed ? attempt.request : undefined;
  }
}
