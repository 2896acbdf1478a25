import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import { PeriodicRunner } from '../periodic-runner';
import { describeError } from './describe-error';
import type { OrderRequest } from './model';
import type { RequestStore } from './ports';
import type { OrderWorkflow } from './workflow';

export interface RecoveryWorkerOptions {
  store: Pick<RequestStore, 'listRecoverable' | 'claimLease' | 'releaseLease'>;
  workflow: Pick<OrderWorkflow, 'recover' | 'followUpPending'>;
  /** This app instance's ID, named in the worker's leases. */
  instanceId: string;
  /** Pause between the end of one run and the start of the next. */
  intervalMs: number;
  /** How long a lease holds if this instance dies mid-work; keep it above one placement's deadline. */
  leaseTtlMs: number;
  /** Most requests taken per run. */
  batchSize?: number;
  logger?: Logger;
}

export interface RecoveryRun {
  /** Requests this run worked on whose stage changed, or whose approvers it reminded, as they are now. */
  changed: OrderRequest[];
  /** Requests another worker took the lease of first. */
  skipped: number;
}

/**
 * Finishes what clicks and stopped instances left: approved requests are placed, `placing` ones whose
 * placer's lease lapsed and requests in doubt are looked up, through the same use case a click runs.
 * Then it follows up requests nobody decides: their approvers are reminded, or they expire.
 * Runs at start and then on a timer, one run at a time.
 */
export class RecoveryWorker {
  private readonly runner: PeriodicRunner;
  /** This worker's own lease owner: not even another worker of the same instance shares it. */
  private readonly owner: string;

  constructor(private readonly options: RecoveryWorkerOptions) {
    this.owner = `${options.instanceId}/recovery/${randomUUID()}`;
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
    const candidates = await this.options.store.listRecoverable(this.options.batchSize ?? 100);
    const run: RecoveryRun = { changed: [], skipped: 0 };
    for (const request of candidates) {
      const outcome = await this.work(request);
      if (outcome === 'skipped') run.skipped++;
      else if (outcome) run.changed.push(outcome);
    }
    const followed = await this.options.workflow.followUpPending(this.options.batchSize ?? 100);
    run.changed.push(...followed.map((f) => f.request));
    return run;
  }

  /** Works on one request under its lease; returns it when its stage changed. */
  private async work(request: OrderRequest): Promise<OrderRequest | 'skipped' | undefined> {
    const { store, leaseTtlMs, logger } = this.options;
    if (!(await store.claimLease(request.id, this.owner, leaseTtlMs))) return 'skipped';
    try {
      return await this.options.workflow.recover(request.id, this.owner);
    } catch (err) {
      logger?.error({ requestId: request.id, err: describeError(err) }, 'recovery of request failed');
      return undefined;
    } finally {
      await store.releaseLease(request.id, this.owner);
    }
  }
}
