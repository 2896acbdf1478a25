import type { webApi } from '@slack/bolt';
import type { Logger } from '../logger';
import { describeError } from '../orders/describe-error';
import type { OrderRequest, SlackCoordinates } from '../orders/model';
import type { RequestRepository } from '../store';
import { approvalMessage, type SlackMessage } from './views/approval-message';
import { ordersNotice, requesterConfirmation, requesterOutcome, threadResult } from './views/notices';

export interface NotifierOptions {
  approvalsChannelId: string;
  ordersChannelId: string;
  requests: Pick<RequestRepository, 'updateSlack'>;
  logger: Logger;
}

/**
 * Tells Slack about a request's life. A failed Slack call is logged with the request id and swallowed:
 * the order's state is the store's business, and a message Slack refused must never undo a decision.
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
    const approval = await this.post(request, 'approval message', {
      channel: this.options.approvalsChannelId,
      ...approvalMessage(request),
    });
    const approvalCoords = approval
      ? { approvalChannelId: approval.channel, approvalMessageTs: approval.ts }
      : {};
    await this.save(request, approvalCoords);
    const confirmation = await this.post(request, 'requester confirmation', {
      channel: request.requesterId,
      ...requesterConfirmation(request),
    });
    const confirmationCoords = confirmation
      ? { requesterChannelId: confirmation.channel, requesterMessageTs: confirmation.ts }
      : {};
    await this.save(request, confirmationCoords);
    return { ...request, slack: { ...request.slack, ...approvalCoords, ...confirmationCoords } };
  }

  private async save(request: OrderRequest, coords: SlackCoordinates): Promise<void> {
    await this.attempt(request, 'saving Slack coordinates', () =>
      this.options.requests.updateSlack(request.id, coords),
    );
  }

  /** Replaces the approval buttons and the requester's Cancel button with the decision stamp. */
  async decided(request: OrderRequest): Promise<void> {
    const { approvalChannelId, approvalMessageTs, requesterChannelId, requesterMessageTs } = request.slack;
    if (approvalChannelId && approvalMessageTs) {
      await this.update(
        request,
        'approval message',
        approvalChannelId,
        approvalMessageTs,
        approvalMessage(request),
      );
    }
    if (requesterChannelId && requesterMessageTs) {
      await this.update(
        request,
        'requester confirmation',
        requesterChannelId,
        requesterMessageTs,
        requesterConfirmation(request),
      );
    }
  }

  /** The result in the approval thread, the requester's DM and the orders channel, as the state calls for. */
  async outcome(request: OrderRequest): Promise<void> {
    const reply = threadResult(request);
    const { approvalChannelId, approvalMessageTs } = request.slack;
    if (reply && approvalChannelId && approvalMessageTs) {
      await this.post(request, 'result in thread', {
        channel: approvalChannelId,
        thread_ts: approvalMessageTs,
        ...reply,
      });
    }
    const dm = requesterOutcome(request);
    if (dm) await this.post(request, 'requester outcome', { channel: request.requesterId, ...dm });
    const notice = ordersNotice(request);
    if (notice)
      await this.post(request, 'orders notice', { channel: this.options.ordersChannelId, ...notice });
  }

  /** Says to one person alone why their click changed nothing. */
  async refuse(
    requestId: string | undefined,
    userId: string,
    channel: string | undefined,
    text: string,
  ): Promise<void> {
    await this.attempt({ id: requestId }, 'ephemeral refusal', () =>
      this.client.chat.postEphemeral({
        channel: channel ?? this.options.approvalsChannelId,
        user: userId,
        text,
      }),
    );
  }

  private post(
    request: OrderRequest,
    what: string,
    message: SlackMessage & { channel: string; thread_ts?: string },
  ): Promise<{ channel: string; ts: string } | undefined> {
    return this.attempt(request, what, async () => {
      const answer = await this.client.chat.postMessage(message);
      return answer.channel && answer.ts ? { channel: answer.channel, ts: answer.ts } : undefined;
    });
  }

  private async update(
    request: OrderRequest,
    what: string,
    channel: string,
    ts: string,
    message: SlackMessage,
  ): Promise<void> {
    await this.attempt(request, what, () => this.client.chat.update({ channel, ts, ...message }));
  }

  private async attempt<T>(
    request: { id?: string | undefined },
    what: string,
    call: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await call();
    } catch (err) {
      this.options.logger.error({ requestId: request.id, err: describeError(err) }, `Slack: ${what} failed`);
      return undefined;
    }
  }
}
