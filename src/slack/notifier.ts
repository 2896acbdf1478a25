import type { Logger } from '../logger';
import { describeError } from '../orders/describe-error';
import { type OrderRequest, outcomeStage, type RequestState } from '../orders/model';
import type { Notifier, RequestStore } from '../orders/ports';
import { yieldToWaitingIo } from '../yield-to-waiting-io';
import { InFlight } from './in-flight';
import type { SlackMessages } from './messages';
import type { MessageKind, OutboxMessage, SlackOutbox } from './outbox';
import type { OutboxEntry, OutboxQueue } from './outbox/queue';
import type { SlackMessage } from './views/approval-message';

export interface SlackNotifierOptions {
  messages: SlackMessages;
  outbox: SlackOutbox;
  /** For the backfill: which requests reached a stage without its messages queued. */
  queue: Pick<OutboxQueue, 'requestsMissing'>;
  requests: Pick<RequestStore, 'get'>;
  logger: Logger;
}

/** States whose outcome the requester is told; every one of them has a requester DM. */
const OUTCOME_STATES: readonly RequestState[] = [
  'placed',
  'failed',
  'in_doubt',
  'rejected',
  'cancelled',
  'expired',
];

/** The requester's DM is part of every outcome, so its key tells whether an outcome was queued. */
const OUTCOME_MARKER: MessageKind = 'requester_outcome';

/**
 * The workflow's notifier on Slack. Every message is queued in the durable outbox first (so the workflow
 * never waits on Slack and a crash loses nothing), then delivered in the background, in order for each
 * request; the dispatcher retries what Slack failed. A failure here is logged and never undoes a step.
 */
