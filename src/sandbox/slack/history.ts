import { SlackApiError } from './api-error';
import type { EmulatedMessage, JsonObject } from './types';
import { TEAM } from './workspace';

/**
 * Messages as Slack's Web API shows them, and its two reads: conversations.history (top-level messages,
 * newest first) and conversations.replies (a thread, parent first). Both page with Slack's cursors and
 * see only what they are given: the messages a read can already see (see Workspace.readable).
 */

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 999;
const CURSOR_PREFIX = 'next_ts:';

type Order = 'newest_first' | 'oldest_first';

/** A message in Slack's shape: the fields the app would read, without the emulator's `channel`. */
export function asSlackMessage(m: EmulatedMessage): JsonObject {
  const { channel: _channel, ...rest } = m;
  return { type: 'message', team: TEAM.id, ...rest };
}

/** A ts ("seconds.micros", or whole seconds as an app may send) in microseconds; undefined if not one. */
function micros(ts: string): number | undefined {
  const match = /^(\d+)(?:\.(\d{1,6})\d*)?$/.exec(ts);
  if (!match) return undefined;
  return Number(match[1]) * 1_000_000 + Number((match[2] ?? '').padEnd(6, '0'));
}

/** Slack's boolean arguments: JSON booleans, or `true`/`1` when form-encoded. */
function flag(args: JsonObject, key: string): boolean {
  const value = args[key];
  return value === true || value === 1 || value === 'true' || value === '1';
}

function bound(args: JsonObject, key: 'oldest' | 'latest'): number | undefined {
  const value = args[key];
  if (value === undefined || value === '') return undefined;
  const parsed = micros(String(value));
  if (parsed === undefined) throw new SlackApiError(`invalid_ts_${key}`);
  return parsed;
}

/** `oldest` < ts < `latest` (or ≤ with `inclusive`); no bound where the app gives none. */
function timeWindow(args: JsonObject): (m: EmulatedMessage) => boolean {
  const oldest = bound(args, 'oldest') ?? Number.NEGATIVE_INFINITY;
  const latest = bound(args, 'latest') ?? Number.POSITIVE_INFINITY;
  const inclusive = flag(args, 'inclusive');
  return (m) => {
    const ts = micros(m.ts) ?? 0;
    return inclusive ? oldest <= ts && ts <= latest : oldest < ts && ts < latest;
  };
}

function limitOf(args: JsonObject): number {
  if (args.limit === undefined || args.limit === '') return DEFAULT_LIMIT;
  const limit = Number(args.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new SlackApiError('invalid_arguments');
  return Math.min(limit, MAX_LIMIT);
}

const encodeCursor = (ts: string) => Buffer.from(`${CURSOR_PREFIX}${ts}`).toString('base64');

/** The ts (in micros) where the page named by `cursor` starts; undefined for the first page. */
function decodeCursor(args: JsonObject): number | undefined {
  const cursor = args.cursor;
  if (cursor === undefined || cursor === '') return undefined;
  const decoded = Buffer.from(String(cursor), 'base64').toString('utf8');
  const start = decoded.startsWith(CURSOR_PREFIX) ? micros(decoded.slice(CURSOR_PREFIX.length)) : undefined;
  if (start === undefined) throw new SlackApiError('invalid_cursor');
  return start;
}

/**
 * One page of `list` (already in answer order): from the cursor's message on, `limit` long, with the
 * cursor of the next page. A cursor names a ts rather than a position, so messages posted between
 * pages neither repeat nor get skipped.
 */
function page(
  list: EmulatedMessage[],
  args: JsonObject,
  order: Order,
  show: (m: EmulatedMessage) => JsonObject,
) {
  const limit = limitOf(args);
  const start = decodeCursor(args);
  const reached = (m: EmulatedMessage) => {
    const ts = micros(m.ts) ?? 0;
    return start === undefined || (order === 'newest_first' ? ts <= start : ts >= start);
  };
  const from = list.findIndex(reached);
  const messages = from < 0 ? [] : list.slice(from, from + limit);
  const next = from < 0 ? undefined : list[from + limit];
  return {
    messages: messages.map(show),
    has_more: next !== undefined,
    response_metadata: { next_cursor: next ? encodeCursor(next.ts) : '' },
  };
}

/** What one read knows: every message it can see, by ts and by thread, and whether to show metadata. */
interface Reading {
  byTs: Map<string, EmulatedMessage>;
  /** Replies under each thread parent's ts, oldest first. */
  threads: Map<string, EmulatedMessage[]>;
  withMetadata: boolean;
}

const isReply = (m: EmulatedMessage): m is EmulatedMessage & { thread_ts: string } =>
  m.thread_ts !== undefined && m.thread_ts !== m.ts;

function reading(readable: EmulatedMessage[], args: JsonObject): Reading {
  const threads = new Map<string, EmulatedMessage[]>();
  for (const m of readable.filter(isReply))
    threads.set(m.thread_ts, [...(threads.get(m.thread_ts) ?? []), m]);
  const byTs = new Map(readable.map((m) => [m.ts, m]));
  return { byTs, threads, withMetadata: flag(args, 'include_all_metadata') };
}

/** Slack's thread summary on a parent with replies. */
function threadSummary(ts: string, replies: EmulatedMessage[]): JsonObject {
  if (replies.length === 0) return {};
  const users = [...new Set(replies.map((r) => r.user))];
  return {
    thread_ts: ts,
    reply_count: replies.length,
    reply_users_count: users.length,
    reply_users: users,
    latest_reply: replies[replies.length - 1]?.ts,
  };
}

/** A message as a read shows it: thread fields as Slack adds them, metadata only when asked for. */
function shown(m: EmulatedMessage, r: Reading): JsonObject {
  const { metadata, ...message } = asSlackMessage(m);
  const parent = isReply(m) ? r.byTs.get(m.thread_ts) : undefined;
  return {
    ...message,
    ...(metadata && r.withMetadata ? { metadata } : {}),
    ...threadSummary(m.ts, r.threads.get(m.ts) ?? []),
    ...(parent ? { parent_user_id: parent.user } : {}),
  };
}

/** conversations.history: top-level messages (thread parents included), newest first. */
export function readHistory(readable: EmulatedMessage[], args: JsonObject): JsonObject {
  const r = reading(readable, args);
  const inWindow = timeWindow(args);
  const top = readable.filter((m) => !isReply(m) && inWindow(m)).toReversed();
  return page(top, args, 'newest_first', (m) => shown(m, r));
}

/**
 * conversations.replies: the thread of `ts` (a parent, or any reply in it), parent first and always,
 * whatever the window says, then the replies oldest first.
 */
export function readReplies(readable: EmulatedMessage[], ts: string, args: JsonObject): JsonObject {
  const r = reading(readable, args);
  const inWindow = timeWindow(args);
  const named = r.byTs.get(ts);
  const parent = named && r.byTs.get(named.thread_ts ?? named.ts);
  if (!parent) throw new SlackApiError('thread_not_found');
  const replies = (r.threads.get(parent.ts) ?? []).filter(inWindow);
  return page([parent, ...replies], args, 'oldest_first', (m) => shown(m, r));
}
