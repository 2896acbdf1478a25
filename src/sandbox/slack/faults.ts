/**
 * Switches that make the next calls of one method fail the ways Slack does fail: rate limited (429 with
 * Retry-After), a server error, or no answer at all. Each call consumes one fault, oldest first.
 */

export type Fault =
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'http_error'; status: number }
  | { kind: 'hang' };

/** The public switches; `method` is a Web API method name or `response_url`. */
export interface SlackFaults {
  rateLimitNext(method: string, count: number, retryAfterSeconds: number): void;
  failNext(method: string, count: number, status?: number): void;
  hangNext(method: string, count: number): void;
  clear(): void;
}

export class FaultQueue implements SlackFaults {
  private readonly pending = new Map<string, Fault[]>();

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

  clear(): void {
    this.pending.clear();
  }

  /** The fault for this call of `method`, if one is pending. */
  take(method: string): Fault | undefined {
    return this.pending.get(method)?.shift();
  }
}
