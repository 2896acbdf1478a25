import type { webApi } from '@slack/bolt';
import type { Logger } from '../../logger';
import type { OrderRequest, SlackCoordinates } from '../../orders/model';
import type { RequestStore } from '../../orders/ports';
import { type BackoffPolicy, backoffDelay } from './backoff';
import {
  ANCHOR_SOURCE,
  type Anchor,
  type KindRule,
  kindRule,
  MESSAGE_KINDS,
  type MessageKind,
} from './kinds';
import { MessageFinder, messageMetadata, type Posted } from './message-finder';
import type { OutboxEntry, OutboxQueue } from './queue';
import { classifySlackFailure } from './slack-failure';

export type { Posted } from './message-finder';

/** A message the app owes Slack. `stage` (a state or a decision) tells one message of a kind from another. */
export interface OutboxMessage {
  requestId: string;
  kind: MessageKind;
  stage: string;
  /** The Web API arguments; an anchored kind's channel and ts/thread_ts are filled in at delivery. */
  args: Record<string, unknown>;
}

export type Delivery =
  | { status: 'delivered'; posted?: Posted }
  /** Failed or waiting for its anchor; due again later. `rateLimited` when Slack said to slow down. */
  | { status: 'retrying'; rateLimited: boolean }
  | { status: 'abandoned' }
  /** Not due, already delivered, or another sender holds it. */
  | { status: 'not_claimed' }
  /** `send` only: the same message was queued before; whoever queued it delivers it. */
  | { status: 'duplicate' };

export interface SlackOutboxOptions {
  /** A client that does not retry or wait out rate limits by itself, and times out: the outbox retries. */
  client: Pick<webApi.WebClient, 'apiCall'>;
  /** What a live kind (see kinds.ts) says about the request now, rendered again at each delivery. */
  render(kind: MessageKind, request: OrderRequest): object | undefined;
  /** Told when the approval message cannot reach its channel (the bot is not in it, …); it is retried. */
  onApprovalUnposted?(requestId: string, error: string): Promise<void>;
  outbox: OutboxQueue;
  requests: Pick<RequestStore, 'get' | 'updateSlack'>;
  backoff: BackoffPolicy;
  /** How long a delivery may hold its message; above the client's timeout, or a slow call could be doubled. */
  leaseMs: number;
  /** Attempts after which a message still failing is given up. */
  maxAttempts: number;
  logger: Logger;
}

/** A live message whose request has moved on so that it says nothing any more. */
const OBSOLETE = Symbol('obsolete');

type Resolved =
  | { ready: Record<string, unknown>; request?: OrderRequest }
  | { waiting: string }
  | { orphan: string };

const ANCHOR_COORDS: Record<Anchor, (slack: SlackCoordinates) => Partial<Posted>> = {
  approval: (s) => ({ channel: s.approvalChannelId, ts: s.approvalMessageTs }),
  requester: (s) => ({ channel: s.requesterChannelId, ts: s.requesterMessageTs }),
  doubt: (s) => ({ channel: s.approvalChannelId, ts: s.doubtMessageTs }),
};

function coordinatesOf(anchor: Anchor, posted: Posted): SlackCoordinates {
  switch (anchor) {
    case 'approval':
      return { approvalChannelId: posted.channel, approvalMessageTs: posted.ts };
    case 'requester':
      return { requesterChannelId: posted.channel, requesterMessageTs: posted.ts };
    case 'doubt':
      return { doubtMessageTs: posted.ts };
  }
}

/**
 * Durable Slack delivery. A message is queued before it is sent, so a Slack failure or a crash only delays
 * it; each delivery first claims its row, so the immediate attempt, the dispatcher and other app instances
 * never send the same message at the same time. A post carries its queue key as metadata: when an
 * attempt got no answer, the next one first looks for the post in Slack instead of posting a copy, and
 * a stamp of a message whose post went unanswered stamps every copy that Slack shows.
 */
export class SlackOutbox {
  private readonly finder: MessageFinder;

  constructor(private readonly options: SlackOutboxOptions) {
    this.finder = new MessageFinder(options.client);
  }

  /** Queues the messages (skipping ones already queued), then delivers each new one at once, in order. */
  async send(messages: readonly OutboxMessage[]): Promise<Delivery[]> {
    const entries = await this.enqueue(messages, { sendingNow: true });
    const deliveries: Delivery[] = [];
    for (const entry of entries)
      deliveries.push(entry === undefined ? { status: 'duplicate' } : await this.attempt(entry));
    return deliveries;
  }

  /**
   * Queues the messages; returns each new one, undefined for a duplicate. `sendingNow`: they come back
   * claimed for the caller to `attempt` at once, and the dispatcher takes over only if it never does.
   */
  enqueue(messages: readonly OutboxMessage[], options: { sendingNow?: boolean } = {}) {
    return this.options.outbox.enqueue(
      messages.map((m) => ({ ...m, method: MESSAGE_KINDS[m.kind].method })),
      options.sendingNow ? this.options.leaseMs : undefined,
    );
  }

