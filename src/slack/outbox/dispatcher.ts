import type { Logger } from '../../logger';
import { describeError } from '../../orders/describe-error';
import { PeriodicRunner } from '../../periodic-runner';
import type { OutboxQueue } from './queue';
import type { SlackOutbox } from './slack-outbox';

export interface OutboxDispatcherOptions {
  outbox: Pick<SlackOutbox, 'deliver'>;
  queue: Pick<OutboxQueue, 'due'>;
  /** Queues what a crash kept from being queued; run at start, then every `backfillIntervalMs`. */
  backfill: () => Promise<unknown>;
  /** Pause between the end of one run and the start of the next. */
  intervalMs: number;
  backfillIntervalMs: number;
  /** Most messages tried per run. */
  batchSize?: number;
  logger: Logger;
}

export interface DispatchRun {
  delivered: number;
  retrying: number;
  abandoned: number;
}

/**
 * Delivers what the immediate attempts could not: messages Slack failed, rate limited or timed out, and
 * everything still queued when the app last stopped or crashed. One run at a time, on a timer.
 */
export class OutboxDispatcher {
  private readonly runner: PeriodicRunner;
  private lastBackfill = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: OutboxDispatcherOptions) {
    this.runner = new PeriodicRunner(
      () => this.runOnce(),
      options.intervalMs,
      (err) => options.logger.error({ err: describeError(err) }, 'Slack outbox run failed'),
    );
  }

  start(): void {
    this.runner.start();
  }

  /** Stops the timer and waits for the run in progress, if any. */
  stop(): Promise<void> {
    return this.runner.stop();
  }

  /** One pass: backfill when it is time, then one batch of due messages, oldest first. */
  async runOnce(): Promise<DispatchRun> {
    const { backfillIntervalMs, batchSize = 50, outbox, queue } = this.options;
    if (Date.now() - this.lastBackfill >= backfillIntervalMs) {
      this.lastBackfill = Date.now();
      await this.options.backfill();
    }
    const run: DispatchRun = { delivered: 0, retrying: 0, abandoned: 0 };
    for (const id of await queue.due(batchSize)) {
      const delivery = await outbox.deliver(id);
      if (delivery.status === 'delivered') run.delivered++;
      else if (delivery.status === 'abandoned') run.abandoned++;
      else if (delivery.status === 'retrying') {
        run.retrying++;
        // Slack asked to slow down: the rest of the batch would only be refused too.
        if (delivery.rateLimited) break;
      }
    }
    return run;
  }
}
