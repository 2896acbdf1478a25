import axios, { type AxiosInstance } from 'axios';
import type { Logger } from 'pino';
import type { z } from 'zod';
import {
  errorClass,
  PartnerApiAuthError,
  PartnerApiConnectionError,
  PartnerApiError,
  type PartnerApiErrorInit,
  PartnerApiNotFoundError,
  PartnerApiRateLimitError,
  PartnerApiResponseError,
  PartnerApiServerError,
  PartnerApiTimeoutError,
  PartnerApiValidationError,
} from './errors';
import { parseJson } from './json';
import type { Redactor } from './redactor';
import { envelopeSchema } from './schemas';
import { describeDifference, fatalDifferences, shapeOf } from './shape';

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  /** The path with its parameters named (`/order/openapi/order/v1/get/{id}`), for logs; `path` when unset. */
  route?: string;
  query?: Record<string, string | number | undefined>;
  /** JSON text, sent byte for byte (an order body whose exact bytes are kept). */
  jsonText?: string;
  form?: Record<string, string>;
  authorization?: string;
  /** Limit for this one exchange, including reading the body. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** The answer carries credentials (the token call): never keep its text on an error. */
  withholdBody?: boolean;
}

export interface TransportOptions {
  baseUrl: string;
  userAgent: string;
  logger: Logger;
  redactor: Redactor;
  /** Log each answer's shape (keys and kinds, no values) at info: YEASTAR_TRACE_SHAPES. */
  traceShapes?: boolean;
  /** Sees every successful answer's result as received, with the schema it must meet (npm run doctor). */
  inspect?: AnswerInspector;
  /** Told of every exchange: its route, `ok` or the error's class, and how long it took (metrics). */
  onCall?: CallObserver;
}

export type CallObserver = (call: { route: string; outcome: string; seconds: number }) => void;

export type AnswerInspector = (answer: { route: string; result: unknown; schema: z.ZodType }) => void;

interface Answer {
  status: number;
  retryAfter: string | null;
  text: string;
}

const WITHHELD = '[withheld: this answer carries credentials]';

