import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fillRequest, TUTORIAL_PLAYS } from '../src/demo';
import type { RecordedCall } from '../src/sandbox/slack';
import type { Harness } from './harness';
import { APPROVALS, APPROVER } from './people';
import type { CallCount } from './remote-partner-api';
import { poll, type RemoteSlack } from './remote-slack';
import { percentile, type Summary, summarize } from './stats';

/**
 * One person at a time, no concurrency: how long each path takes against its floor, measured in the same
 * run. The floor of one sample is the Partner API calls the sandbox received on that path times one
 * sandbox round trip at its latency (as if they were made one after another), plus one emulator round
 * trip per Slack call the emulator recorded on it.
 */

export interface PathFigures {
  /** Over the samples after the first. */
  latency: Summary;
  /** The first sample after start: code not yet compiled by V8's optimiser, statements not yet prepared. */
  firstMs: number;
  /** The median of the samples' floors. */
  floorMs: number;
  /** The median of Partner API and Slack calls per sample. */
  partnerCalls: number;
  slackCalls: number;
}

export interface SingleResult {
  emulatorRoundTripMs: number;
  /** One Partner API call's round trip from this process, the sandbox's latency included. */
  partnerRoundTripMs: number;
  commandToModal: PathFigures;
  /** /purchase, whose modal starts from the whole catalog, against /renew above. */
  purchaseToModal: PathFigures;
  submissionToApproval: PathFigures;
  approveToReply: PathFigures;
  /** Partner API calls per opened and worked modal, and per placed order: first sample (cold caches) and the rest (warm). */
  cost: { modalCold: CallCount; modalWarm: CallCount; orderCold: CallCount; orderWarm: CallCount };
  /** The sqlite database the samples left, for the App Home stage. */
  databaseUrl: string;
}

interface Sample {
  ms: number;
  partnerCalls: number;
  slackCalls: number;
}

/** Long enough for what the app does after a path's last step (a DM, a chat.update) to land before the next sample. */
const QUIET_MS = 300;

/** Reads the emulator's calls on from where the last read stopped. */
class CallReader {
  private next = 0;
  constructor(private readonly slack: RemoteSlack) {}
  async skip(): Promise<void> {
    this.next = (await this.slack.calls('', this.next)).next;
  }
  /** The first call (from here on) that `match` accepts, once it is recorded; every call read is kept in `seen`. */
  async first(
    match: (c: RecordedCall) => boolean,
    seen: RecordedCall[],
    what: string,
  ): Promise<RecordedCall> {
    return poll(
      async () => {
        const read = await this.slack.calls('', this.next);
        this.next = read.next;
        seen.push(...read.calls);
        return seen.find(match);
      },
      what,
      { everyMs: 5, timeoutMs: 30_000 },
    );
  }
}

const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

function figures(samples: readonly Sample[], partnerRttMs: number, slackRttMs: number): PathFigures {
  const warm = samples.length > 1 ? samples.slice(1) : samples;
  return {
    latency: summarize(warm.map((s) => s.ms)),
    firstMs: samples[0]?.ms ?? Number.NaN,
    floorMs: median(warm.map((s) => s.partnerCalls * partnerRttMs + s.slackCalls * slackRttMs)),
    partnerCalls: median(warm.map((s) => s.partnerCalls)),
    slackCalls: median(warm.map((s) => s.slackCalls)),
  };
}

function add(sum: CallCount, count: CallCount): CallCount {
  const byPath = { ...sum.byPath };
  for (const [path, n] of Object.entries(count.byPath)) byPath[path] = (byPath[path] ?? 0) + n;
  return { total: sum.total + count.total, byPath };
}

/** Calls per sample: the sum over `counts` divided by how many there are. */
function perSample(counts: readonly CallCount[]): CallCount {
  const sum = counts.reduce(add, { total: 0, byPath: {} });
  const n = Math.max(1, counts.length);
  return {
    total: sum.total / n,
    byPath: Object.fromEntries(Object.entries(sum.byPath).map(([p, v]) => [p, v / n])),
  };
}

/** The median of `count` runs of `call`, one after another. */
async function roundTrip(call: () => Promise<unknown>, count: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return median(times);
}

