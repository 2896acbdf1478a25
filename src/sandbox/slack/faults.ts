/**
 * Switches that make the next calls of one method fail the ways Slack does fail: refused before it acts
 * (rate limited with Retry-After, a server error), or acted on but never answered (a hang, a dropped
 * connection). Each call consumes one fault, oldest first. And one for the whole workspace: history
 * reads that trail the writes.
 */

export type Fault =
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'http_error'; status: number }
  | { kind: 'hang' }
  | { kind: 'lost' };

/** The public switches; `method` is a Web API method name or `response_url`. */
export interface SlackFaults {
  /** The next `count` calls are refused with 429 and this Retry-After; they take no effect. */
  rateLimitNext(method: string, count: number, retryAfterSeconds: number): void;
  /** The next `count` calls are refused with this HTTP status (default 500); they take no effect. */
  failNext(method: string, count: number, status?: number): void;
  /** The next `count` calls take effect, then get no answer until the emulator closes. */
  hangNext(method: string, count: number): void;
  /** The next `count` calls take effect, then their connection is destroyed without an answer. */
  loseAnswerNext(method: string, count: number): void;
  /** conversations.history/replies see a message only `ms` after it was posted (0, the default: at once). */
  historyLag(ms: number): void;
  /** Drops every pending fault and sets the history lag back to 0. */
  clear(): void;
}

export class FaultQueue implements SlackFaults {
  private readonly pending = new Map<string, Fault[]>();
  private lagMs = 0;

  private add(method: string, count: number, fault: Fault): void {
    const queue = this.pending.get(method) ?? [];
    for (let i = 0; i < count; i += 1) queue.push(fault);
    this.pending.set(method, queue);
  }

  rateLimitNext(method: string, count: number, retryAfterSeconds: number): void {
    this.add(method, count, { kind: 'rate_limited', retryAfterSeconds });
  }

  failNext(method: string, count: number, status = 500): void {
    this.add(method, count, { kind: 'http_error', status });
  }

  hangNext(method: string, count: number): void {
    this.add(method, count, { kind: 'hang' });
  }

  loseAnswerNext(method: string, count: number): void {
    this.add(method, count, { kind: 'lost' });
  }

  historyLag(ms: number): void {
    this.lagMs = ms;
  }

  clear(): void {
    this.pending.clear();
    this.lagMs = 0;
  }

  get historyLagMs(): number {
    return this.lagMs;
  }

  /** The faults still to come, per method, and the history lag. */
  snapshot(): { pending: Record<string, Fault[]>; historyLagMs: number } {
    const pending = [...this.pending].filter(([, queue]) => queue.length > 0);
    return { pending: structuredClone(Object.fromEntries(pending)), historyLagMs: this.lagMs };
  }

  /** The fault for this call of `method`, if one is pending. */
  take(method: string): Fault | undefined {
    return this.pending.get(method)?.shift();
  }
}
