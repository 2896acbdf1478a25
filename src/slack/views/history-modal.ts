import type { KnownBlock, ModalView } from '@slack/types';
import type { AuditEvent, OrderRequest, RequestState } from '../../orders/model';
import { SYSTEM_ACTOR } from '../../orders/model';
import type { RefusalReason } from '../../orders/workflow';
import { escapeMrkdwn, mention, truncate } from '../mrkdwn';
import type { MessageContext } from './context';
import { requestTitle, sandboxBlocks, slackDate } from './request-summary';

/** A state as people read it. */
const STATE_WORDS: Record<RequestState, string> = {
  pending_approval: 'waiting for approval',
  approved: 'approved',
  placing: 'placing the order',
  placed: 'ordered',
  failed: 'not ordered',
  in_doubt: 'outcome unknown',
  rejected: 'rejected',
  cancelled: 'cancelled',
  expired: 'expired',
};

/** What each step of the trail did, in words; a step the app does not know is named as stored. */
const ACTION_WORDS: Record<string, string> = {
  created: 'asked for approval',
  approve: 'approved',
  approve_first: 'gave the first of two approvals',
  price_changed: 'read a new price from Yeastar',
  reject: 'rejected',
  cancel: 'cancelled',
  place: 'sent the order to Yeastar',
  placed: 'recorded the order Yeastar confirmed',
  place_failed: 'recorded that Yeastar refused the order',
  place_outcome_unknown: 'got no answer from Yeastar',
  placing_abandoned: 'took up a placement that had stopped',
  doubt_raised: 'asked the approvers to settle it',
  reminded: 'reminded the approvers',
  expire: 'let it expire undecided',
  order_status: 'recorded a new order status from Yeastar',
};

/** Why a click was refused, as the trail records it (a code), in words about the clicker. */
const REFUSED_BECAUSE: Record<RefusalReason, string> = {
  not_found: 'the request no longer existed',
  not_approver: 'they are not an approver',
  own_request: 'it is their own request',
  not_requester: 'only the requester may cancel it',
  already_decided: 'it was decided already',
  reason_required: 'a rejection needs a reason',
  not_in_doubt: 'it was settled already',
  order_not_found: 'Yeastar has no order with that number',
  order_taken: 'that order belongs to another request',
  order_mismatch: 'that order is for another product',
  lookup_failed: 'the Partner API could not be asked',
  approvers_unavailable: 'Slack did not say who the approvers are',
  second_approver_needed: 'they gave the first of two approvals; another approver gives the second',
  price_changed: 'Yeastar’s price changed since the request: it waits for a fresh approval',
};

/** Slack's modal limits: 100 blocks, 3000 characters a section. */
const MAX_BLOCKS = 100;

function eventLine(event: AuditEvent): string {
  const who = event.actor === SYSTEM_ACTOR ? 'the app' : mention(event.actor);
  const what = ACTION_WORDS[event.action] ?? event.action.replaceAll('_', ' ');
  const moved =
    event.from && event.to && event.from !== event.to
      ? ` (${STATE_WORDS[event.from]} → ${STATE_WORDS[event.to]})`
      : event.to
        ? ''
        : ' — refused, nothing changed';
  return `*${slackDate(event.at)}* · ${who} ${escapeMrkdwn(what)}${moved}`;
}

/** A step, and why in a context line under it: a reason may quote Yeastar's IDs. */
function eventBlocks(event: AuditEvent): KnownBlock[] {
  const line: KnownBlock = {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(eventLine(event), 3000) },
  };
  if (!event.reason) return [line];
  const refused = event.to === undefined ? REFUSED_BECAUSE[event.reason as RefusalReason] : undefined;
  const why = refused ? `Because ${refused}.` : escapeMrkdwn(event.reason);
  return [line, { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(why, 3000) }] }];
}

/**
 * Every step of a request, oldest first: who, when, from which state to which, and why (a reason, the
 * Partner API's refusal, what reconciliation found). A read-only modal.
 */
export function historyModal(
  request: OrderRequest,
  events: readonly AuditEvent[],
  ctx: Pick<MessageContext, 'sandbox'>,
): ModalView {
  const head: KnownBlock[] = [
    ...sandboxBlocks(ctx),
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*${escapeMrkdwn(requestTitle(request))}* · reference \`${request.reference}\` · now ${STATE_WORDS[request.state]}`,
          3000,
        ),
      },
    },
    { type: 'divider' },
  ];
  // The newest steps that fit, two blocks each at the most, below a line saying how many are left out.
  const room = Math.floor((MAX_BLOCKS - head.length - 1) / 2);
  const shown = events.slice(Math.max(0, events.length - room));
  const steps = shown.flatMap(eventBlocks);
  const left = events.length - shown.length;
  const earlier: KnownBlock[] =
    left > 0
      ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `${left} earlier steps are not shown.` }] }]
      : [];
  const none: KnownBlock[] =
    events.length === 0
      ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: 'No steps are recorded for this request.' }] }]
      : [];
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Request history' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [...head, ...earlier, ...steps, ...none],
  };
}
