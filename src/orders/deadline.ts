/**
 * A point in time by which a piece of work must be over, on the monotonic clock (a wall-clock jump can
 * neither shorten nor stretch it). One deadline covers every step of a placement attempt.
 */
export class Deadline {
  private constructor(private readonly at: number) {}

  static after(ms: number): Deadline {
    return new Deadline(performance.now() + ms);
  }

  /** Milliseconds left, never below 0. */
  remainingMs(): number {
    return Math.max(0, Math.round(this.at - performance.now()));
  }

  /** Whether this deadline comes no later than `other`. */
  endsBy(other: Deadline): boolean {
    return this.at <= other.at;
  }

  /** The earlier of this deadline and `ms` from now. */
  within(ms: number): Deadline {
    return new Deadline(Math.min(this.at, performance.now() + ms));
  }
}