/** A property of a thrown value. Duck-typed: errors may come from another realm under jest's VM. */
function property(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** An abort whose reason is a timer (ours, or an `AbortSignal.timeout` the caller passed). */
export function isTimeoutReason(reason: unknown): boolean {
  return property(reason, 'name') === 'TimeoutError';
}

/** `Retry-After` is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * What went wrong on the way (ECONNREFUSED, socket hang up…), as a plain error: axios' own carries the
 * request's config, Authorization header and form (the client secret) included, so it is never kept.
 */
function networkFailure(err: unknown, scrub: (text: string) => string): Error {
  const message = property(err, 'message');
  const failure = new Error(scrub(typeof message === 'string' ? message : String(err)));
  const code = property(err, 'code');
  if (typeof code === 'string') Object.assign(failure, { code });
  return failure;
}

/** Turns an answered failure into the class a caller can act on: HTTP status first, envelope code second. */
function refusal(init: PartnerApiErrorInit, retryAfterMs: number | undefined): PartnerApiError {
  const status = init.httpStatus ?? 0;
  if (status === 401 || status === 403) return new PartnerApiAuthError(init);
  if (status === 429) return new PartnerApiRateLimitError({ ...init, retryAfterMs });
  if (status >= 500) return new PartnerApiServerError(init);
  if (status === 404 || init.code === 'not_found') return new PartnerApiNotFoundError(init);
  if (status === 400 || status === 422 || init.code.startsWith('parameter_')) {
    return new PartnerApiValidationError(init);
  }
  return new PartnerApiError(init);
}

const isOk = (status: number) => status >= 200 && status < 300;

/** An error `result` that names the field at fault, as `{ field, tag }` ([RECON]). */
function fieldNamed(result: unknown): string | undefined {
  const field = property(result, 'field');
  return typeof field === 'string' && field.length <= 200 ? field : undefined;
}

/**
 * One HTTP exchange with the Partner API: headers, timeout, lossless parsing, the envelope, the typed
 * error, and the result's schema. No retries and no tokens here: the client decides those.
 */
export class Transport {
  private readonly http: AxiosInstance;
  /** Endpoints whose answers lacked what the app needs, already logged: once each is enough. */
  private readonly reportedShapes = new Set<string>();

  constructor(private readonly options: TransportOptions) {
    this.http = axios.create({
      // Raw text in, so that lossless-json parses it (axios would round 19-digit IDs with JSON.parse).
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      // Every status is an answer to interpret here, not an exception.
      validateStatus: () => true,
      // The documented API never redirects; following one could carry the Authorization header elsewhere.
      maxRedirects: 0,
      // As before with fetch: the proxy variables of the environment are not followed.
      proxy: false,
    });
  }

  async send<S extends z.ZodType>(req: HttpRequest, schema: S): Promise<z.output<S>> {
    const endpoint = `${req.method} ${req.path}`;
    const started = performance.now();
    const log = (status: number | undefined, requestId: string | undefined, outcome: string) =>
      this.options.logger.debug(
        {
          method: req.method,
          path: req.path,
          status,
          durationMs: Math.round(performance.now() - started),
          requestId,
        },
        `partner api ${outcome}`,
      );
    const observe = (outcome: string) =>
      this.options.onCall?.({
        route: `${req.method} ${req.route ?? req.path}`,
        outcome,
        seconds: (performance.now() - started) / 1000,
      });
    try {
      const answer = await this.exchange(req, endpoint);
      const { value, requestId } = this.interpret(answer, req, endpoint, schema);
      log(answer.status, requestId, 'call succeeded');
      observe('ok');
      return value;
    } catch (err) {
      if (err instanceof PartnerApiError) log(err.httpStatus, err.requestId, `call failed: ${err.name}`);
      observe(errorClass(err));
      throw err;
    }
  }

  private url(req: HttpRequest): string {
    // Appended, not resolved: a base URL with a path prefix (behind a proxy) keeps its prefix.
    const url = new URL(`${this.options.baseUrl.replace(/\/+$/, '')}${req.path}`);
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  private async exchange(req: HttpRequest, endpoint: string): Promise<Answer> {
    const headers: Record<string, string> = {
      'User-Agent': this.options.userAgent,
      Accept: 'application/json',
    };
    if (req.authorization) headers.Authorization = req.authorization;
    let body: string | undefined;
    if (req.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    } else if (req.jsonText !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = req.jsonText;
    }
    const timer = AbortSignal.timeout(req.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timer]) : timer;
    try {
      const res = await this.http.request<string>({
        url: this.url(req),
        method: req.method,
        headers,
        data: body,
        signal,
      });
      const retryAfter = res.headers['retry-after'];
      return {
        status: res.status,
        retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
        text: res.data,
      };
    } catch (err) {
      if (signal.aborted) {
        if (isTimeoutReason(signal.reason)) throw new PartnerApiTimeoutError(endpoint, req.timeoutMs);
        throw signal.reason;
      }
      const failure = networkFailure(err, (text) => this.options.redactor.scrub(text));
      throw new PartnerApiConnectionError(endpoint, failure.message, failure);
    }
  }

  private interpret<S extends z.ZodType>(
    answer: Answer,
    req: HttpRequest,
    endpoint: string,
    schema: S,
  ): { value: z.output<S>; requestId: string } {
    const scrub = (text: string) => this.options.redactor.scrub(text);
    const retryAfterMs = parseRetryAfter(answer.retryAfter);
    const unusable = (problem: string, requestId?: string) => {
      if (!isOk(answer.status)) {
        return refusal(
          { endpoint, httpStatus: answer.status, code: `http_${answer.status}`, requestId },
          retryAfterMs,
        );
      }
      const rawBody = req.withholdBody ? WITHHELD : scrub(answer.text);
      return new PartnerApiResponseError({
        endpoint,
        httpStatus: answer.status,
        code: 'invalid_response',
        problem: scrub(problem),
        rawBody,
        requestId,
      });
    };

    if (answer.status >= 300 && answer.status < 400) {
      // Not followed (see the constructor), and not a refusal either: nobody can tell what it did.
      throw new PartnerApiResponseError({
        endpoint,
        httpStatus: answer.status,
        code: `http_${answer.status}`,
        problem: `the answer is a redirect (HTTP ${answer.status}), which is not followed`,
        rawBody: req.withholdBody ? WITHHELD : scrub(answer.text),
      });
    }
    let parsed: unknown;
    try {
      parsed = parseJson(answer.text);
    } catch {
      throw unusable('the body is not JSON');
    }
    const route = `${req.method} ${req.route ?? req.path}`;
    if (this.options.traceShapes) {
      this.options.logger.info(
        { endpoint: route, status: answer.status, shape: shapeOf(parsed) },
        'partner api answer shape',
      );
    }
    const envelope = envelopeSchema.safeParse(parsed);
    if (!envelope.success) throw unusable('the body is not a Partner API envelope');
    const { code, detailMessage, requestId, status, result } = envelope.data;
    if (code !== 'success' || !isOk(answer.status)) {
      const httpStatus = isOk(answer.status) ? (status ?? answer.status) : answer.status;
      const field = fieldNamed(result);
      throw refusal(
        {
          endpoint,
          httpStatus,
          code: scrub(code),
          detailMessage: scrub(detailMessage),
          requestId,
          ...(field && { field: scrub(field) }),
        },
        retryAfterMs,
      );
    }
    this.options.inspect?.({ route, result, schema });
    const checked = schema.safeParse(result);
    if (!checked.success) {
      const fields = fatalDifferences(schema, result);
      const listed = fields.map(describeDifference);
      if (!this.reportedShapes.has(route)) {
        this.reportedShapes.add(route);
        this.options.logger.warn(
          { endpoint: route, fields: listed },
          'partner api answer lacks what the app needs: what uses it is unavailable; run npm run doctor',
        );
      }
      throw new PartnerApiResponseError({
        endpoint,
        httpStatus: answer.status,
        code: 'invalid_response',
        problem: `the result does not have the documented shape (${listed.slice(0, 3).join('; ')})`,
        rawBody: req.withholdBody ? WITHHELD : scrub(answer.text),
        requestId,
        fields,
      });
    }
    return { value: checked.data, requestId };
  }
}
