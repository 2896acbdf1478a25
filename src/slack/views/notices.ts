import type { KnownBlock } from '@slack/types';
import type { OrderRequest } from '../../orders/model';
import type { DecisionResult } from '../../orders/workflow';
import { DECISION_ACTIONS, DOUBT_ACTIONS } from '../ids';
import { escapeMrkdwn, mention, truncate } from '../mrkdwn';
import { decisionStamp, type SlackMessage } from './approval-message';
import { referenceText, requestTitle, summaryBlocks } from './request-summary';

/** Messages about a request's life: the requester's DMs, the result in the thread, the orders channel. */

const SECTION_TEXT_MAX = 3000;

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SECTION_TEXT_MAX) } };
}

/** One-section message: the text is both the fallback and the block. */
function plain(text: string): SlackMessage {
  const cut = truncate(text, SECTION_TEXT_MAX);
  return { text: cut, blocks: [section(cut)] };
}

function quoted(request: OrderRequest): string {
  return `“${escapeMrkdwn(requestTitle(request))}”`;
}

/** What Yeastar answered, in one line each; `orderFacts` is shared by the thread, the DM and the channel. */
function orderFacts(request: OrderRequest): string {
  const o = request.order;
  if (!o) return '';
  const facts = [
    `order number *${escapeMrkdwn(o.orderNo)}*`,
    `status *${escapeMrkdwn(o.orderStatus)}*`,
    o.transactionNo ? `transaction number ${escapeMrkdwn(o.transactionNo)}` : undefined,
    o.instanceId ? `instance ID ${escapeMrkdwn(o.instanceId)}` : undefined,
  ];
  return facts.filter(Boolean).join(', ');
}