export class SlackNotifier implements Notifier {
  private readonly deliveries = new InFlight();
  /** The last delivery started for each request: the next one waits for it, so messages keep their order. */
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly options: SlackNotifierOptions) {}

  async submitted(request: OrderRequest): Promise<void> {
    await this.queue(request, this.submittedMessages(request));
  }

  async decided(request: OrderRequest): Promise<void> {
    await this.queue(request, this.stamps(request));
  }

  /** The stamps go with every outcome (queued once), so a decision whose stamping a crash prevented is shown. */
  async outcome(request: OrderRequest): Promise<void> {
    await this.queue(request, this.outcomeMessages(request));
  }

  /** Queued under its number, so asking again (another instance, a retry after a crash) queues nothing. */
  async reminder(request: OrderRequest, n: number): Promise<void> {
    const message = this.rendered(request, 'reminder', String(n));
    if (message) await this.queue(request, [message], { throwIfNotQueued: true });
  }

  /** The approval message and the confirmation show the new price; the thread says what changed. */
  async repriced(request: OrderRequest): Promise<void> {
    // Each reprice is a stage of its own: the price may change again before anyone approves.
    const stage = `repriced@${request.updatedAt.getTime()}`;
    await this.queue(
      request,
      (['approval_stamp', 'requester_stamp', 'price_notice'] as const)
        .map((kind) => this.rendered(request, kind, stage))
        .filter((m): m is OutboxMessage => m !== undefined),
    );
  }

  /**
   * Queues what a stop kept from being queued: approval messages of pending requests and the outcome of
   * every request that reached its stage without it. Idempotent; the dispatcher delivers what it queues.
   */
  async backfill(limit = 100): Promise<number> {
    const { queue, requests, outbox, logger } = this.options;
    const pending = await queue.requestsMissing('approval_message', ['pending_approval'], limit);
    const ended = await queue.requestsMissing(OUTCOME_MARKER, OUTCOME_STATES, limit);
    for (const id of [...pending, ...ended]) {
      const request = await requests.get(id);
      if (!request) continue;
      await outbox.enqueue(
        request.state === 'pending_approval'
          ? this.submittedMessages(request)
          : this.outcomeMessages(request),
      );
    }
    const count = pending.length + ended.length;
    if (count > 0) logger.info({ requests: count }, 'queued Slack messages a stop left unsent');
    return count;
  }

  /** Resolves once the deliveries started so far are over, or `timeoutMs` passed (false then). */
  drain(timeoutMs: number): Promise<boolean> {
    return this.deliveries.drain(timeoutMs);
  }

  /**
   * The requester hears that their request is saved but not yet in front of an approver, once; the
   * approval message itself keeps being tried.
   */
  async approvalUnposted(requestId: string, error: string): Promise<void> {
    const request = await this.options.requests.get(requestId);
    if (!request) return;
    const notice = this.options.messages.render('not_posted_notice', request, error);
    if (notice) {
      await this.queue(request, [
        this.message(request, 'not_posted_notice', 'approval_message', {
          channel: request.requesterId,
          ...notice,
        }),
      ]);
    }
  }

  private submittedMessages(request: OrderRequest): OutboxMessage[] {
    const { approvalsChannelId } = this.options.messages.ctx;
    return [
      this.rendered(request, 'approval_message', request.state, approvalsChannelId),
      this.rendered(request, 'requester_confirmation', request.state, request.requesterId),
    ].filter((m): m is OutboxMessage => m !== undefined);
  }

  /** The stamps edit the approval message and the confirmation to show the stage the request is at. */
  private stamps(request: OrderRequest): OutboxMessage[] {
    if (request.state === 'pending_approval' && !request.firstApproval) return [];
    // The first of two approvals is shown too; the buttons stay for the second.
    const stage = request.state === 'pending_approval' ? 'first_approval' : outcomeStage(request);
    return [
      this.rendered(request, 'approval_stamp', stage),
      this.rendered(request, 'requester_stamp', stage),
    ].filter((m): m is OutboxMessage => m !== undefined);
  }

  private outcomeMessages(request: OrderRequest): OutboxMessage[] {
    const stage = outcomeStage(request);
    const { ordersChannelId } = this.options.messages.ctx;
    // The thread reply first: it is what the approver waits for, and the stamps take a Slack call each.
    return [
      this.rendered(request, 'thread_result', stage),
      ...this.stamps(request),
      this.rendered(request, 'doubt_notice', stage),
      this.rendered(request, 'doubt_stamp', stage),
      this.rendered(request, 'requester_outcome', stage, request.requesterId),
      this.rendered(request, 'orders_notice', stage, ordersChannelId),
    ].filter((m): m is OutboxMessage => m !== undefined);
  }

  /** A message of `kind` at `stage`, if the kind says anything at this stage; `channel` unless anchored. */
  private rendered(
    request: OrderRequest,
    kind: MessageKind,
    stage: string,
    channel?: string,
  ): OutboxMessage | undefined {
    const content = this.options.messages.render(kind, request);
    return content && this.message(request, kind, stage, { ...(channel && { channel }), ...content });
  }

  private message(
    request: OrderRequest,
    kind: MessageKind,
    stage: string,
    args: SlackMessage & { channel?: string },
  ): OutboxMessage {
    return { requestId: request.id, kind, stage, args: { ...args } };
  }

  /** Queues durably now, claimed for delivery here; delivers after what was queued before for the request. */
  private async queue(
    request: OrderRequest,
    messages: OutboxMessage[],
    options: { throwIfNotQueued?: boolean } = {},
  ): Promise<void> {
    const { outbox, logger } = this.options;
    if (messages.length === 0) return;
    let queued: (OutboxEntry | undefined)[];
    try {
      queued = await outbox.enqueue(messages, { sendingNow: true });
    } catch (err) {
      if (options.throwIfNotQueued) throw err;
      logger.error({ requestId: request.id, err: describeError(err) }, 'Slack messages not queued');
      return;
    }
    const fresh = queued.filter((entry): entry is OutboxEntry => entry !== undefined);
    if (fresh.length === 0) return;
    const previous = this.tails.get(request.id) ?? Promise.resolve();
    const tail = previous.then(() => this.deliverAll(request.id, fresh));
    this.tails.set(request.id, tail);
    void this.deliveries
      .run(() => tail)
      .finally(() => {
        if (this.tails.get(request.id) === tail) this.tails.delete(request.id);
      });
  }

  private async deliverAll(requestId: string, entries: OutboxEntry[]): Promise<void> {
    await yieldToWaitingIo();
    for (const entry of entries) {
      try {
        await this.options.outbox.attempt(entry);
      } catch (err) {
        // The message stays queued; the dispatcher tries it again once its claim lapses.
        this.options.logger.error({ requestId, err: describeError(err) }, 'Slack delivery failed');
      }
    }
  }
}