  /** One attempt at one queued message, if it is due and nobody else is sending it. */
  async deliver(id: number): Promise<Delivery> {
    const entry = await this.options.outbox.claim(id, this.options.leaseMs);
    return entry ? this.attempt(entry) : { status: 'not_claimed' };
  }

  /** One attempt at a message this caller has claimed. */
  async attempt(entry: OutboxEntry): Promise<Delivery> {
    const rule = kindRule(entry.kind);
    if (!rule) return this.abandon(entry, `unknown message kind ${entry.kind}`);
    // A stamp shows the request as it is at delivery, so a newer one (sent, or to be sent) says all it
    // would: under a burst of approvals, or after a retry, the "approved" stamp is overtaken by the outcome's.
    if (rule.live && rule.method === 'chat.update' && (await this.options.outbox.supersededBy(entry))) {
      await this.options.outbox.markDelivered(entry.id);
      return { status: 'delivered' };
    }
    const resolved = await this.resolve(entry, rule);
    if ('orphan' in resolved) return this.abandon(entry, resolved.orphan);
    if ('waiting' in resolved) return this.wait(entry, resolved.waiting);
    const current = rule.live ? await this.rendered(entry, resolved) : resolved.ready;
    if (!current) return this.abandon(entry, 'the request no longer exists');
    if (current === OBSOLETE) {
      this.options.logger.info(
        { requestId: entry.requestId, kind: entry.kind },
        'Slack message no longer applies; not sent',
      );
      await this.options.outbox.markDelivered(entry.id);
      return { status: 'delivered' };
    }
    const args =
      rule.method === 'chat.postMessage'
        ? { ...current, metadata: messageMetadata(entry.dedupeKey) }
        : current;
    if (rule.method === 'chat.postMessage' && entry.outcomeUnknownAt) {
      let earlier: Posted | undefined;
      try {
        earlier = await this.finder.find(soughtBy(entry, args.channel, args.thread_ts));
      } catch (err) {
        return this.retry(entry, `could not look for an earlier post: ${classifySlackFailure(err).message}`, {
          outcomeUnknown: true,
        });
      }
      if (earlier) {
        this.options.logger.info(
          { requestId: entry.requestId, kind: entry.kind },
          'Slack had the post already',
        );
        return this.delivered(entry, rule, earlier);
      }
    }
    let answer: webApi.WebAPICallResult;
    try {
      answer = await this.options.client.apiCall(entry.method, args);
      if (rule.method === 'chat.update' && rule.anchor && resolved.request) {
        await this.stampCopies(entry, rule.anchor, args, resolved.request);
      }
    } catch (err) {
      const failure = classifySlackFailure(err);
      if (!failure.retry) return this.abandon(entry, failure.message);
      if (failure.channelUnreachable && entry.kind === 'approval_message') {
        await this.options.onApprovalUnposted?.(entry.requestId, failure.message);
      }
      return this.retry(entry, failure.message, failure);
    }
    const { channel, ts } = answer as { channel?: unknown; ts?: unknown };
    const posted = typeof channel === 'string' && typeof ts === 'string' ? { channel, ts } : undefined;
    return this.delivered(entry, rule, posted);
  }

  /**
   * A live kind's arguments: its channel and anchor as resolved, its content as the request is now;
   * OBSOLETE when the kind says nothing about the request now.
   */
  private async rendered(
    entry: OutboxEntry,
    resolved: Extract<Resolved, { ready: unknown }>,
  ): Promise<Record<string, unknown> | typeof OBSOLETE | undefined> {
    const request = resolved.request ?? (await this.options.requests.get(entry.requestId));
    if (!request) return undefined;
    const content = this.options.render(entry.kind as MessageKind, request);
    return content ? { ...resolved.ready, ...content } : OBSOLETE;
  }

  private async delivered(entry: OutboxEntry, rule: KindRule, posted: Posted | undefined): Promise<Delivery> {
    // Coordinates first: once the message counts as delivered, messages anchored to it look for them.
    if (rule.records && posted) {
      const link = rule.records === 'approval' ? await this.permalink(posted) : undefined;
      await this.options.requests.updateSlack(entry.requestId, {
        ...coordinatesOf(rule.records, posted),
        ...(link && { approvalPermalink: link }),
      });
    }
    await this.options.outbox.markDelivered(entry.id);
    return posted ? { status: 'delivered', posted } : { status: 'delivered' };
  }

