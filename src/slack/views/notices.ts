import type { KnownBlock, SectionBlock } from '@slack/types';
import type { OrderRequest } from '../../orders/model';
import type { DecisionResult } from '../../orders/workflow';
import { DECISION_ACTIONS, DOUBT_ACTIONS, RESUBMIT_ACTION } from '../ids';
import { escapeMrkdwn, mention, truncate } from '../mrkdwn';
import type { SlackMessage } from './approval-message';
import { approversMention, type MessageContext } from './context';
import { failureText } from './failure';
import {
  customerName,
  priceChangeText,
  productName,
  readDetails,
  requestTitle,
  sandboxBlocks,
  slackDate,
  summaryBlocks,
} from './request-summary';
import { orderLine, orderMark, paymentHint } from './status';

/** Messages about a request's life: the requester's DMs, the replies in the thread, the orders channel. */

const SECTION_TEXT_MAX = 3000;

/** A mrkdwn section, cut to Slack's limit. */
export function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SECTION_TEXT_MAX) } };
}

/** A context line, cut to Slack's limit. */
export function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, SECTION_TEXT_MAX) }] };
}

/** A message whose text is both the fallback and its first block, with any context lines after it. */
function message(ctx: MessageContext, text: string, ...contexts: string[]): SlackMessage {
  const cut = truncate(text, SECTION_TEXT_MAX);
  return {
    text: cut,
    blocks: [section(cut), ...contexts.filter(Boolean).map(context), ...sandboxBlocks(ctx)],
  };
}

function quoted(request: OrderRequest): string {
  return `“${escapeMrkdwn(requestTitle(request))}”`;
}

/** A link to the approval message, once Slack gave one. */
function approvalLink(request: OrderRequest, text = 'the request in the approvals channel'): string {
  const link = request.slack.approvalPermalink;
  return link ? `<${link}|${text}>` : '';
}

const RESUBMIT = 'If you still need it, ask again with `/renew` or `/purchase`.';

function decider(request: OrderRequest): string {
  return request.decidedBy ? mention(request.decidedBy) : 'an approver';
}

/** The requester's confirmation DM: its first line always says where the request stands now. */
function confirmationLine(request: OrderRequest): string {
  const what = `Your request ${quoted(request)} (reference \`${request.reference}\`)`;
  switch (request.state) {
    case 'pending_approval':
      return request.firstApproval
        ? `${what} has its first approval, by ${mention(request.firstApproval.by)}, and is waiting for a second approver.`
        : `${what} is waiting for an approver.`;
    case 'approved':
    case 'placing':
      return `${what} was approved by ${decider(request)}; the order is being placed.`;
    case 'placed':
      return `${orderMark(request, '✅')} ${what} is ordered: ${orderLine(request)}.${paymentHint(request)}`;
    case 'failed':
      return `⚠️ ${what} was approved by ${decider(request)}, but not ordered: ${failureText(request).headline}`;
    case 'in_doubt':
      return request.doubt?.raisedAt
        ? `⚠️ ${what} was approved by ${decider(request)}, but the app cannot tell whether Yeastar placed the order. The approvers were asked to check.`
        : `⏳ ${what} was approved by ${decider(request)}; Yeastar has not confirmed the order yet.`;
    case 'rejected':
      return `❌ ${what} was rejected by ${decider(request)}: ${escapeMrkdwn(request.reason ?? '')}`;
    case 'cancelled':
      return `🚫 You cancelled your request ${quoted(request)}.`;
    case 'expired':
      return `⌛ ${what} expired: no approver decided in time, so nothing was ordered. ${RESUBMIT}`;
  }
}

/** The states in which the requester is offered to send the request again, edited. */
const ENDED_UNORDERED = new Set(['rejected', 'expired', 'failed']);

/**
 * The requester's DM: where the request stands, its summary, a Cancel button while it is pending, and
 * Edit and resubmit once it ended without an order.
 */
export function requesterConfirmation(request: OrderRequest, ctx: MessageContext): SlackMessage {
  const line = confirmationLine(request);
  const resubmit: KnownBlock = {
    type: 'actions',
    block_id: 'requester_actions',
    elements: [
      {
        type: 'button',
        action_id: RESUBMIT_ACTION,
        text: { type: 'plain_text', text: 'Edit and resubmit' },
        value: request.id,
      },
    ],
  };
  const cancel: KnownBlock = {
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
    text: truncate(line, SECTION_TEXT_MAX),
    blocks: [
      section(line),
      ...summaryBlocks(request, ctx),
      ...(request.state === 'pending_approval' ? [cancel] : []),
      ...(ENDED_UNORDERED.has(request.state) ? [resubmit] : []),
    ],
  };
}

