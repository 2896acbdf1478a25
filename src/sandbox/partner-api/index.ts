import type { AddressInfo } from 'node:net';
import { TokenIssuer } from './auth';
import { Clock } from './clock';
import { FaultSwitches } from './faults';
import { OrderBook, type SettledStatus } from './order-book';
import type { ShapeChange } from './reshape';
import { ACCOUNT } from './seed';
import { createSandboxServer } from './server';

/**
 * A local Yeastar Partner Portal API: the documented endpoints over seeded data, the Create an Order
 * rules of the tutorials, and fault switches to rehearse outages.
 */
export interface SandboxOptions {
  /** Default 0 (ephemeral); the CLI uses PORT, default 4010. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 'sandbox'. */
  clientId?: string;
  /** Default 'sandbox-secret'. */
  clientSecret?: string;
  /** Default 1800, as documented. */
  accessTokenTtlSeconds?: number;
  /** Default 15 days, as documented. */
  refreshTokenTtlSeconds?: number;
}

export interface RecordedOrder {
  orderId: string;
  orderNo: string;
  transactionNo: string;
  instanceId: string;
  productNo: string;
  poNumber?: string;
  productId: number;
  operationType: string;
  /** `succeed`, or `pending` under pendingOrders until the order is settled (paid, cancelled…). */
  orderStatus: string;
  /** The exact request body text received. */
  rawBody: string;
  createdAt: Date;
}

/** When a Create an Order takes effect and is answered, each counted from its receipt. */
export interface OrderTiming {
  /** Until the order is in the book: orders(), Get Order Details, Query Order List. */
  commitAfterMs: number;
  /** Until the caller, if still there, gets the answer. */
  answerAfterMs: number;
}

export interface SandboxFaults {
  /** Added to every API answer (0 = off). */
  setLatency(ms: number): void;
  /** Added to the token call only, on top of the latency (0 = off). */
  setTokenLatency(ms: number): void;
  /** The next `count` API calls, the token call included, answer `status` (default 503) with an error envelope; they take no effect. */
  failNext(count: number, status?: number): void;
  /** Requests are accepted but not answered until hang(false) or clear(); close() drops them. */
  hang(on: boolean): void;
  /** Create an Order records the order, then destroys the socket without answering. */
  loseNextOrderAnswers(count: number): void;
  /** The next `count` answers are 200 with a body that is not JSON (the call itself still takes effect). */
  malformNext(count: number): void;
  /** A Create an Order whose caller left while it was held takes no effect (by default it commits all the same). */
  dropAbandonedOrders(on: boolean): void;
  /** Create an Order gets its numbers on receipt, commits and is answered later, in either order (omitted: unchanged; both start at 0). */
  orderTiming(timing: Partial<OrderTiming>): void;
  /** A committed order shows in Query Order List only `ms` later; Get Order Details shows it at once (0 = off). */
  listLag(ms: number): void;
  /**
   * Create an Order answers `pending`, as an order waiting for payment in the Partner Portal, and the
   * order stays so until settleOrder (off: `succeed` at once).
   */
  pendingOrders(on: boolean): void;
  /** With pendingOrders, a pending order is paid (`succeed`) `ms` after it is committed, as if someone paid it (0 = never). */
  payAfter(ms: number): void;
  /** Query Order List entries, and Get Order Details' orderInformation, have no poNumber or customReferenceNo key. */
  omitListReferences(on: boolean): void;
  /** The next `count` Create an Order calls with a valid token answer the expired-token 401 and take no effect; the token stays valid. */
  rejectNextOrderTokens(count: number): void;
  /** Success answers of these endpoints drop, add or retype these fields (replaces the list; [] = off). */
  reshape(changes: readonly ShapeChange[]): void;
  /** Every call, the token call included, is refused as Client IP Restriction would refuse it (403 `ip_restricted`). */
  restrictIp(on: boolean): void;
  /** Every call but the token call is refused as an account without API permission would be (403 `no_permission`). */
  denyPermission(on: boolean): void;
  /** Trial orders without billingId are refused, as the body table (billingId required) reads; the trial tutorials show none. */
  trialsNeedBillingId(on: boolean): void;
  /** A line without billingModel, billingCycle or multiCycle is refused even where its page shows no row for it. */
  unshownBillingRequired(on: boolean): void;
  /** Every price the plan and add-on information endpoints quote is the list's changed by `percent` (0 = as listed; not cumulative). */
  repriceAll(percent: number): void;
  /** The plan and add-on information endpoints answer 503 at once, before any other fault (which they leave to the other calls), or as usual (off). */
  pricingDown(on: boolean): void;
  /** Added to the plan and add-on information endpoints only, on top of the latency (0 = off). */
  setPricingLatency(ms: number): void;
  clear(): void;
}

export interface PartnerApiSandbox {
  /** e.g. http://127.0.0.1:54321 (no trailing slash). */
  url: string;
  /** Ends promptly: requests still hung or delayed are dropped without answer or effect. */
  close(): Promise<void>;
  faults: SandboxFaults;
  /** Every order committed, oldest first. */
  orders(): RecordedOrder[];
  /** How many API requests were received in full on a path (all paths if omitted); /__sandbox/ controls are not counted. */
  requestCount(path?: string): number;
  /** Every issued access token is refused from now on (refresh tokens still work). */
  expireAllTokens(): void;
  /**
   * What a partner does in the Partner Portal to a pending order (Pay Now: `succeed`; or cancel it): Get
   * Order Details shows the new status at once, Query Order List after its lag. False for an order that
   * is not in the book or not pending.
   */
  settleOrder(orderNo: string, orderStatus?: SettledStatus): boolean;
}

export { SETTLED_STATUSES, type SettledStatus } from './order-book';
export type { ShapeChange } from './reshape';

const FIFTEEN_DAYS = 15 * 24 * 60 * 60;
/** The sandbox account's company, for YEASTAR_ACCOUNT_NAME. */
export const SANDBOX_ACCOUNT_NAME = ACCOUNT.company;
export const DEFAULT_CLIENT_ID = 'sandbox';
export const DEFAULT_CLIENT_SECRET = 'sandbox-secret';

export async function startPartnerApiSandbox(options: SandboxOptions = {}): Promise<PartnerApiSandbox> {
  const host = options.host ?? '127.0.0.1';
  const tokens = new TokenIssuer({
    clientId: options.clientId ?? DEFAULT_CLIENT_ID,
    clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 1800,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? FIFTEEN_DAYS,
  });
  const clock = new Clock();
  const orders = new OrderBook(clock);
  const faults = new FaultSwitches(clock);
  const hits = new Map<string, number>();
  const server = createSandboxServer({ state: { tokens, orders }, faults, hits, arrivals: [] });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    faults,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
        // Requests still hung or delayed end there, unanswered and without effect, as in a crashed server.
        clock.stop();
      }),
    orders: () => orders.all().map((s) => ({ ...s.recorded })),
    requestCount: (path) =>
      path === undefined ? [...hits.values()].reduce((a, b) => a + b, 0) : (hits.get(path) ?? 0),
    expireAllTokens: () => tokens.expireAll(),
    settleOrder: (orderNo, orderStatus = 'succeed') => orders.settle(orderNo, orderStatus, faults.snapshot()),
  };
}