  /** Slack's link to a posted message, for the messages that point to it; none if Slack will not say. */
  private async permalink(posted: Posted): Promise<string | undefined> {
    try {
      const answer = (await this.options.client.apiCall('chat.getPermalink', {
        channel: posted.channel,
        message_ts: posted.ts,
      })) as { permalink?: unknown };
      return typeof answer.permalink === 'string' && /^https?:\/\//.test(answer.permalink)
        ? answer.permalink
        : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * When the edited message's post once went unanswered, Slack may hold copies of it: each gets the same
   * edit, so no copy keeps live buttons. A copy that is gone is skipped; any other failure retries all.
   */
  private async stampCopies(
    entry: OutboxEntry,
    anchor: Anchor,
    args: Record<string, unknown>,
    request: OrderRequest,
  ): Promise<void> {
    const kind = ANCHOR_SOURCE[anchor];
    // The source is a thread reply itself when it is anchored to the approval message.
    const threadTs = kindRule(kind)?.anchor === 'approval' ? request.slack.approvalMessageTs : undefined;
    // Read only when a post went unanswered: the rows (and their JSON) are not read on every stamp.
    const sources = await this.options.outbox.entriesOf(entry.requestId, kind, { outcomeUnknown: true });
    for (const source of sources) {
      const copies = await this.finder.findAll(soughtBy(source, args.channel, threadTs));
      for (const copy of copies.filter((c) => c.ts !== args.ts)) {
        try {
          await this.options.client.apiCall('chat.update', { ...args, channel: copy.channel, ts: copy.ts });
        } catch (err) {
          const failure = classifySlackFailure(err);
          if (failure.retry) throw err;
          this.options.logger.warn(
            { requestId: entry.requestId, error: failure.message },
            'copy not stamped',
          );
        }
      }
    }
  }

  /**
   * The call's arguments with the anchor filled in. An anchor not posted yet is waited for while its
   * message is still queued; one that will never be posted makes the message an orphan. Pending is read
   * before the request because delivery records the coordinates before marking the anchor delivered.
   */
  private async resolve(entry: OutboxEntry, rule: KindRule): Promise<Resolved> {
    if (!rule.anchor) return { ready: entry.args };
    const source = ANCHOR_SOURCE[rule.anchor];
    const sourcePending = await this.options.outbox.isPending(entry.requestId, source);
    const request: OrderRequest | undefined = await this.options.requests.get(entry.requestId);
    if (!request) return { orphan: 'the request no longer exists' };
    const { channel, ts } = ANCHOR_COORDS[rule.anchor](request.slack);
    if (channel && ts) {
      const place = rule.method === 'chat.update' ? { ts } : { thread_ts: ts };
      return { ready: { ...entry.args, channel, ...place }, request };
    }
    return sourcePending
      ? { waiting: `waiting for the ${source.replaceAll('_', ' ')} to be posted` }
      : { orphan: `the ${source.replaceAll('_', ' ')} was never posted` };
  }

  private async retry(
    entry: OutboxEntry,
    error: string,
    why: { retryAfterMs?: number; outcomeUnknown: boolean },
  ): Promise<Delivery> {
    const { backoff, maxAttempts, logger, outbox } = this.options;
    if (entry.attempts >= maxAttempts)
      return this.abandon(entry, `${error} (after ${entry.attempts} attempts)`);
    const delay = why.retryAfterMs ?? backoffDelay(entry.attempts, backoff);
    await outbox.reschedule(entry.id, delay, error, why.outcomeUnknown);
    logger.warn(
      { requestId: entry.requestId, kind: entry.kind, attempts: entry.attempts, retryInMs: delay, error },
      'Slack message not delivered yet; will retry',
    );
    return { status: 'retrying', rateLimited: why.retryAfterMs !== undefined };
  }

  /**
   * Its anchor is still queued: look again after the shortest backoff. Waiting is not an attempt, so a
   * long Slack outage that delays the anchor can never use up this message's attempts.
   */
  private async wait(entry: OutboxEntry, reason: string): Promise<Delivery> {
    await this.options.outbox.postpone(entry.id, backoffDelay(1, this.options.backoff), reason);
    return { status: 'retrying', rateLimited: false };
  }

  private async abandon(entry: OutboxEntry, error: string): Promise<Delivery> {
    await this.options.outbox.abandon(entry.id, error);
    this.options.logger.error(
      { requestId: entry.requestId, kind: entry.kind, attempts: entry.attempts, error },
      'Slack message given up',
    );
    return { status: 'abandoned' };
  }
}

/** Where a queued post would be: its channel (and thread), its key, from when it was queued. */
function soughtBy(entry: OutboxEntry, channel: unknown, threadTs: unknown) {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const thread = text(threadTs);
  return {
    channel: text(channel) ?? text(entry.args.channel) ?? '',
    ...(thread && { threadTs: thread }),
    key: entry.dedupeKey,
    since: entry.createdAt,
  };
}
