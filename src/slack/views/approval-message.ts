import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { OrderRequest } from '../../orders/model';
import { DECISION_ACTIONS, HISTORY_ACTION } from '../ids';
import { escapeMrkdwn, mention, truncate } from '../mrkdwn';
import { approversMention, type MessageContext } from './context';
import { priceChangeText, requestTitle, summaryBlocks } from './request-summary';
import { standing } from './status';

export interface SlackMessage {
  /** Fallback for notifications and screen readers; Slack warns when a message has blocks but no text. */
  text: string;
  blocks: KnownBlock[];
}

export const DECISION_BLOCK_ID = 'decision';

/** "History": every step of the request, in a modal; there in every state. */
export function historyButton(request: OrderRequest): Button {
  return {
    type: 'button',
    action_id: HISTORY_ACTION,
    text: { type: 'plain_text', text: 'History' },
    value: request.id,
  };
}

/**
 * Approve (with a confirm dialog) and Reject; each button carries only the request id. Where several
 * requests share a view (the App Home), each row needs its own `blockId`.
 */
export function decisionButtons(request: OrderRequest, blockId = DECISION_BLOCK_ID): ActionsBlock {
  return {
    type: 'actions',
    block_id: blockId,
    elements: [
      {
        type: 'button',
        action_id: DECISION_ACTIONS.approve,
        style: 'primary',
        text: { type: 'plain_text', text: 'Approve' },
        value: request.id,
        confirm: {
          title: { type: 'plain_text', text: 'Approve this order?' },
          text: {
            type: 'plain_text',
            text: truncate(`The order "${requestTitle(request)}" will be placed with Yeastar at once.`, 300),
          },
          confirm: { type: 'plain_text', text: 'Approve and order' },
          deny: { type: 'plain_text', text: 'Not yet' },
        },
      },
      {
        type: 'button',
        action_id: DECISION_ACTIONS.reject,
        style: 'danger',
        text: { type: 'plain_text', text: 'Reject' },
        value: request.id,
      },
    ],
  };
}

/**
 * The message in the approvals channel: the summary, where the request stands (whom it waits for, or the
 * decision and what came of the order), and the buttons while it is pending. Its fallback text mentions
 * the approvers while it waits for them.
 */
export function approvalMessage(request: OrderRequest, ctx: MessageContext): SlackMessage {
  const title = requestTitle(request);
  const where = standing(request, ctx);
  const pending = request.state === 'pending_approval';
  const change = priceChangeText(request);
  const text = pending
    ? `${approversMention(ctx)}: ${mention(request.requesterId)} asks for approval: ${escapeMrkdwn(title)}`
    : `${where} — ${escapeMrkdwn(title)}`;
  return {
    text: truncate(text, 3000),
    blocks: [
      ...summaryBlocks(request, ctx),
      {
        type: 'section',
        text: { type: 'mrkdwn', text: truncate(where, 3000) },
        accessory: historyButton(request),
      },
      ...(change
        ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: truncate(change, 3000) } }]
        : []),
      ...(pending ? [decisionButtons(request)] : []),
    ],
  };
}
