import type { IncomingHttpHeaders } from 'node:http';
import type { TokenIssuer } from './auth';
import type { FaultState } from './faults';
import type { OrderBook } from './order-book';

/** What every handler may use: the sandbox's mutable parts. The seeded account is immutable (account.ts). */
export interface SandboxState {
  tokens: TokenIssuer;
  orders: OrderBook;
}

export interface RouteContext {
  url: URL;
  /** Capture groups of a RegExp path, in order. */
  params: string[];
  headers: IncomingHttpHeaders;
  body: Buffer;
  state: SandboxState;
  /** The fault switches as they stood when the request was received. */
  faults: Readonly<FaultState>;
}

export interface Route {
  method: 'GET' | 'POST';
  /** An exact path, or a pattern whose groups become `params`. */
  path: string | RegExp;
  /** The token call is the only one that needs no Bearer token. */
  public?: boolean;
  /** The token call: the token latency applies to it. */
  issuesTokens?: boolean;
  /** Create an Order: the order faults apply to it, and it commits even when its caller has gone. */
  placesOrder?: boolean;
  /** A plan or add-on information endpoint: the pricing switches apply to it. */
  prices?: boolean;
  /** Returns the envelope's `result`; throws ApiError to refuse. */
  handle(ctx: RouteContext): unknown | Promise<unknown>;
}

export function matchPath(route: Route, path: string): string[] | undefined {
  if (typeof route.path === 'string') return route.path === path ? [] : undefined;
  const match = route.path.exec(path);
  return match ? match.slice(1).map((p) => decodeURIComponent(p ?? '')) : undefined;
}
