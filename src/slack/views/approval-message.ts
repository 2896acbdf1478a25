import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { OrderRequest } from '../../orders/model';
import { DECISION_ACTIONS } from '../ids';
import { escapeMrkdwn, mention, truncate } from '../mrkdwn';
import { requestTitle, slackDate, summaryBlocks } from './request-summary';

export interface SlackMessage {
  /** Fallback for notifications and screen readers; Slack warns when a message has blocks but no text. */
  text: string;
  blocks: KnownBlock[];
}

export const DECISION_BLOCK_ID = 'decision';

/** Approve (with a confirm dialog) and Reject; each button carries only the request id. */
function decisionButtons(request: OrderRequest): ActionsBlock {
  return {
    type: 'actions',
    block_id: DECISION_BLOCK_ID,
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

/** The decision as one line: who decided, when, and why for a rejection. Undefined while pending. */
export function decisionStamp(request: OrderRequest): string | undefined {
  const by = request.decidedBy ? mention(request.decidedBy) : 'someone';
  const at = request.decidedAt ? ` at ${slackDate(request.decidedAt)}` : '';
  switch (request.state) {
    case 'pending_approval':
      return undefined;
    case 'rejected':
      return `❌ Rejected by ${by}${at}: ${escapeMrkdwn(request.reason ?? '')}`;
    case 'cancelled':
      return `🚫 Cancelled by the requester${at}`;
    default:
      return `✅ Approved by ${by}${at}`;
  }
}

/** The message in the approvals channel: the summary, then the buttons while pending, the stamp after. */
export function approvalMessage(request: OrderRequest): SlackMessage {
  const title = requestTitle(request);
  const stamp = decisionStamp(request);
  const tail: KnownBlock = stamp
    ? { type: 'section', text: { type: 'mrkdwn', text: truncate(stamp, 3000) } }
    : decisionButtons(request);
  const text = stamp
    ? `${stamp} — ${escapeMrkdwn(title)}`
    : `${mention(request.requesterId)} asks for approval: ${escapeMrkdwn(title)}`;
  return { text: truncate(text, 3000), blocks: [...summaryBlocks(request), tail] };
}
