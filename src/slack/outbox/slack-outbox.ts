import type { webApi } from '@slack/bolt';
import type { Logger } from '../../logger';
import type { OrderRequest, SlackCoordinates } from '../../orders/model';
import type { OutboxEntry, OutboxRepository, RequestRepository } from '../../store';
import { type BackoffPolicy, backoffDelay } from './backoff';
import {
  ANCHOR_SOURCE,
  type Anchor,
  type KindRule,
  kindRule,
  MESSAGE_KINDS,
  type MessageKind,
} from './kinds';
import { classifySlackFailure } from './slack-failure';

/** A message the app owes Slack. `stage` (a state or a decision) tells one message of a kind from another. */
export interface OutboxMessage {
  requestId: string;
  kind: MessageKind;
  stage: string;
  /** The Web API arguments; an anchored kind's channel and ts/thread_ts are filled in at delivery. */
  args: Record<string, unknown>;
}

export interface Posted {
  channel: string;
  ts: string;
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
  outbox: OutboxRepository;
  requests: Pick<RequestRepository, 'get' | 'updateSlack'>;
  backoff: BackoffPolicy;
  /** How long a delivery may hold its message; above the client's timeout, or a slow call could be doubled. */
  leaseMs: number;
  /** Attempts after which a message still failing is given up. */
  maxAttempts: number;
  logger: Logger;
}

type Resolved = { ready: Record<string, unknown> } | { waiting: string } | { orphan: string };

const ANCHOR_COORDS: Record<Anchor, (slack: SlackCoordinates) => Partial<Posted>> = {
  approval: (s) => ({ channel: s.approvalChannelId, ts: s.approvalMessageTs }),
  requester: (s) => ({ channel: s.requesterChannelId, ts: s.requesterMessageTs }),
};

function coordinatesOf(anchor: Anchor, posted: Posted): SlackCoordinates {
  return anchor === 'approval'
    ? { approvalChannelId: posted.channel, approvalMessageTs: posted.ts }
    : { requesterChannelId: posted.channel, requesterMessageTs: posted.ts };
}

/**
 * Durable Slack delivery. A message is queued before it is sent, so a Slack failure or a crash only delays
 * it; each delivery first claims its row, so the immediate attempt, the dispatcher and other app instances
 * never send the same message twice at the same time.
 */
export class SlackOutbox {
  constructor(private readonly options: SlackOutboxOptions) {}

  /** Queues the messages (skipping ones already queued), then delivers each new one at once, in order. */
  async send(messages: readonly OutboxMessage[]): Promise<Delivery[]> {
    const ids = await this.enqueue(messages);
    const deliveries: Delivery[] = [];
    for (const id of ids)
      deliveries.push(id === undefined ? { status: 'duplicate' } : await this.deliver(id));
    return deliveries;
  }

  /** Queues the messages for the dispatcher; returns each new row's id, undefined for a duplicate. */
  enqueue(messages: readonly OutboxMessage[]): Promise<(number | undefined)[]> {
    return this.options.outbox.enqueue(messages.map((m) => ({ ...m, method: MESSAGE_KINDS[m.kind].method })));
  }

  /** One attempt at one queued message, if it is due and nobody else is sending it. */
  async deliver(id: number): Promise<Delivery> {
    const { outbox, leaseMs } = this.options;
    const entry = await outbox.claim(id, leaseMs);
    if (!entry) return { status: 'not_claimed' };
    const rule = kindRule(entry.kind);
    if (!rule) return this.abandon(entry, `unknown message kind ${entry.kind}`);
    const resolved = await this.resolve(entry, rule);
    if ('orphan' in resolved) return this.abandon(entry, resolved.orphan);
    if ('waiting' in resolved) return this.wait(entry, resolved.waiting);
    let answer: webApi.WebAPICallResult;
    try {
      answer = await this.options.client.apiCall(entry.method, resolved.ready);
    } catch (err) {
      const failure = classifySlackFailure(err);
      if (!failure.retry) return this.abandon(entry, failure.message);
      return this.retry(entry, failure.message, failure.retryAfterMs);
    }
    const { channel, ts } = answer as { channel?: unknown; ts?: unknown };
    const posted = typeof channel === 'string' && typeof ts === 'string' ? { channel, ts } : undefined;
    // Coordinates first: once the message counts as delivered, messages anchored to it look for them.
    if (rule.records && posted) {
      await this.options.requests.updateSlack(entry.requestId, coordinatesOf(rule.records, posted));
    }
    await outbox.markDelivered(entry.id);
    return posted ? { status: 'delivered', posted } : { status: 'delivered' };
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
      return { ready: { ...entry.args, channel, ...place } };
    }
    return sourcePending
      ? { waiting: `waiting for the ${source.replace('_', ' ')} to be posted` }
      : { orphan: `the ${source.replace('_', ' ')} was never posted` };
  }

  private async retry(entry: OutboxEntry, error: string, retryAfterMs?: number): Promise<Delivery> {
    const { backoff, maxAttempts, logger, outbox } = this.options;
    if (entry.attempts >= maxAttempts)
      return this.abandon(entry, `${error} (after ${entry.attempts} attempts)`);
    const delay = retryAfterMs ?? backoffDelay(entry.attempts, backoff);
    await outbox.reschedule(entry.id, delay, error);
    logger.warn(
      { requestId: entry.requestId, kind: entry.kind, attempts: entry.attempts, retryInMs: delay, error },
      'Slack message not delivered yet; will retry',
    );
    return { status: 'retrying', rateLimited: retryAfterMs !== undefined };
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
