import type { RequestState } from '../../orders/model';

/**
 * The durable queue the Slack outbox delivers from, as the outbox needs it; `store/` implements it on the
 * app's database.
 */

/** A message to queue. `stage` is what makes it unique for its request and kind (a state or a decision). */
export interface NewOutboxMessage {
  requestId: string;
  kind: string;
  stage: string;
  method: string;
  args: Record<string, unknown>;
}

export interface OutboxEntry {
  id: number;
  requestId: string;
  dedupeKey: string;
  kind: string;
  method: string;
  args: Record<string, unknown>;
  attempts: number;
  nextAttemptAt: Date;
  deliveredAt?: Date;
  abandonedAt?: Date;
  lastError?: string;
  /** An earlier attempt got no answer, so the message may be in Slack already. */
  outcomeUnknownAt?: Date;
  createdAt: Date;
}

export interface OutboxQueue {
  /**
   * Queues in one transaction; a message already queued is left as it is (undefined in its place). With
   * `claimForMs`, each new message comes back claimed for its first attempt by the caller.
   */
  enqueue(messages: readonly NewOutboxMessage[], claimForMs?: number): Promise<(OutboxEntry | undefined)[]>;
  /** Takes a due message for `leaseMs`, counting the attempt; undefined when not due or held elsewhere. */
  claim(id: number, leaseMs: number): Promise<OutboxEntry | undefined>;
  /** Ids of messages due for delivery, the longest waiting first. */
  due(limit: number): Promise<number[]>;
  markDelivered(id: number): Promise<void>;
  reschedule(id: number, delayMs: number, error: string, outcomeUnknown?: boolean): Promise<void>;
  /** Due again later without counting the attempt. */
  postpone(id: number, delayMs: number, reason: string): Promise<void>;
  abandon(id: number, error: string): Promise<void>;
  /** Whether a message of the same request and kind was queued after this one and not given up. */
  supersededBy(entry: Pick<OutboxEntry, 'id' | 'requestId' | 'kind'>): Promise<boolean>;
  /** Whether a message of the request and kind is still to be delivered (not delivered, not given up). */
  isPending(requestId: string, kind: string): Promise<boolean>;
  /** The request's messages (of one kind, when given; only those whose post went unanswered, if asked), oldest first. */
  entriesOf(requestId: string, kind?: string, only?: { outcomeUnknown: true }): Promise<OutboxEntry[]>;
  /** Requests in these states with no message of `kind` queued for the stage they are at. */
  requestsMissing(kind: string, states: readonly RequestState[], limit: number): Promise<string[]>;
}

/** The same message for the same request at the same stage is queued once, however often it is asked for. */
export function outboxDedupeKey(requestId: string, kind: string, stage: string): string {
  return `${requestId}:${kind}:${stage}`;
}
