import type { Logger } from '../../logger';
import { describeError } from '../../orders/describe-error';
import type { OutboxRepository } from '../../store';
import type { SlackOutbox } from './slack-outbox';

export interface OutboxDispatcherOptions {
  outbox: Pick<SlackOutbox, 'deliver'>;
  queue: Pick<OutboxRepository, 'due'>;
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
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private started = false;
  private lastBackfill = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: OutboxDispatcherOptions) {}

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

  private tick(): void {
    const run = this.runOnce().catch((err: unknown) =>
      this.options.logger.error({ err: describeError(err) }, 'Slack outbox run failed'),
    );
    this.running = run;
    void run.finally(() => {
      if (this.started) this.timer = setTimeout(() => this.tick(), this.options.intervalMs);
    });
  }
}
