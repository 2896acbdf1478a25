import { z } from 'zod';
import type { FaultQueue } from './faults';
import { type InspectionContext, issueInteraction, listCalls, listMessages, waitForView } from './inspection';
import type { HttpAnswer } from './types';

/**
 * The emulator's own control plane, for a running process (the CLI, manual testing, a benchmark's load
 * generator): `POST /__emulator/faults` arms the same switches as `emulator.faults`; the reads and the
 * interaction ids of inspection.ts let a driver in another process play people. Unauthenticated, so only
 * loopback callers may use it; it is never subject to the faults it sets, nor recorded as a call.
 */

export const CONTROL_PREFIX = '/__emulator/';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const count = z.number().int().nonnegative();

/** The keys that arm faults for one method, in the order they are queued when several are given. */
const PER_METHOD = ['rateLimitNext', 'failNext', 'hangNext', 'loseAnswerNext'] as const;

const faultsBody = z
  .object({
    clear: z.boolean(),
    method: z.string().min(1),
    rateLimitNext: z.strictObject({ count, retryAfterSeconds: count }),
    failNext: z.strictObject({ count, status: z.number().int().min(400).max(599).optional() }),
    hangNext: count,
    loseAnswerNext: count,
    historyLagMs: count,
    revokeScopes: z.array(z.string().min(1)),
    removeBotFrom: z.array(z.string().min(1)),
  })
  .partial()
  .strict()
  .refine((body) => body.method !== undefined || PER_METHOD.every((key) => body[key] === undefined), {
    path: ['method'],
    message: `required with ${PER_METHOD.join(', ')}`,
  });

type FaultsBody = z.infer<typeof faultsBody>;

const refused = (status: number, error: string, messages: string[] = []): HttpAnswer => ({
  status,
  body: { ok: false, error, ...(messages.length ? { messages } : {}) },
});

function arm(faults: FaultQueue, method: string, f: FaultsBody): void {
  if (f.rateLimitNext) faults.rateLimitNext(method, f.rateLimitNext.count, f.rateLimitNext.retryAfterSeconds);
  if (f.failNext) faults.failNext(method, f.failNext.count, f.failNext.status);
  if (f.hangNext !== undefined) faults.hangNext(method, f.hangNext);
  if (f.loseAnswerNext !== undefined) faults.loseAnswerNext(method, f.loseAnswerNext);
}

/** `clear` applies first, so one call can reset and then arm; answers the faults now pending. */
function setFaults(faults: FaultQueue, text: string): HttpAnswer {
  let json: unknown;
  try {
    json = JSON.parse(text || '{}');
  } catch {
    return refused(400, 'invalid_json');
  }
  const parsed = faultsBody.safeParse(json);
  if (!parsed.success) {
    const messages = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
    return refused(400, 'invalid_faults', messages);
  }
  const f = parsed.data;
  if (f.clear) faults.clear();
  if (f.method !== undefined) arm(faults, f.method, f);
  if (f.historyLagMs !== undefined) faults.historyLag(f.historyLagMs);
  if (f.revokeScopes) faults.revokeScopes(f.revokeScopes);
  if (f.removeBotFrom) faults.removeBot(f.removeBotFrom);
  return { status: 200, body: { ok: true, ...faults.snapshot() } };
}

export interface ControlContext extends InspectionContext {
  faults: FaultQueue;
}

export function handleControl(
  caller: { method: string | undefined; remoteAddress: string | undefined },
  url: URL,
  body: string,
  ctx: ControlContext,
): HttpAnswer | Promise<HttpAnswer> {
  if (!LOOPBACK.has(caller.remoteAddress ?? '')) return refused(403, 'forbidden');
  const route = `${caller.method} ${url.pathname.slice(CONTROL_PREFIX.length)}`;
  switch (route) {
    case 'POST faults':
      return setFaults(ctx.faults, body);
    case 'POST interaction':
      return issueInteraction(ctx, body);
    case 'GET view':
      return waitForView(ctx, url.searchParams);
    case 'GET messages':
      return listMessages(ctx, url.searchParams);
    case 'GET calls':
      return listCalls(ctx, url.searchParams);
    default:
      return refused(404, 'not_found');
  }
}
