import type { Clock } from './clock';
import type { OrderTiming, SandboxFaults } from './index';
import type { ShapeChange } from './reshape';
import type { Route } from './routes';

export interface FaultState {
  latencyMs: number;
  tokenLatencyMs: number;
  failNext: number;
  failStatus: number;
  hang: boolean;
  loseNextOrderAnswers: number;
  malformNext: number;
  dropAbandonedOrders: boolean;
  commitAfterMs: number;
  answerAfterMs: number;
  listLagMs: number;
  pendingOrders: boolean;
  /** With pendingOrders: a pending order is paid by itself this long after it is committed (0: never). */
  payAfterMs: number;
  omitListReferences: boolean;
  rejectNextOrderTokens: number;
  reshape: readonly ShapeChange[];
  ipRestricted: boolean;
  permissionDenied: boolean;
  trialsNeedBillingId: boolean;
  unshownBillingRequired: boolean;
  /** Every price quoted is the price list's, changed by this many percent (0: as listed). */
  repricePercent: number;
  pricingDown: boolean;
  pricingLatencyMs: number;
}

const NO_FAULTS: FaultState = {
  latencyMs: 0,
  tokenLatencyMs: 0,
  failNext: 0,
  failStatus: 503,
  hang: false,
  loseNextOrderAnswers: 0,
  malformNext: 0,
  dropAbandonedOrders: false,
  commitAfterMs: 0,
  answerAfterMs: 0,
  listLagMs: 0,
  pendingOrders: false,
  payAfterMs: 0,
  omitListReferences: false,
  rejectNextOrderTokens: 0,
  reshape: [],
  ipRestricted: false,
  permissionDenied: false,
  trialsNeedBillingId: false,
  unshownBillingRequired: false,
  repricePercent: 0,
  pricingDown: false,
  pricingLatencyMs: 0,
};

/** The switches that count down, one per call they apply to. */
type Countdown = 'failNext' | 'loseNextOrderAnswers' | 'malformNext' | 'rejectNextOrderTokens';

function count(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer`);
  return value;
}

/** The fault switches, and the hooks the server consults for every API request. */
export class FaultSwitches implements SandboxFaults {
  private state: FaultState = { ...NO_FAULTS };

  constructor(private readonly clock: Clock) {}

  setLatency(ms: number): void {
    this.state.latencyMs = count('latency', ms);
  }

  setTokenLatency(ms: number): void {
    this.state.tokenLatencyMs = count('tokenLatency', ms);
  }

  failNext(n: number, status = 503): void {
    if (!Number.isInteger(status) || status < 500 || status > 599) {
      throw new RangeError('failNext status must be a 5xx status');
    }
    this.state.failNext = count('failNext', n);
    this.state.failStatus = status;
  }

  hang(on: boolean): void {
    this.state.hang = on;
    if (!on) this.clock.release();
  }

  loseNextOrderAnswers(n: number): void {
    this.state.loseNextOrderAnswers = count('loseNextOrderAnswers', n);
  }

  malformNext(n: number): void {
    this.state.malformNext = count('malformNext', n);
  }

  dropAbandonedOrders(on: boolean): void {
    this.state.dropAbandonedOrders = on;
  }

  orderTiming(timing: Partial<OrderTiming>): void {
    const commitAfterMs = count('commitAfterMs', timing.commitAfterMs ?? this.state.commitAfterMs);
    const answerAfterMs = count('answerAfterMs', timing.answerAfterMs ?? this.state.answerAfterMs);
    Object.assign(this.state, { commitAfterMs, answerAfterMs });
  }

  listLag(ms: number): void {
    this.state.listLagMs = count('listLag', ms);
  }

  pendingOrders(on: boolean): void {
    this.state.pendingOrders = on;
  }

  payAfter(ms: number): void {
    this.state.payAfterMs = count('payAfterMs', ms);
  }

  omitListReferences(on: boolean): void {
    this.state.omitListReferences = on;
  }

  rejectNextOrderTokens(n: number): void {
    this.state.rejectNextOrderTokens = count('rejectNextOrderTokens', n);
  }

  reshape(changes: readonly ShapeChange[]): void {
    this.state.reshape = [...changes];
  }

  restrictIp(on: boolean): void {
    this.state.ipRestricted = on;
  }

  denyPermission(on: boolean): void {
    this.state.permissionDenied = on;
  }

  trialsNeedBillingId(on: boolean): void {
    this.state.trialsNeedBillingId = on;
  }

  unshownBillingRequired(on: boolean): void {
    this.state.unshownBillingRequired = on;
  }

  repriceAll(percent: number): void {
    if (!Number.isSafeInteger(percent) || percent < -100) {
      throw new RangeError('repricePercent must be an integer of -100 or more');
    }
    this.state.repricePercent = percent;
  }

  pricingDown(on: boolean): void {
    this.state.pricingDown = on;
  }

  setPricingLatency(ms: number): void {
    this.state.pricingLatencyMs = count('pricingLatency', ms);
  }

  clear(): void {
    this.state = { ...NO_FAULTS };
    this.clock.release();
  }

  snapshot(): FaultState {
    return { ...this.state };
  }

  /** A plan or add-on information call while pricing is down: answered 503 at once, before any other fault. */
  pricingIsDown(route: Route | undefined): boolean {
    return route?.prices === true && this.state.pricingDown;
  }

  /** Holds a request while hang is on, then adds the latency, and the token or pricing latency for those calls. */
  async delay(route: Route | undefined): Promise<void> {
    if (this.pricingIsDown(route)) return;
    if (this.state.hang) await this.clock.hold();
    const own =
      (route?.issuesTokens ? this.state.tokenLatencyMs : 0) +
      (route?.prices ? this.state.pricingLatencyMs : 0);
    await this.clock.wait(this.state.latencyMs + own);
  }

  /** Started at receipt: Create an Order is answered answerAfterMs after it, whatever it does meanwhile. */
  answerDelay(route: Route | undefined): Promise<void> {
    return this.clock.wait(route?.placesOrder ? this.state.answerAfterMs : 0);
  }

  /** Whether a request whose caller left while it was held still runs: a received order commits all the same. */
  finishesAbandoned(route: Route | undefined): boolean {
    return route?.placesOrder === true && !this.state.dropAbandonedOrders;
  }

  /** The status to fail this request with, if failNext is armed. */
  takeFailure(): number | undefined {
    return this.take('failNext') ? this.state.failStatus : undefined;
  }

  /** Whether a counting switch applies to this call; it counts one down if so. */
  take(countdown: Countdown): boolean {
    if (this.state[countdown] === 0) return false;
    this.state[countdown] -= 1;
    return true;
  }
}
