import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { ApiError, invalidParameter, notFound } from './envelope';
import type { FaultSwitches } from './faults';
import { SETTLED_STATUSES } from './order-book';
import { shapeChangeSchema } from './reshape';
import type { SandboxState } from './routes';
import type { Arrival } from './server';

export const CONTROL_PREFIX = '/__sandbox/';

const count = z.number().int().nonnegative();
const faultsBodySchema = z
  .object({
    clear: z.boolean(),
    latencyMs: count,
    tokenLatencyMs: count,
    failNext: count,
    failStatus: z.number().int().min(500).max(599),
    hang: z.boolean(),
    loseNextOrderAnswers: count,
    malformNext: count,
    dropAbandonedOrders: z.boolean(),
    commitAfterMs: count,
    answerAfterMs: count,
    listLagMs: count,
    pendingOrders: z.boolean(),
    payAfterMs: count,
    omitListReferences: z.boolean(),
    rejectNextOrderTokens: count,
    reshape: z.array(shapeChangeSchema),
    ipRestricted: z.boolean(),
    permissionDenied: z.boolean(),
    trialsNeedBillingId: z.boolean(),
    unshownBillingRequired: z.boolean(),
    repricePercent: z.number().int().min(-100),
    pricingDown: z.boolean(),
    pricingLatencyMs: count,
  })
  .partial()
  .strict();

export interface ControlContext {
  state: SandboxState;
  faults: FaultSwitches;
  arrivals: readonly Arrival[];
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function parseControlBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8') || '{}');
  } catch {
    throw invalidParameter('body', 'json', 'request body is not valid JSON');
  }
}

function controlBodyError(error: z.ZodError) {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || 'body';
  return invalidParameter(field, issue?.code ?? 'invalid', `${field}: ${issue?.message ?? 'invalid'}`);
}

/** `clear` applies first, so one call can reset and then arm. */
function setFaults(faults: FaultSwitches, body: Buffer) {
  const parsed = faultsBodySchema.safeParse(parseControlBody(body));
  if (!parsed.success) throw controlBodyError(parsed.error);
  const f = parsed.data;
  if (f.clear) faults.clear();
  if (f.latencyMs !== undefined) faults.setLatency(f.latencyMs);
  if (f.tokenLatencyMs !== undefined) faults.setTokenLatency(f.tokenLatencyMs);
  if (f.failNext !== undefined) faults.failNext(f.failNext, f.failStatus);
  if (f.hang !== undefined) faults.hang(f.hang);
  if (f.loseNextOrderAnswers !== undefined) faults.loseNextOrderAnswers(f.loseNextOrderAnswers);
  if (f.malformNext !== undefined) faults.malformNext(f.malformNext);
  if (f.dropAbandonedOrders !== undefined) faults.dropAbandonedOrders(f.dropAbandonedOrders);
  // A part left out keeps its value.
  faults.orderTiming({ commitAfterMs: f.commitAfterMs, answerAfterMs: f.answerAfterMs });
  if (f.listLagMs !== undefined) faults.listLag(f.listLagMs);
  if (f.pendingOrders !== undefined) faults.pendingOrders(f.pendingOrders);
  if (f.payAfterMs !== undefined) faults.payAfter(f.payAfterMs);
  if (f.omitListReferences !== undefined) faults.omitListReferences(f.omitListReferences);
  if (f.rejectNextOrderTokens !== undefined) faults.rejectNextOrderTokens(f.rejectNextOrderTokens);
  if (f.reshape !== undefined) faults.reshape(f.reshape);
  if (f.ipRestricted !== undefined) faults.restrictIp(f.ipRestricted);
  if (f.permissionDenied !== undefined) faults.denyPermission(f.permissionDenied);
  if (f.trialsNeedBillingId !== undefined) faults.trialsNeedBillingId(f.trialsNeedBillingId);
  if (f.unshownBillingRequired !== undefined) faults.unshownBillingRequired(f.unshownBillingRequired);
  if (f.repricePercent !== undefined) faults.repriceAll(f.repricePercent);
  if (f.pricingDown !== undefined) faults.pricingDown(f.pricingDown);
  if (f.pricingLatencyMs !== undefined) faults.setPricingLatency(f.pricingLatencyMs);
  return faults.snapshot();
}

const settleBodySchema = z
  .object({ orderNo: z.string().min(1), orderStatus: z.enum(SETTLED_STATUSES).default('succeed') })
  .strict();

/** A pending order paid in the Partner Portal (or cancelled there…): `{orderNo, orderStatus?}`. */
function settle(ctx: ControlContext, body: Buffer) {
  const parsed = settleBodySchema.safeParse(parseControlBody(body));
  if (!parsed.success) throw controlBodyError(parsed.error);
  const { orderNo, orderStatus } = parsed.data;
  if (!ctx.state.orders.settle(orderNo, orderStatus, ctx.faults.snapshot())) {
    throw notFound(`no pending order ${orderNo}`);
  }
  return { orderNo, orderStatus };
}

const epochMs = z.coerce.number().int().nonnegative();
const callsQuerySchema = z.object({ from: epochMs.default(0), to: epochMs.optional() }).strict();

/**
 * API requests received from `from` (inclusive) to `to` (exclusive), epoch ms, by path: what a benchmark
 * needs to count the calls one request, or one run, cost.
 */
function countCalls(arrivals: readonly Arrival[], query: URLSearchParams) {
  const parsed = callsQuerySchema.safeParse(Object.fromEntries(query));
  if (!parsed.success) throw controlBodyError(parsed.error);
  const { from, to = Number.POSITIVE_INFINITY } = parsed.data;
  const byPath: Record<string, number> = {};
  let total = 0;
  for (const { path, at } of arrivals) {
    if (at < from || at >= to) continue;
    byPath[path] = (byPath[path] ?? 0) + 1;
    total += 1;
  }
  return { total, byPath };
}

/**
 * The sandbox's own control plane, for a running process (demo, manual testing). Unauthenticated, so
 * only loopback callers may use it; it is never subject to the faults it sets.
 */
export function handleControl(req: IncomingMessage, url: URL, body: Buffer, ctx: ControlContext): unknown {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
    throw new ApiError(403, 'forbidden', 'sandbox controls are only available from loopback');
  }
  const route = `${req.method} ${url.pathname.slice(CONTROL_PREFIX.length)}`;
  switch (route) {
    case 'POST faults':
      return setFaults(ctx.faults, body);
    case 'POST expire-tokens':
      ctx.state.tokens.expireAll();
      return { expired: true };
    case 'POST pay':
      return settle(ctx, body);
    case 'GET calls':
      return countCalls(ctx.arrivals, url.searchParams);
    case 'GET orders':
      return ctx.state.orders
        .all()
        .map(({ recorded }) => ({ ...recorded, createdAt: recorded.createdAt.toISOString() }));
    default:
      throw notFound(`no sandbox control ${route}`);
  }
}
