import type { webApi } from '@slack/bolt';
import type { Logger } from '../logger';
import { describeError } from '../orders/describe-error';
import type { OrderRequest, RequestState, SlackCoordinates } from '../orders/model';
import type { OutboxRepository, RequestRepository } from '../store';
import type { MessageKind, OutboxMessage, SlackOutbox } from './outbox';
import { approvalMessage, type SlackMessage } from './views/approval-message';
import { ordersNotice, requesterConfirmation, requesterOutcome, threadResult } from './views/notices';

export interface NotifierOptions {
  approvalsChannelId: string;
  ordersChannelId: string;
  outbox: SlackOutbox;
  /** For the start-up backfill: which requests ended without their outcome queued. */
  queue: Pick<OutboxRepository, 'requestsMissing'>;
  requests: Pick<RequestRepository, 'get'>;
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
 * Tells Slack about a request's life. Messages about a request go through the durable outbox: queued once
 * per stage, tried at once, retried by the dispatcher when Slack fails, and never lost to a crash. A failure
 * here is logged with the request id and swallowed: a message Slack refused must never undo a decision.
 */
export class Notifier {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly options: NotifierOptions,
  ) {}

  /**
   * Posts a new request for approval and confirms it to the requester. Each message's coordinates are saved
   * as soon as it exists, so that a quick click on Approve already finds the message to stamp.
   */
  async submitted(request: OrderRequest): Promise<OrderRequest> {
    const stage = request.state;
    const [approval, confirmation] = await this.send(request, 'posting the request', [
      this.message(request, 'approval_message', stage, {
        channel: this.options.approvalsChannelId,
        ...approvalMessage(request),
      }),
      this.message(request, 'requester_confirmation', stage, {
        channel: request.requesterId,
        ...requesterConfirmation(request),
      }),
    ]);
    const coords: SlackCoordinates = {
      ...(approval && { approvalChannelId: approval.channel, approvalMessageTs: approval.ts }),
      ...(confirmation && { requesterChannelId: confirmation.channel, requesterMessageTs: confirmation.ts }),
    };
    return { ...request, slack: { ...request.slack, ...coords } };
  }

  /** Replaces the approval buttons and the requester's Cancel button with the decision stamp. */
  async decided(request: OrderRequest): Promise<void> {
    await this.send(request, 'stamping the decision', this.stamps(request));
  }

  /**
   * The result in the approval thread, the requester's DM and the orders channel, as the state calls for.
   * The stamps go with it (queued once), so a decision whose stamping a crash prevented is still shown.
   */
  async outcome(request: OrderRequest): Promise<void> {
    await this.send(request, 'posting the outcome', this.outcomeMessages(request));
  }

  /**
   * Queues the outcome of every request that reached its state without it (the process died between
   * recording the state and queuing its messages). Idempotent; the dispatcher delivers what it queues.
   */
  async backfillOutcomes(limit = 100): Promise<number> {
    const { queue, requests, outbox, logger } = this.options;
    const ids = await queue.requestsMissing(OUTCOME_MARKER, OUTCOME_STATES, limit);
    for (const id of ids) {
      const request = await requests.get(id);
      if (request) await outbox.enqueue(this.outcomeMessages(request));
    }
    if (ids.length > 0) logger.info({ requests: ids.length }, 'queued outcome messages a stop left unsent');
    return ids.length;
  }

  /** Says to one person alone why their click changed nothing. Not queued: it answers a click of now. */
  async refuse(
    requestId: string | undefined,
    userId: string,
    channel: string | undefined,
    text: string,
  ): Promise<void> {
    try {
      await this.client.chat.postEphemeral({
        channel: channel ?? this.options.approvalsChannelId,
        user: userId,
        text,
      });
    } catch (err) {
      this.options.logger.error({ requestId, err: describeError(err) }, 'Slack: ephemeral refusal failed');
    }
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
    const { state } = request;
    const reply = threadResult(request);
    const dm = requesterOutcome(request);
    const notice = ordersNotice(request);
    return [
      ...this.stamps(request),
      ...(reply ? [this.message(request, 'thread_result', state, reply)] : []),
      ...(dm
        ? [this.message(request, 'requester_outcome', state, { channel: request.requesterId, ...dm })]
        : []),
      ...(notice
        ? [
            this.message(request, 'orders_notice', state, {
              channel: this.options.ordersChannelId,
              ...notice,
            }),
          ]
        : []),
    ];
  }

  private message(
    request: OrderRequest,
    kind: MessageKind,
    stage: string,
    args: SlackMessage & { channel?: string },
  ): OutboxMessage {
    return { requestId: request.id, kind, stage, args: { ...args } };
  }

  /** Sends through the outbox; returns where each message was posted now, if it was. */
  private async send(
    request: OrderRequest,
    what: string,
    messages: OutboxMessage[],
  ): Promise<({ channel: string; ts: string } | undefined)[]> {
    try {
      const deliveries = await this.options.outbox.send(messages);
      return deliveries.map((d) => (d.status === 'delivered' ? d.posted : undefined));
    } catch (err) {
      this.options.logger.error({ requestId: request.id, err: describeError(err) }, `Slack: ${what} failed`);
      return [];
    }
  }
}