/** A failure, as the thread and the DMs tell it: the headline, what to do, and the API's facts. */
function failureMessage(ctx: MessageContext, request: OrderRequest, lead: string): SlackMessage {
  const f = failureText(request);
  return message(ctx, `${lead}${f.headline} ${f.next}`, f.facts);
}

/** The reply in the approval message's thread when an approval found another price; nothing otherwise. */
export function priceNotice(request: OrderRequest, ctx: MessageContext): SlackMessage | undefined {
  const change = priceChangeText(request);
  return change ? message(ctx, change) : undefined;
}

/** The reply in the approval message's thread; undefined for states without an order result. */
export function threadResult(request: OrderRequest, ctx: MessageContext): SlackMessage | undefined {
  switch (request.state) {
    case 'placed': {
      const transaction = request.order?.transactionNo;
      return message(
        ctx,
        `${orderMark(request)} Ordered: ${orderLine(request)}.${paymentHint(request)}`,
        transaction ? `Transaction ${escapeMrkdwn(transaction)}` : '',
      );
    }
    case 'failed':
      return failureMessage(ctx, request, '⚠️ Not ordered. ');
    case 'in_doubt':
      // Once people are asked to settle it, the doubt notice says so instead.
      if (request.doubt?.raisedAt) return undefined;
      return message(
        ctx,
        '⏳ Outcome unknown: Yeastar did not confirm the order. The app is looking it up and will post the ' +
          'result here. Do not order it again meanwhile.',
        request.doubt?.reason ? `Why: ${escapeMrkdwn(request.doubt.reason)}` : '',
      );
    default:
      return undefined;
  }
}

/**
 * The thread reply that hands a request in doubt to the approvers: what the app could not tell, where to
 * look in the Partner Portal, and the two ways to settle it.
 */
export function doubtNotice(request: OrderRequest, ctx: MessageContext): SlackMessage | undefined {
  if (request.state !== 'in_doubt' || !request.doubt?.raisedAt) return undefined;
  const text =
    '⚠️ The app cannot tell whether Yeastar placed this order. In the Partner Portal, open *Orders & ' +
    `Billing › Orders* and look for an order whose PO number contains \`${request.reference}\`. Then tell ` +
    'the app what you found. Until then it will not order it again.';
  const cut = truncate(text, SECTION_TEXT_MAX);
  return {
    text: cut,
    blocks: [
      section(cut),
      context(`Why: ${escapeMrkdwn(request.doubt.reason)}`),
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
      ...sandboxBlocks(ctx),
    ],
  };
}

/** The doubt notice once the request has left doubt: its buttons give way to what settled it. */
export function doubtStamp(request: OrderRequest, ctx: MessageContext): SlackMessage | undefined {
  if (request.state === 'in_doubt' || !request.doubt?.raisedAt) return undefined;
  switch (request.state) {
    case 'placed':
      return message(ctx, `✅ Settled: the order exists, ${orderLine(request)}.`);
    case 'failed':
      return message(
        ctx,
        `⚠️ Settled: it was ordered again, and Yeastar refused it. ${failureText(request).headline}`,
      );
    default:
      return message(ctx, '🔁 Settled: the order was not placed; the app is ordering it again.');
  }
}

/** The requester's DM at each outcome; undefined while nothing has happened they need to know. */
export function requesterOutcome(request: OrderRequest, ctx: MessageContext): SlackMessage | undefined {
  const what = `Your request ${quoted(request)}`;
  const by = decider(request);
  const link = approvalLink(request, 'See the request');
  switch (request.state) {
    case 'placed':
      return message(
        ctx,
        `${orderMark(request, '✅')} ${what} was approved by ${by} and is ordered: ${orderLine(request)}.${paymentHint(request)}`,
        link,
      );
    case 'failed':
      return failureMessage(ctx, request, `⚠️ ${what} was approved by ${by}, but not ordered. `);
    case 'in_doubt':
      return request.doubt?.raisedAt
        ? message(
            ctx,
            `⚠️ ${what} was approved by ${by}, but the app cannot tell whether Yeastar placed the order. ` +
              'The approvers were asked to check in the Partner Portal; you will hear the result.',
            link,
          )
        : message(
            ctx,
            `⏳ ${what} was approved by ${by}. Yeastar has not confirmed the order yet; it is being checked ` +
              'and you will hear the result.',
            link,
          );
    case 'rejected':
      return message(ctx, `❌ ${what} was rejected by ${by}: ${escapeMrkdwn(request.reason ?? '')}`, link);
    case 'cancelled':
      return message(ctx, `🚫 ${what} is cancelled.`);
    case 'expired':
      return message(
        ctx,
        `⌛ ${what} expired: no approver decided in time, so nothing was ordered. ${RESUBMIT}`,
        link,
      );
    default:
      return undefined;
  }
}

