import { playRequest, type RequestPlay, TUTORIAL_PLAYS } from '../src/demo';
import type { EmulatedUser } from '../src/sandbox/slack';
import { checkIntegrity, type Integrity } from './integrity';
import { APPROVALS, APPROVER } from './people';
import type { RemoteDriver } from './remote-driver';
import type { CallCount, RemotePartnerApi } from './remote-partner-api';
import { type ListedMessage, poll, type RemoteSlack } from './remote-slack';
import { type Summary, summarize } from './stats';

/**
 * The approval load, shared by the rounds (one app) and the two-instance stage: everybody submits a
 * renewal, then the approver clicks many times at once on one request and once on each of the others,
 * spread over the instances given. What it reports: approve → thread reply, orders per second, what the
 * Partner API saw, and integrity.
 */

const ycm = TUTORIAL_PLAYS['renew-ycm-white-label'];
const renewal = (po: string): RequestPlay => ({ ...ycm, choices: { ...ycm.choices, po_number: po } });

/** Everybody submits one renewal at once, person i through drivers[i % drivers.length]. */
export async function submitAll(
  drivers: readonly RemoteDriver[],
  users: readonly EmulatedUser[],
  tag: string,
) {
  const played = await Promise.allSettled(
    users.map((u, i) => playRequest(pick(drivers, i), u.id, renewal(`BENCH-${tag}-${i}`))),
  );
  const refused = played.filter((p): p is PromiseRejectedResult => p.status === 'rejected');
  const [first] = refused;
  if (!first) return;
  // Say what Slack told the app: a modal that never opened is most often a views.open past its trigger.
  const { calls } = await pick(drivers, 0).slack.calls('views.open');
  const errors = new Map<string, number>();
  for (const call of calls.filter((c) => !c.ok))
    errors.set(call.error ?? '?', (errors.get(call.error ?? '?') ?? 0) + 1);
  const seen = [...errors].map(([error, n]) => `${n} ${error}`).join(', ') || 'none refused';
  throw new Error(
    `bench: ${refused.length} of ${users.length} requesters could not submit (views.open: ${calls.length} calls, ${seen}); first: ${String(first.reason)}`,
  );
}

function pick<T>(items: readonly T[], i: number): T {
  const item = items[i % items.length];
  if (item === undefined) throw new Error('bench: nothing to pick from');
  return item;
}

/** The approval messages after the first `before`, once `count` of them are posted. */
export function newApprovals(slack: RemoteSlack, before: number, count: number): Promise<ListedMessage[]> {
  return poll(
    async () => {
      const posted = (await slack.messages(APPROVALS)).slice(before);
      return posted.length >= count ? posted : undefined;
    },
    'every approval message',
    { everyMs: 250 },
  );
}

export interface Approved {
  /** Per approval ts, when its first click was sent (epoch ms). */
  clickedAt: Map<string, number>;
  /** The click bodies, in the order sent, for the bare Bolt app. */
  contested: string[];
  others: string[];
}

/** `simultaneous` clicks at once on the first approval, then one on each other one, all at once. */
async function approveAll(
  drivers: readonly RemoteDriver[],
  approvals: readonly ListedMessage[],
  simultaneous: number,
): Promise<Approved> {
  const [first, ...rest] = approvals;
  if (!first) throw new Error('bench: no approval to click');
  // Bodies first (each needs ids from the emulator), so that the clicks of a burst leave together.
  const contested = await Promise.all(
    Array.from({ length: simultaneous }, (_, i) =>
      pick(drivers, i).clickBody(APPROVER, first, 'approve_request'),
    ),
  );
  const others = await Promise.all(
    rest.map((m, i) => pick(drivers, i + 1).clickBody(APPROVER, m, 'approve_request')),
  );
  const clickedAt = new Map<string, number>();
  const send = (bodies: readonly string[], offset: number) =>
    Promise.all(bodies.map((body, i) => pick(drivers, i + offset).sendRaw(body)));
  clickedAt.set(first.ts, Date.now());
  await send(contested, 0);
  const at = Date.now();
  for (const m of rest) clickedAt.set(m.ts, at);
  await send(others, 1);
  return { clickedAt, contested, others };
}

/** When the app first replied in each approval's thread (emulator clock), read from its calls from `fromCall` on. */
export async function threadReplies(
  slack: RemoteSlack,
  approvals: readonly ListedMessage[],
  fromCall: number,
): Promise<Map<string, number>> {
  const replied = new Map<string, number>();
  let next = fromCall;
  await poll(
    async () => {
      const read = await slack.calls('chat.postMessage', next);
      next = read.next;
      for (const call of read.calls) {
        const threadTs = call.args.thread_ts;
        if (call.ok && typeof threadTs === 'string' && !replied.has(threadTs)) replied.set(threadTs, call.at);
      }
      return approvals.every((m) => replied.has(m.ts)) ? true : undefined;
    },
    'a reply in every approval thread',
    { everyMs: 100 },
  );
  return replied;
}

export interface ApprovalFigures {
  approveToReply: Summary;
  ordersPerSecond: number;
  /** What the Partner API saw from the first click to the last reply. */
  partnerCalls: CallCount;
  orders: number;
  integrity: Integrity;
}

/** Where an approval run's figures are read: the stand-ins, the app's database, who asked, since when. */
export interface ApprovalRun {
  slack: RemoteSlack;
  partner: RemotePartnerApi;
  databaseUrl: string;
  users: readonly EmulatedUser[];
  /** When the run's stage began. */
  since: number;
}

/** The approvals clicked (see approveAll), then their figures once every thread has its reply. */
export async function approveAndMeasure(
  run: ApprovalRun,
  drivers: readonly RemoteDriver[],
  approvals: readonly ListedMessage[],
  simultaneous: number,
): Promise<{ approved: Approved; figures: ApprovalFigures }> {
  const fromCall = (await run.slack.calls('chat.postMessage')).next;
  const approved = await approveAll(drivers, approvals, simultaneous);
  return { approved, figures: await approvalFigures({ ...run, approvals, approved, fromCall }) };
}

async function approvalFigures(
  input: ApprovalRun & { approvals: readonly ListedMessage[]; approved: Approved; fromCall: number },
): Promise<ApprovalFigures> {
  const { slack, partner, approvals, approved } = input;
  const replyAt = await threadReplies(slack, approvals, input.fromCall);
  const firstClick = Math.min(...approved.clickedAt.values());
  const lastReply = Math.max(...replyAt.values());
  const orders = (await partner.orders()).filter((o) => o.createdAt.getTime() >= input.since);
  const lastOrder = Math.max(...orders.map((o) => o.createdAt.getTime()));
  // Replies counted once the run settled: a second reply would come after the first.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const replies = new Map((await slack.messages(APPROVALS)).map((m) => [m.ts, m.replyCount]));
  return {
    approveToReply: summarize(
      approvals.map((m) => (replyAt.get(m.ts) ?? Number.NaN) - (approved.clickedAt.get(m.ts) ?? 0)),
    ),
    ordersPerSecond: orders.length / ((lastOrder - firstClick) / 1000),
    partnerCalls: await partner.calls(firstClick, lastReply + 1),
    orders: orders.length,
    integrity: await checkIntegrity({
      databaseUrl: input.databaseUrl,
      requesterIds: input.users.map((u) => u.id),
      orders,
      replies: (ts) => replies.get(ts) ?? 0,
    }),
  };
}
