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
  /** The bot token lacks these scopes from now on: methods that need one answer `missing_scope`. */
  revokeScopes(scopes: readonly string[]): void;
  /** The bot is no longer a member of these channels (someone removed it, or it was never invited). */
  removeBot(channels: readonly string[]): void;
  /** Drops every pending fault, sets the history lag back to 0, grants every scope back and the bot its channels. */
  clear(): void;
}

/** Switches that hold for the whole workspace until cleared. */
export interface WorkspaceConditions {
  historyLagMs: number;
  revokedScopes: ReadonlySet<string>;
  botRemovedFrom: ReadonlySet<string>;
}

export class FaultQueue implements SlackFaults {
  private readonly pending = new Map<string, Fault[]>();
  private lagMs = 0;
  private readonly revoked = new Set<string>();
  private readonly removedFrom = new Set<string>();

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

  revokeScopes(scopes: readonly string[]): void {
    for (const scope of scopes) this.revoked.add(scope);
  }

  removeBot(channels: readonly string[]): void {
    for (const channel of channels) this.removedFrom.add(channel);
  }

  clear(): void {
    this.pending.clear();
    this.lagMs = 0;
    this.revoked.clear();
    this.removedFrom.clear();
  }

  get conditions(): WorkspaceConditions {
    return { historyLagMs: this.lagMs, revokedScopes: this.revoked, botRemovedFrom: this.removedFrom };
  }

  /** The faults still to come, per method, and the workspace's conditions. */
  snapshot(): {
    pending: Record<string, Fault[]>;
    historyLagMs: number;
    revokedScopes: string[];
    botRemovedFrom: string[];
  } {
    const pending = [...this.pending].filter(([, queue]) => queue.length > 0);
    return {
      pending: structuredClone(Object.fromEntries(pending)),
      historyLagMs: this.lagMs,
      revokedScopes: [...this.revoked],
      botRemovedFrom: [...this.removedFrom],
    };
  }

  /** The fault for this call of `method`, if one is pending. */
  take(method: string): Fault | undefined {
    return this.pending.get(method)?.shift();
  }
}
