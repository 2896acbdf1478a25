/**
 * Every message the app owes Slack, by kind: which Web API method sends it, which earlier message it needs
 * (a thread reply needs the approval message's ts; a stamp needs the message it edits), and which
 * coordinates its delivery records on the request so later messages can find it.
 */

export type Anchor = 'approval' | 'requester';

export interface KindRule {
  method: 'chat.postMessage' | 'chat.update';
  /** The message this one is attached to: a thread reply (postMessage) or the message edited (update). */
  anchor?: Anchor;
  /** Whose coordinates the delivered message's channel and ts become. */
  records?: Anchor;
}

export const MESSAGE_KINDS = {
  approval_message: { method: 'chat.postMessage', records: 'approval' },
  requester_confirmation: { method: 'chat.postMessage', records: 'requester' },
  approval_stamp: { method: 'chat.update', anchor: 'approval' },
  requester_stamp: { method: 'chat.update', anchor: 'requester' },
  thread_result: { method: 'chat.postMessage', anchor: 'approval' },
  requester_outcome: { method: 'chat.postMessage' },
  orders_notice: { method: 'chat.postMessage' },
} as const satisfies Record<string, KindRule>;

export type MessageKind = keyof typeof MESSAGE_KINDS;

/** The message that creates each anchor: what an anchored message waits for. */
export const ANCHOR_SOURCE: Record<Anchor, MessageKind> = {
  approval: 'approval_message',
  requester: 'requester_confirmation',
};

export function kindRule(kind: string): KindRule | undefined {
  return Object.hasOwn(MESSAGE_KINDS, kind) ? MESSAGE_KINDS[kind as MessageKind] : undefined;
}
