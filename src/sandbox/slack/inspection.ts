import { z } from 'zod';
import type { HttpAnswer, JsonObject } from './types';
import type { Workspace } from './workspace';

/**
 * What a driver in another process (the benchmark's load generator) needs from the emulator to play
 * people without sharing its memory: trigger ids and response URLs for what they do, the modals the app
 * opened or changed (waited for here, not polled), channel messages with their reply counts, and the
 * calls the app made. Reads and issues only; nothing here changes what the app sees.
 */

const count = z.coerce.number().int().nonnegative();
/** How long a view wait may hold its request; a driver asks again if it wants to wait longer. */
const MAX_WAIT_MS = 30_000;

const interactionBody = z.strictObject({
  user: z.string().min(1),
  channel: z.string().min(1),
  messageTs: z.string().min(1).optional(),
});
const viewQuery = z.union([
  z.strictObject({
    user: z.string().min(1),
    after: count.default(0),
    timeoutMs: count.max(MAX_WAIT_MS).default(5000),
  }),
  z.strictObject({
    id: z.string().min(1),
    changedFrom: z.string().min(1),
    timeoutMs: count.max(MAX_WAIT_MS).default(5000),
  }),
]);
const messagesQuery = z.strictObject({ channel: z.string().min(1) });
const callsQuery = z.strictObject({ method: z.string().min(1).optional(), from: count.default(0) });

export interface InspectionContext {
  workspace: Workspace;
  /** The emulator's base URL, for the response URLs it issues. */
  url: string;
}

const invalid = (error: z.ZodError): HttpAnswer => ({
  status: 400,
  body: {
    ok: false,
    error: 'invalid_arguments',
    messages: error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`),
  },
});

function parse<T>(
  schema: z.ZodType<T>,
  input: unknown,
): { ok: true; value: T } | { ok: false; answer: HttpAnswer } {
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, answer: invalid(parsed.error) };
}

/**
 * `POST interaction {user, channel, messageTs?}`: the trigger id and response URL Slack hands the app with
 * what the person does, and `viewSeq`, after which a modal it opens will come (see `GET view`).
 */
export function issueInteraction(ctx: InspectionContext, text: string): HttpAnswer {
  let json: unknown;
  try {
    json = JSON.parse(text || '{}');
  } catch {
    return { status: 400, body: { ok: false, error: 'invalid_json' } };
  }
  const parsed = parse(interactionBody, json);
  if (!parsed.ok) return parsed.answer;
  const { user, channel, messageTs } = parsed.value;
  if (!ctx.workspace.user(user)) return { status: 404, body: { ok: false, error: 'user_not_found' } };
  const id = ctx.workspace.issueResponseUrl({ userId: user, channel, ...(messageTs ? { messageTs } : {}) });
  return {
    status: 200,
    body: {
      ok: true,
      triggerId: ctx.workspace.issueTrigger(user),
      responseUrl: `${ctx.url}/response/${id}`,
      // The newest modal the person has open: whatever the app opens for this comes after it.
      viewSeq: ctx.workspace.topView(user)?.seq ?? 0,
    },
  };
}

/**
 * `GET view?user=U&after=SEQ`: the newest modal open for U opened after SEQ; `GET view?id=V&changedFrom=HASH`:
 * view V once its hash is no longer HASH. Either waits up to `timeoutMs` (default 5 s), then answers 408.
 */
export async function waitForView(ctx: InspectionContext, query: URLSearchParams): Promise<HttpAnswer> {
  const parsed = parse(viewQuery, Object.fromEntries(query));
  if (!parsed.ok) return parsed.answer;
  const q = parsed.value;
  const { workspace } = ctx;
  const probe =
    'user' in q
      ? () => {
          // Checked on every change while 200 people wait: nothing is copied until it matches.
          const top = workspace.topView(q.user);
          return top && top.seq > q.after && workspace.view(top.id);
        }
      : () => {
          const view = workspace.liveView(q.id);
          return view && view.view.hash !== q.changedFrom && workspace.view(q.id);
        };
  try {
    const view = await workspace.waitFor(probe, q.timeoutMs, 'a view');
    return { status: 200, body: { ok: true, view: view as unknown as JsonObject } };
  } catch {
    return { status: 408, body: { ok: false, error: 'timeout' } };
  }
}

/** `GET messages?channel=C`: its top-level messages, oldest first, each with `replyCount`. */
export function listMessages(ctx: InspectionContext, query: URLSearchParams): HttpAnswer {
  const parsed = parse(messagesQuery, Object.fromEntries(query));
  if (!parsed.ok) return parsed.answer;
  const { workspace } = ctx;
  const messages = workspace.messages(parsed.value.channel).map((m) => ({
    ...m,
    replyCount: workspace.thread(m.channel, m.ts).length,
  }));
  return { status: 200, body: { ok: true, messages } };
}

/** `GET calls?method=M&from=N`: the app's calls (of that method), from the Nth on; `next` is where to go on. */
export function listCalls(ctx: InspectionContext, query: URLSearchParams): HttpAnswer {
  const parsed = parse(callsQuery, Object.fromEntries(query));
  if (!parsed.ok) return parsed.answer;
  const { method, from } = parsed.value;
  const calls = ctx.workspace.calls(method, from);
  return { status: 200, body: { ok: true, calls, next: from + calls.length } };
}