export async function runSingleRequests(h: Harness, dir: string): Promise<SingleResult> {
  const { profile, users, slack, partner } = h;
  const databaseUrl = `sqlite:${join(dir, 'single.sqlite')}`;
  const app = await h.startApp(databaseUrl);
  try {
    await sleep(1000);
    // A Web API call that does nothing; a Partner API call the sandbox refuses after its latency (no token).
    const rttMs = await roundTrip(() => slack.api('auth.test'), 20);
    const partnerRttMs = await roundTrip(() => partner.unauthorisedCall(), 10);
    const driver = h.driver(app, []);
    const reader = new CallReader(slack);
    const samples = {
      command: [] as Sample[],
      purchase: [] as Sample[],
      submission: [] as Sample[],
      approve: [] as Sample[],
    };
    const cost = { modal: [] as CallCount[], order: [] as CallCount[] };

    /** Times `act` until the call `done` accepts; counts the calls on the way (the last one included). */
    const timed = async (act: () => Promise<unknown>, done: (c: RecordedCall) => boolean, what: string) => {
      await reader.skip();
      const started = Date.now();
      const seen: RecordedCall[] = [];
      await act();
      const end = await reader.first((c) => c.at >= started && done(c), seen, what);
      const onPath = seen.filter((c) => c.at >= started && c.at <= end.at).length;
      const partnerCalls = (await partner.calls(started, end.at + 1)).total;
      return { started, sample: { ms: end.at - started, partnerCalls, slackCalls: onPath } };
    };
    const play = TUTORIAL_PLAYS['renew-ycm-white-label'];

    for (let i = 0; i < profile.singleSamples; i++) {
      const user = users[i % users.length]?.id ?? '';
      // The modal is worked first, so the first sample's lists are cold.
      const modalFrom = Date.now();
      const modal = await fillRequest(driver, user, {
        ...play,
        choices: { ...play.choices, po_number: `SINGLE-${i}` },
      });
      cost.modal.push(await partner.calls(modalFrom));
      const posted = (c: RecordedCall) =>
        c.method === 'chat.postMessage' && c.args.channel === APPROVALS && c.args.thread_ts === undefined;
      samples.submission.push((await timed(() => modal.submit(), posted, 'the approval message')).sample);
      await sleep(QUIET_MS);

      const approval = (await slack.messages(APPROVALS)).at(-1);
      if (!approval) throw new Error('bench: no approval message');
      const click = await driver.clickBody(APPROVER, approval, 'approve_request');
      const replied = (c: RecordedCall) =>
        c.method === 'chat.postMessage' && c.args.thread_ts === approval.ts;
      const approve = await timed(() => driver.sendRaw(click), replied, 'the thread reply');
      samples.approve.push(approve.sample);
      await sleep(QUIET_MS);
      cost.order.push(await partner.calls(approve.started));
      const opened = (c: RecordedCall) => c.method === 'views.open';
      const renew = await driver.commandBody(user, '/renew');
      const command = await timed(() => driver.sendRaw(renew), opened, 'views.open after /renew');
      samples.command.push(command.sample);
      await sleep(QUIET_MS);
      const purchase = await driver.commandBody(user, '/purchase');
      samples.purchase.push(
        (await timed(() => driver.sendRaw(purchase), opened, 'views.open after /purchase')).sample,
      );
      await sleep(QUIET_MS);
    }
    const path = (s: readonly Sample[]) => figures(s, partnerRttMs, rttMs);
    return {
      emulatorRoundTripMs: rttMs,
      partnerRoundTripMs: partnerRttMs,
      commandToModal: path(samples.command),
      purchaseToModal: path(samples.purchase),
      submissionToApproval: path(samples.submission),
      approveToReply: path(samples.approve),
      cost: {
        modalCold: perSample(cost.modal.slice(0, 1)),
        modalWarm: perSample(cost.modal.slice(1)),
        orderCold: perSample(cost.order.slice(0, 1)),
        orderWarm: perSample(cost.order.slice(1)),
      },
      databaseUrl,
    };
  } finally {
    await app.stop();
  }
}
