import type { OrderRequest } from '../orders/model';
import type { MessageKind } from './outbox/kinds';
import { approvalMessage, type SlackMessage } from './views/approval-message';
import type { MessageContext } from './views/context';
import {
  doubtNotice,
  doubtStamp,
  notPostedNotice,
  ordersNotice,
  priceNotice,
  reminderNotice,
  requesterConfirmation,
  requesterOutcome,
  threadResult,
} from './views/notices';

export interface MessagesContext extends MessageContext {
  approvalsChannelId: string;
  ordersChannelId: string;
}

/**
 * Every message the app sends about a request, by kind, for this installation. The notifier renders with
 * it when it queues a message; the outbox renders the kinds that show the request as it is now (the
 * approval message, the requester's confirmation, the stamps) again when it delivers them, so a late or
 * retried delivery never shows a stale state.
 */
export class SlackMessages {
  constructor(readonly ctx: MessagesContext) {}

  /** What a message of this kind says about the request; undefined when it says nothing at this stage. */
  render(kind: MessageKind, request: OrderRequest, detail = ''): SlackMessage | undefined {
    switch (kind) {
      case 'approval_message':
      case 'approval_stamp':
        return approvalMessage(request, this.ctx);
      case 'requester_confirmation':
      case 'requester_stamp':
        return requesterConfirmation(request, this.ctx);
      case 'thread_result':
        return threadResult(request, this.ctx);
      case 'price_notice':
        return priceNotice(request, this.ctx);
      case 'doubt_notice':
        return doubtNotice(request, this.ctx);
      case 'doubt_stamp':
        return doubtStamp(request, this.ctx);
      case 'requester_outcome':
        return requesterOutcome(request, this.ctx);
      case 'orders_notice':
        return ordersNotice(request, this.ctx);
      case 'reminder':
        return reminderNotice(request, this.ctx);
      case 'not_posted_notice':
        return notPostedNotice(request, this.ctx, detail);
    }
  }
}