/**
 * A reply in the approval thread while the request still waits: it mentions the approvers, so they are
 * notified again. Undefined once the request is decided, so a late reminder is never sent.
 */
export function reminderNotice(request: OrderRequest, ctx: MessageContext): SlackMessage | undefined {
  if (request.state !== 'pending_approval') return undefined;
  return message(
    ctx,
    `⏰ Reminder for ${approversMention(ctx)}: ${mention(request.requesterId)}’s request ${quoted(request)} ` +
      `has waited for a decision since ${slackDate(request.createdAt)}. Approve or reject it above.`,
  );
}

/** The requester hears that the approval message could not be posted, and what fixes it. */
export function notPostedNotice(
  request: OrderRequest,
  ctx: MessageContext & { approvalsChannelId: string },
  error: string,
): SlackMessage {
  return message(
    ctx,
    `⚠️ Your request ${quoted(request)} (reference \`${request.reference}\`) is saved, but it is not in front of ` +
      `an approver yet: Slack refused to post it in <#${ctx.approvalsChannelId}>. Ask your admin to ` +
      `\`/invite @Yeastar Order Desk\` to that channel; the app keeps trying and posts it then.`,
    `Slack said: ${escapeMrkdwn(error)}`,
  );
}

/** What the order is for, in a few words: "for Color Ltd — RM Premium, quantity 10". */
function orderedWhat(request: OrderRequest): string {
  const d = readDetails(request);
  const product = productName(request);
  const parts = [
    product && escapeMrkdwn(product),
    d.labels.service && escapeMrkdwn(d.labels.service),
    d.quantity !== undefined && `quantity ${d.quantity}`,
    d.serialNumber && `PBX ${escapeMrkdwn(d.serialNumber)}`,
  ].filter(Boolean);
  return `for ${escapeMrkdwn(customerName(request))}${parts.length ? ` — ${parts.join(', ')}` : ''}`;
}

/** The orders channel's record of placed, failed and rejected orders, linked to the approval message. */
export function ordersNotice(request: OrderRequest, ctx: MessageContext): SlackMessage | undefined {
  const what = `${quoted(request)} ${orderedWhat(request)} (reference \`${request.reference}\`)`;
  const link = approvalLink(request, 'Approval and thread');
  switch (request.state) {
    case 'placed':
      return message(
        ctx,
        `${orderMark(request)} Ordered: ${what}: ${orderLine(request)}.${paymentHint(request)}`,
        link,
      );
    case 'failed':
      return message(ctx, `⚠️ Not ordered: ${what}: ${failureText(request).headline}`, link);
    case 'rejected':
      return message(ctx, `❌ Rejected: ${what}: ${escapeMrkdwn(request.reason ?? '')}`, link);
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
    case 'second_approver_needed':
      return 'This request needs two approvals and you gave the first; another approver gives the second.';
    case 'approvers_unavailable':
      return (
        `Slack did not say who the approvers are just now${detail ? ` (${escapeMrkdwn(detail)})` : ''}, so ` +
        'nothing was changed. Try again in a minute; if it keeps happening, ask your admin to check the ' +
        'approver group and the app’s usergroups:read scope.'
      );
    case 'not_requester':
      return `Only the requester${request ? ` (${mention(request.requesterId)})` : ''} can cancel this request.`;
    case 'reason_required':
      return 'Give a reason to reject the request.';
    case 'already_decided': {
      if (!request) return 'This request was already decided.';
      if (request.state === 'cancelled') return 'This request was already cancelled by the requester.';
      if (request.state === 'expired') return 'This request expired without a decision; nothing was changed.';
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
    case 'price_changed':
      return `Nothing was ordered. ${(request && priceChangeText(request)) ?? 'The price changed since the request: check it and approve again.'}`;
  }
}
