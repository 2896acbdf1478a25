import pino, { type Logger } from 'pino';
import type { z } from 'zod';
import { PartnerApiAuthError, PartnerApiTimeoutError } from './errors';
import {
  type AnswerInspector,
  type CallObserver,
  type HttpRequest,
  isTimeoutReason,
  Transport,
} from './http';
import { Redactor } from './redactor';
import { DEFAULT_RETRY, isTransient, type RetrySettings, retryPolicy } from './retry';
import {
  type BillingContact,
  billingContactListSchema,
  type CreateOrderResult,
  createOrderResultSchema,
  type InstanceProduct,
  instanceProductPageSchema,
  type OrderDetail,
  type OrderInfo,
  orderDetailSchema,
  orderPageSchema,
  type PriceInfo,
  type Product,
  type ProductDetail,
  type PurchaseProductInfo,
  priceInfoSchema,
  productDetailSchema,
  productListSchema,
  purchaseProductInfoSchema,
  type ReadPage,
  type SubordinateUser,
  subordinateUserListSchema,
} from './schemas';
import { isTokenFailure, TOKEN_ENDPOINT, TOKEN_PATH, TokenManager } from './token';
import { DEFAULT_USER_AGENT } from './user-agent';

export interface PartnerApiClientOptions {
  /** e.g. `https://openapi.partner.yeastar.com`, or the sandbox's URL. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  userAgent?: string;
  /** Limit of each HTTP exchange; 10 s by default. */
  timeoutMs?: number;
  /** For reads and the token call only; Create an Order is never retried. */
  retry?: Partial<RetrySettings>;
  logger?: Logger;
  /** Log each answer's shape (keys and kinds, never values), so an admin can share what the live API sends. */
  traceShapes?: boolean;
  /** Sees each successful answer as received, before the schema reads it. */
  inspect?: AnswerInspector;
  /** Told of every exchange (metrics). */
  onCall?: CallObserver;
}

export interface CallOptions {
  /** A tighter deadline for this whole call: token, attempts and pauses between them. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const ORDER_DETAIL_ROUTE = '/order/openapi/order/v1/get/{id}';
const LIST_PAGE_SIZE = 100;
const MAX_INSTANCE_PAGES = 50;

/** Which plan and add-on information endpoint prices a line: by what it does, and whether it is a plan. */
export type PricingStage = 'trial' | 'purchase' | 'renew';
export type PricingKind = 'plan_info' | 'add_on_info';

/** What a pricing call asks, besides the line's ID: documented (productId, productNo, connectionPlanId) or [RECON]. */
export type PriceQuery = Record<string, string | number | undefined>;

type Endpoint = Omit<HttpRequest, 'authorization' | 'timeoutMs' | 'signal'>;

/** A wait for the token alone (it has no endpoint of its own to report). */
const TOKEN_REQUEST: Endpoint = { method: 'POST', path: TOKEN_PATH };

/** Waits for `work`, but no longer than `signal` allows. */
function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal,
  onAbort: (reason: unknown) => unknown,
): Promise<T> {
  if (signal.aborted) return Promise.reject(onAbort(signal.reason));
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort(signal.reason));
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/**
 * Walks a paged listing from page 1. Throws rather than pretend to have seen everything when the listing
 * is longer than `maxPages`.
 */
async function* pages<T>(
  fetchPage: (pageNo: number) => Promise<ReadPage<T>>,
  maxPages: number,
  what: string,
) {
  for (let pageNo = 1; ; pageNo++) {
    const page = await fetchPage(pageNo);
    yield page.results;
    if (pageNo >= page.totalPage || page.results.length === 0) return;
    if (pageNo >= maxPages)
      throw new Error(`${what} has more than ${maxPages} pages; stopped before the end`);
  }
}

/** The Yeastar Partner Portal API, typed; see docs/partner-api-notes.md for what is reconstructed. */
export class PartnerApiClient {
  private readonly transport: Transport;
  private readonly tokens: TokenManager;
  private readonly timeoutMs: number;
  private readonly retry: RetrySettings;
  private readonly logger: Logger;

