import { isFinalOrderStatus, type OrderRequest } from '../../orders/model';
import { escapeMrkdwn, mention } from '../mrkdwn';
import { approversMention, type MessageContext } from './context';
import { failureText } from './failure';
import { slackDate } from './request-summary';
import { orderStatusText } from './words';

/** Who decided and when: "✅ Approved by <@U> at …". Undefined while pending. */
export function decisionLine(request: OrderRequest): string | undefined {
  const by = request.decidedBy ? mention(request.decidedBy) : 'someone';
  const at = request.decidedAt ? ` at ${slackDate(request.decidedAt)}` : '';
  switch (request.state) {
    case 'pending_approval':
      return undefined;
    case 'rejected':
      return `❌ Rejected by ${by}${at}: ${escapeMrkdwn(request.reason ?? '')}`;
    case 'cancelled':
      return `🚫 Cancelled by the requester${at}`;
    case 'expired':
      // The state changed at expiry, and nothing changes an expired request afterwards.
      return `⌛ Expired ${slackDate(request.updatedAt)}: nobody approved or rejected it in time`;
    default: {
      // Two approvals: both approvers, the first one first.
      const first = request.firstApproval ? `${mention(request.firstApproval.by)} and ` : '';
      return `✅ Approved by ${first}${by}${at}`;
    }
  }
}

/** "order *TY…*, Completed": the order as Yeastar confirmed it. */
export function orderLine(request: OrderRequest): string {
  const o = request.order;
  return o
    ? `order *${escapeMrkdwn(o.orderNo)}*, ${escapeMrkdwn(orderStatusText(o.orderStatus))}`
    : 'an order';
}

/**
 * What people can do about an order whose status is not final: pay a pending one in the Partner Portal.
 * Empty for any other status.
 */
export function paymentHint(request: OrderRequest): string {
  const o = request.order;
  if (o?.orderStatus !== 'pending') return '';
  return (
    ` To pay it, open the Partner Portal at *Orders & Billing › Orders*, find order *${escapeMrkdwn(o.orderNo)}* ` +
    'and choose *Pay Now*. The app follows the order and tells you when its status changes.'
  );
}

/** The emoji of a placed order's status: completed (`done`), waiting, or ordered but not delivered. */
export function orderMark(request: OrderRequest, done = '🧾'): string {
  const status = request.order?.orderStatus ?? 'succeed';
  if (status === 'succeed') return done;
  return isFinalOrderStatus(status) ? '⚠️' : '⏳';
}

/** What happened to the order after the approval, in a few words; undefined before it and after a rejection. */
export function outcomeLine(request: OrderRequest): string | undefined {
  switch (request.state) {
    case 'approved':
    case 'placing':
      return 'placing the order with Yeastar…';
    case 'placed':
      return `${orderMark(request)} Ordered: ${orderLine(request)}`;
    case 'failed':
      return `⚠️ Not ordered: ${failureText(request).headline} See the thread.`;
    case 'in_doubt':
      return request.doubt?.raisedAt
        ? '⚠️ Outcome unknown: an approver must check the Partner Portal. See the thread.'
        : '⏳ Outcome unknown: the app is checking with Yeastar. See the thread.';
    default:
      return undefined;
  }
}

/** Where the request stands, in one line: whom it waits for, or the decision and what came of it. */
export function standing(request: OrderRequest, ctx: MessageContext): string {
  const decision = decisionLine(request);
  const first = request.firstApproval;
  if (!decision && first) {
    return (
      `☑️ First approval by ${mention(first.by)} at ${slackDate(first.at)} · ⏳ waiting for a second ` +
      `approver: ${approversMention(ctx)}`
    );
  }
  if (!decision) return `⏳ Waiting for an approver: ${approversMention(ctx)}`;
  const outcome = outcomeLine(request);
  return outcome ? `${decision} · ${outcome}` : decision;
}