function failureFacts(request: OrderRequest): string {
  const f = request.failure;
  if (!f) return 'Yeastar refused the order.';
  const ids = [
    `code ${escapeMrkdwn(f.code)}`,
    f.apiRequestId ? `request ID ${escapeMrkdwn(f.apiRequestId)}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `The Partner API said: “${escapeMrkdwn(f.detailMessage)}” (${ids}).`;
}

/** The requester's DM: sent for approval with a Cancel button while pending, the decision after. */
export function requesterConfirmation(request: OrderRequest): SlackMessage {
  const intro = `Your request ${quoted(request)} (reference ${referenceText(request)}) was sent for approval.`;
  const stamp = decisionStamp(request);
  const tail: KnownBlock = stamp
    ? section(stamp)
    : {
        type: 'actions',
        block_id: 'requester_actions',
        elements: [
          {
            type: 'button',
            action_id: DECISION_ACTIONS.cancel,
            text: { type: 'plain_text', text: 'Cancel request' },
            value: request.id,
            confirm: {
              title: { type: 'plain_text', text: 'Cancel this request?' },
              text: { type: 'plain_text', text: 'The approvers will no longer be able to approve it.' },
              confirm: { type: 'plain_text', text: 'Cancel request' },
              deny: { type: 'plain_text', text: 'Keep it' },
            },
          },
        ],
      };
  return {
    // The fallback text is what notifications and screen readers show: once decided, it says so.
    text: truncate(stamp ? `${intro} ${stamp}` : intro, SECTION_TEXT_MAX),
    blocks: [section(intro), ...summaryBlocks(request), tail],
  };
}

/** What keeps the outcome unknown, as the app last saw it. */
function doubtReason(request: OrderRequest): string {
  return request.doubt?.reason ? ` (${escapeMrkdwn(request.doubt.reason)})` : '';
}

/** The reply in the approval message's thread; undefined for states without an order result. */
export function threadResult(request: OrderRequest): SlackMessage | undefined {
  switch (request.state) {
    case 'placed':
      return plain(`✅ Order placed: ${orderFacts(request)}.`);
    case 'failed':
      return plain(`⚠️ The order was not placed. ${failureFacts(request)}`);
    case 'in_doubt':
      // Once people are asked to settle it, the doubt notice says so instead.
      if (request.doubt?.raisedAt) return undefined;
      return plain(
        `⏳ Outcome unknown: Yeastar did not confirm the order${doubtReason(request)}. The app is looking it ` +
          'up in the Partner API and will post the result here. Do not order it again meanwhile.',
      );
    default:
      return undefined;
  }
}

/**
 * The thread reply that hands a request in doubt to the approvers: what the app could not tell, where to
 * look in the Partner Portal, and the two ways to settle it.
 */
export function doubtNotice(request: OrderRequest): SlackMessage | undefined {
  if (request.state !== 'in_doubt' || !request.doubt?.raisedAt) return undefined;
  const text =
    `⚠️ The app cannot tell whether Yeastar placed this order${doubtReason(request)}. In the Partner ` +
    `Portal, open *Orders & Billing › Orders* and look for PO number *${referenceText(request)}*. ` +
    'Then tell the app what you found. Until then it will not order it again.';
  const cut = truncate(text, SECTION_TEXT_MAX);
  return {
    text: cut,
    blocks: [
      section(cut),
      {
        type: 'actions',
        block_id: 'doubt_actions',
        elements: [
          {
            type: 'button',
            action_id: DOUBT_ACTIONS.placed,
            style: 'primary',
            text: { type: 'plain_text', text: 'It was placed' },
            value: request.id,
          },
          {
            type: 'button',
            action_id: DOUBT_ACTIONS.notPlaced,
            text: { type: 'plain_text', text: 'It was not placed, order again' },
            value: request.id,
            confirm: {
              title: { type: 'plain_text', text: 'Order it again?' },
              text: {
                type: 'plain_text',
                text: truncate(
                  `The app searches the order list once more for ${request.reference}. If it finds no order, ` +
                    'it places the order again. Only do this if the Partner Portal shows no such order: ' +
                    'otherwise the customer is billed twice.',
                  300,
                ),
              },
              confirm: { type: 'plain_text', text: 'Order again' },
              deny: { type: 'plain_text', text: 'Cancel' },
            },
          },
        ],
      },
    ],
  };
}

/** The doubt notice once the request has left doubt: its buttons give way to what settled it. */
export function doubtStamp(request: OrderRequest): SlackMessage | undefined {
  if (request.state === 'in_doubt' || !request.doubt?.raisedAt) return undefined;
  switch (request.state) {
    case 'placed':
      return plain(`✅ Settled: the order exists, ${orderFacts(request)}.`);
    case 'failed':
      return plain(`⚠️ Settled: it was ordered again, and Yeastar refused it. ${failureFacts(request)}`);
    default:
      return plain('🔁 Settled: the order was not placed; the app is ordering it again.');
  }
}

/** The requester's DM at each outcome; undefined while nothing has happened they need to know. */
export function requesterOutcome(request: OrderRequest): SlackMessage | undefined {
  const what = `Your request ${quoted(request)}`;
  const by = request.decidedBy ? mention(request.decidedBy) : 'an approver';
  switch (request.state) {
    case 'placed':
      return plain(`✅ ${what} was approved by ${by} and the order is placed: ${orderFacts(request)}.`);
    case 'failed':
      return plain(`⚠️ ${what} was approved by ${by}, but the order failed. ${failureFacts(request)}`);
    case 'in_doubt':
      return request.doubt?.raisedAt
        ? plain(
            `⚠️ ${what} was approved by ${by}, but the app cannot tell whether Yeastar placed the order. ` +
              'The approvers were asked to check in the Partner Portal; you will hear the result.',
          )
        : plain(
            `⏳ ${what} was approved by ${by}. Yeastar did not confirm the order yet; it is being checked and ` +
              'you will hear the result.',
          );
    case 'rejected':
      return plain(`❌ ${what} was rejected by ${by}: ${escapeMrkdwn(request.reason ?? '')}`);
    case 'cancelled':
      return plain(`🚫 ${what} is cancelled.`);
    default:
      return undefined;
  }
}

/** The orders channel's record of placed, failed and rejected orders. */
export function ordersNotice(request: OrderRequest): SlackMessage | undefined {
  const who = `requested by ${mention(request.requesterId)}${
    request.decidedBy ? `, decided by ${mention(request.decidedBy)}` : ''
  }`;
  const what = `${quoted(request)} (reference ${referenceText(request)}, ${who})`;
  switch (request.state) {
    case 'placed':
      return plain(`🧾 Order placed: ${what}: ${orderFacts(request)}.`);
    case 'failed':
      return plain(`⚠️ Order failed: ${what}. ${failureFacts(request)}`);
    case 'rejected':
      return plain(`❌ Order rejected: ${what}: ${escapeMrkdwn(request.reason ?? '')}`);
    default:
      return undefined;
  }
}

/** Why a click changed nothing, said to the clicker alone. */
export function refusalNotice(refusal: Omit<Extract<DecisionResult, { ok: false }>, 'ok'>): string {
  const { reason, request, detail } = refusal;
  switch (reason) {
    case 'not_found':
      return 'This request no longer exists.';
    case 'not_approver':
      return 'Only approvers can decide on order requests; nothing was changed.';
    case 'own_request':
      return 'You cannot decide on your own request; another approver has to.';
    case 'approvers_unavailable':
      return 'Slack did not say who the approvers are just now, so nothing was changed. Try again in a minute.';
    case 'not_requester':
      return `Only the requester${request ? ` (${mention(request.requesterId)})` : ''} can cancel this request.`;
    case 'reason_required':
      return 'Give a reason to reject the request.';
    case 'already_decided': {
      if (!request) return 'This request was already decided.';
      if (request.state === 'cancelled') return 'This request was already cancelled by the requester.';
      const verb = request.state === 'rejected' ? 'rejected' : 'approved';
      const by = request.decidedBy ? ` by ${mention(request.decidedBy)}` : '';
      return `This request was already ${verb}${by}.`;
    }
    case 'not_in_doubt':
      return 'This request is settled already; see the latest reply in its thread.';
    case 'order_not_found':
      return 'Yeastar has no order with that number. Check it in the Partner Portal (Orders & Billing › Orders).';
    case 'order_taken':
      return 'That order number is already recorded for another request.';
    case 'order_mismatch':
      return 'That order is for another product than this request. Check the order number.';
    case 'lookup_failed':
      return `The Partner API could not be asked just now${detail ? ` (${escapeMrkdwn(detail)})` : ''}. Nothing was changed; try again.`;
  }
}