  constructor(options: PartnerApiClientOptions) {
    const logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'partner-api' });
    this.logger = logger;
    const redactor = new Redactor([options.clientSecret]);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.transport = new Transport({
      baseUrl: options.baseUrl,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      logger,
      redactor,
      traceShapes: options.traceShapes ?? false,
      ...(options.inspect && { inspect: options.inspect }),
      ...(options.onCall && { onCall: options.onCall }),
    });
    this.tokens = new TokenManager({
      transport: this.transport,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      redactor,
      retry: this.retry,
      timeoutMs: this.timeoutMs,
      logger,
    });
  }

  listProducts(options: CallOptions = {}): Promise<Product[]> {
    return this.read(
      { method: 'GET', path: '/pricing/openapi/purchase/v1/product_list' },
      productListSchema,
      options,
    );
  }

  getPurchaseProductInfo(
    query: { productId: number; productNo?: string },
    options: CallOptions = {},
  ): Promise<PurchaseProductInfo> {
    const path = '/pricing/openapi/purchase/v1/purchase_product_info';
    return this.read({ method: 'GET', path, query }, purchaseProductInfoSchema, options);
  }

  /**
   * What a plan or an add-on costs: `/pricing/openapi/purchase/v1/{stage}/{kind}/{id}` (the guide's plan
   * and add-on information endpoints; their answer's fields are [RECON], see priceInfoSchema).
   */
  getPriceInfo(
    line: { stage: PricingStage; kind: PricingKind; id: string },
    query: PriceQuery,
    options: CallOptions = {},
  ): Promise<PriceInfo> {
    const base = `/pricing/openapi/purchase/v1/${line.stage}/${line.kind}`;
    const path = `${base}/${encodeURIComponent(line.id)}`;
    return this.read({ method: 'GET', path, route: `${base}/{id}`, query }, priceInfoSchema, options);
  }

  listSubordinateUsers(options: CallOptions = {}): Promise<SubordinateUser[]> {
    const path = '/user/openapi/user/v1/client/partner_list';
    return this.read({ method: 'GET', path }, subordinateUserListSchema, options);
  }

  listBillingContacts(options: CallOptions = {}): Promise<BillingContact[]> {
    const path = '/user/openapi/user/v1/client/billing_contact_list';
    return this.read({ method: 'GET', path }, billingContactListSchema, options);
  }

  listInstanceProducts(
    query: { productId: number; pageNo?: number; pageSize?: number },
    options: CallOptions = {},
  ): Promise<ReadPage<InstanceProduct>> {
    const path = '/product/openapi/instance_product/v1/client/instance_product_list';
    return this.read({ method: 'GET', path, query }, instanceProductPageSchema, options);
  }

  /** Every instance of a product, page by page (each page is its own call with `options`). */
  async listAllInstanceProducts(
    query: { productId: number },
    options: CallOptions = {},
  ): Promise<InstanceProduct[]> {
    const all: InstanceProduct[] = [];
    const fetchPage = (pageNo: number) =>
      this.listInstanceProducts({ productId: query.productId, pageNo, pageSize: LIST_PAGE_SIZE }, options);
    for await (const results of pages(
      fetchPage,
      MAX_INSTANCE_PAGES,
      `product ${query.productId}'s instance list`,
    )) {
      all.push(...results);
    }
    return all;
  }

  getProductDetail(
    query: { productId: number; productNo: string },
    options: CallOptions = {},
  ): Promise<ProductDetail> {
    const path = '/product/openapi/instance_product/v1/detail';
    return this.read({ method: 'GET', path, query }, productDetailSchema, options);
  }

  /**
   * Places an order with exactly these bytes (see stringifyJson for writing them). Sent once: a lost
   * answer is never repeated blindly (see isOutcomeUnknown); only a 401, which means the API refused it,
   * is repeated once with a renewed token, within the same deadline.
   */
  createOrder(bodyText: string, options: CallOptions = {}): Promise<CreateOrderResult> {
    const endpoint: Endpoint = { method: 'POST', path: '/order/openapi/order/v1/save', jsonText: bodyText };
    return this.call(endpoint, createOrderResultSchema, options, false);
  }

  /** Makes sure a valid access token is at hand, so that the next call does not wait for one. */
  async prepareToken(options: CallOptions = {}): Promise<void> {
    const { timeoutMs, signal } = this.limits(options);
    await this.authorization({ ...TOKEN_REQUEST, timeoutMs, signal });
  }

  /** Renews the access token with the refresh grant now, without falling back to the credentials. */
  refreshToken(): Promise<void> {
    return this.tokens.refreshNow();
  }

  listOrders(
    query: { pageNo?: number; pageSize?: number; sort?: string } = {},
    options: CallOptions = {},
  ): Promise<ReadPage<OrderInfo>> {
    return this.read(
      { method: 'GET', path: '/order/openapi/order/v1/page', query },
      orderPageSchema,
      options,
    );
  }

  /** `id` is the order's unique ID or its order number; the API accepts either. */
  getOrder(id: string, options: CallOptions = {}): Promise<OrderDetail> {
    const path = `/order/openapi/order/v1/get/${encodeURIComponent(id)}`;
    return this.read({ method: 'GET', path, route: ORDER_DETAIL_ROUTE }, orderDetailSchema, options);
  }

  private read<S extends z.ZodType>(
    endpoint: Endpoint,
    schema: S,
    options: CallOptions,
  ): Promise<z.output<S>> {
    return this.call(endpoint, schema, options, true);
  }

  /** Each exchange's limit, and one signal for the whole call's deadline and the caller's own signal. */
  private limits(options: CallOptions): { timeoutMs: number; signal: AbortSignal | undefined } {
    const timeoutMs = Math.min(this.timeoutMs, options.timeoutMs ?? Infinity);
    const limits = [
      options.signal,
      options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs),
    ];
    const present = limits.filter((s): s is AbortSignal => s !== undefined);
    return { timeoutMs, signal: present.length > 0 ? AbortSignal.any(present) : undefined };
  }

  /** One call: a deadline, retries when `safeToRepeat`, and one token renewal on a 401. */
  private call<S extends z.ZodType>(
    endpoint: Endpoint,
    schema: S,
    options: CallOptions,
    safeToRepeat: boolean,
  ): Promise<z.output<S>> {
    const deadline = options.timeoutMs === undefined ? Infinity : performance.now() + options.timeoutMs;
    const { timeoutMs, signal } = this.limits(options);
    const attempt = () => this.authorised({ ...endpoint, timeoutMs, signal }, schema);
    if (!safeToRepeat) return attempt();
    // The token manager has already retried its own call: repeating it here would multiply the attempts.
    const retriable = (err: unknown) => isTransient(err) && !isTokenFailure(err);
    const policy = retryPolicy({
      settings: this.retry,
      endpoint: `${endpoint.method} ${endpoint.path}`,
      logger: this.logger,
      retriable,
      remainingMs: () => deadline - performance.now(),
    });
    return policy.execute(attempt, signal);
  }

  private async authorised<S extends z.ZodType>(
    request: Omit<HttpRequest, 'authorization'>,
    schema: S,
  ): Promise<z.output<S>> {
    const authorization = await this.authorization(request);
    try {
      return await this.transport.send({ ...request, authorization }, schema);
    } catch (err) {
      // A 401 means the API refused the call, so repeating it once with a new token is safe, even for an order.
      if (!(err instanceof PartnerApiAuthError && err.httpStatus === 401)) throw err;
      this.tokens.invalidate(authorization);
      return this.transport.send({ ...request, authorization: await this.authorization(request) }, schema);
    }
  }

  /**
   * The shared token, but no later than this call's deadline. Running out of time here is a failure of the
   * token call (so nothing was sent with it), and says so.
   */
  private authorization(request: Omit<HttpRequest, 'authorization'>): Promise<string> {
    const pending = this.tokens.authorization();
    if (!request.signal) return pending;
    return untilAborted(pending, request.signal, (reason) =>
      isTimeoutReason(reason) ? new PartnerApiTimeoutError(TOKEN_ENDPOINT, request.timeoutMs) : reason,
    );
  }
}
