/**
 * Every message the app owes Slack, by kind: which Web API method sends it, which earlier message it needs
 * (a thread reply needs the approval message's ts; a stamp needs the message it edits), and which
 * coordinates its delivery records on the request so later messages can find it. What a kind is
 * guaranteed (at least once, found before it is posted again) is in the README's "Slack messages".
 */

export type Anchor = 'approval' | 'requester' | 'doubt';

export interface KindRule {
  method: 'chat.postMessage' | 'chat.update';
  /** The message this one is attached to: a thread reply (postMessage) or the message edited (update). */
  anchor?: Anchor;
  /** Whose coordinates the delivered message's channel and ts become. */
  records?: Anchor;
  /**
   * Shows the request as it is now: rendered again at delivery, so a late one is never stale; one that has
   * nothing to say any more (a reminder of a request decided meanwhile) is not sent.
   */
  live?: true;
}

export const MESSAGE_KINDS = {
  approval_message: { method: 'chat.postMessage', records: 'approval', live: true },
  requester_confirmation: { method: 'chat.postMessage', records: 'requester', live: true },
  approval_stamp: { method: 'chat.update', anchor: 'approval', live: true },
  requester_stamp: { method: 'chat.update', anchor: 'requester', live: true },
  thread_result: { method: 'chat.postMessage', anchor: 'approval' },
  /** The thread reply that says an approval found another price, so a fresh one is asked for. */
  price_notice: { method: 'chat.postMessage', anchor: 'approval' },
  /** The thread reply that asks approvers to settle a request in doubt, with its two buttons. */
  doubt_notice: { method: 'chat.postMessage', anchor: 'approval', records: 'doubt' },
  doubt_stamp: { method: 'chat.update', anchor: 'doubt', live: true },
  requester_outcome: { method: 'chat.postMessage' },
  orders_notice: { method: 'chat.postMessage' },
  /** A reply in the approval thread that mentions the approvers of a request still pending; dropped once decided. */
  reminder: { method: 'chat.postMessage', anchor: 'approval', live: true },
  /** To the requester: the approval message could not be posted (the bot is not in the channel, …). */
  not_posted_notice: { method: 'chat.postMessage' },
} as const satisfies Record<string, KindRule>;

export type MessageKind = keyof typeof MESSAGE_KINDS;

/** The message that creates each anchor: what an anchored message waits for. */
export const ANCHOR_SOURCE: Record<Anchor, MessageKind> = {
  approval: 'approval_message',
  requester: 'requester_confirmation',
  doubt: 'doubt_notice',
};

export function kindRule(kind: string): KindRule | undefined {
  return Object.hasOwn(MESSAGE_KINDS, kind) ? MESSAGE_KINDS[kind as MessageKind] : undefined;
}
