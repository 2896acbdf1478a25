import type { Logger } from '../logger';
import { describeError } from '../orders/describe-error';
import { type OrderRequest, outcomeStage, type RequestState } from '../orders/model';
import type { Notifier, RequestStore } from '../orders/ports';
import { yieldToWaitingIo } from '../yield-to-waiting-io';
import { InFlight } from './in-flight';
import type { MessageKind, OutboxMessage, SlackOutbox } from './outbox';
import type { OutboxEntry, OutboxQueue } from './outbox/queue';
import { approvalMessage, type SlackMessage } from './views/approval-message';
import {
  doubtNotice,
  doubtStamp,
  ordersNotice,
  requesterConfirmation,
  requesterOutcome,
  threadResult,
} from './views/notices';

export interface SlackNotifierOptions {
  approvalsChannelId: string;
  ordersChannelId: string;
  outbox: SlackOutbox;
  /** For the backfill: which requests reached a stage without its messages queued. */
  queue: Pick<OutboxQueue, 'requestsMissing'>;
  requests: Pick<RequestStore, 'get'>;
  logger: Logger;
}

/** States whose outcome the requester is told; every one of them has a requester DM. */
const OUTCOME_STATES: readonly RequestState[] = ['placed', 'failed', 'in_doubt', 'rejected', 'cancelled'];

/** The requester's DM is part of every outcome, so its key tells whether an outcome was queued. */
const OUTCOME_MARKER: MessageKind = 'requester_outcome';

/** The decision a stamp shows; every state after approval shows "approved". */
function decisionOf(request: OrderRequest): string | undefined {
  switch (request.state) {
    case 'pending_approval':
      return undefined;
    case 'rejected':
    case 'cancelled':
      return request.state;
    default:
      return 'approved';
  }
}

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

  private submittedMessages(request: OrderRequest): OutboxMessage[] {
    return [
      this.message(request, 'approval_message', request.state, {
        channel: this.options.approvalsChannelId,
        ...approvalMessage(request),
      }),
      this.message(request, 'requester_confirmation', request.state, {
        channel: request.requesterId,
        ...requesterConfirmation(request),
      }),
    ];
  }

  private stamps(request: OrderRequest): OutboxMessage[] {
    const decision = decisionOf(request);
    if (!decision) return [];
    return [
      this.message(request, 'approval_stamp', decision, approvalMessage(request)),
      this.message(request, 'requester_stamp', decision, requesterConfirmation(request)),
    ];
  }

  private outcomeMessages(request: OrderRequest): OutboxMessage[] {
    const stage = outcomeStage(request);
    const reply = threadResult(request);
    const doubt = doubtNotice(request);
    const settled = doubtStamp(request);
    const dm = requesterOutcome(request);
    const notice = ordersNotice(request);
    const messages: OutboxMessage[] = [...this.stamps(request)];
    if (reply) messages.push(this.message(request, 'thread_result', stage, reply));
    if (doubt) messages.push(this.message(request, 'doubt_notice', stage, doubt));
    if (settled) messages.push(this.message(request, 'doubt_stamp', stage, settled));
    if (dm) {
      messages.push(
        this.message(request, 'requester_outcome', stage, { channel: request.requesterId, ...dm }),
      );
    }
    if (notice) {
      messages.push(
        this.message(request, 'orders_notice', stage, { channel: this.options.ordersChannelId, ...notice }),
      );
    }
    return messages;
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
  private async queue(request: OrderRequest, messages: OutboxMessage[]): Promise<void> {
    const { outbox, logger } = this.options;
    if (messages.length === 0) return;
    let queued: (OutboxEntry | undefined)[];
    try {
      queued = await outbox.enqueue(messages, { sendingNow: true });
    } catch (err) {
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
