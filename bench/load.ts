import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { playRequest, type RequestPlay, TUTORIAL_PLAYS } from '../src/demo';
import { startPartnerApiSandbox } from '../src/sandbox/partner-api';
import { type EmulatedUser, type SlackDriver, startSlackEmulator } from '../src/sandbox/slack';
import { startServerProcess } from './children';
import { checkIntegrity, type Integrity } from './integrity';
import { type Summary, summarize } from './stats';
import { billingContactSuggestion, perDevicePlanSuggestion } from './suggestions';
import { type RequestKind, type TimedRequest, timeRequests } from './timed-driver';

export interface Profile {
  name: 'full' | 'smoke';
  /** People who each send a command, work the modal, submit; each request is then approved once. */
  users: number;
  /** Approve clicks sent at the same moment on one approval message. */
  simultaneousClicks: number;
  /** Added by the Partner API sandbox to every answer. */
  latencyMs: number;
  /** People who send a command and open dropdowns while the Partner API hangs. */
  hangUsers: number;
}

export const PROFILES: Record<Profile['name'], Profile> = {
  full: { name: 'full', users: 200, simultaneousClicks: 50, latencyMs: 300, hangUsers: 50 },
  smoke: { name: 'smoke', users: 10, simultaneousClicks: 5, latencyMs: 20, hangUsers: 5 },
};

export interface Pair {
  app: Summary;
  bare: Summary;
}

export interface BenchResults {
  profile: Profile;
  machine: { nproc: number; memoryGb: number; cpu: string; node: string; platform: string };
  commands: Pair;
  clicks: Pair;
  submissions: Pair;
  optionsCold: Pair;
  /** The warm dropdown requests all at once: a worst case, and a measure of the machine as much as the app. */
  optionsWarm: Pair;
  /** The same requests from TYPING_USERS people typing at once, each waiting for an answer before the next. */
  optionsWarmTyping: Pair;
  hanging: { commands: Summary; optionsColdKey: Summary; optionsWarm: Summary };
  approveToReply: Summary;
  ordersPerSecond: number;
  memory: { idleMb: number; peakMb: number; idleAfterMb: number; bareIdleMb: number };
  integrity: Integrity;
  /** Requests the app answered with something other than HTTP 200. */
  non200: number;
  appErrorLogLines: number;
  wallSeconds: number;
}

const SIGNING_SECRET = 'bench-signing-secret';
const APPROVER = 'UAPPROVER';
const APPROVALS = 'CAPPROVALS';
const ORDERS = 'CORDERS';
/** How long any one wait for the app may take before the run is called failed. */
const WAIT_MS = 60_000;
const POLL_MS = 25;

const ycm = TUTORIAL_PLAYS['renew-ycm-white-label'];
const renewal = (index: number): RequestPlay => ({
  ...ycm,
  choices: { ...ycm.choices, po_number: `BENCH-${index}` },
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function requesters(count: number): EmulatedUser[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `UREQ${String(i).padStart(5, '0')}`;
    return { id, name: `requester${i}`, realName: `Requester ${i}` };
  });
}

/** Sends every body at once; the timed driver records each answer. */
async function burst(driver: SlackDriver, bodies: readonly string[]): Promise<void> {
  await Promise.all(bodies.map((body) => driver.sendRaw(body)));
}

/** How many people type into a dropdown at the same moment in the paced options phase. */
const TYPING_USERS = 20;

/** Sends the bodies from `concurrency` senders, each sending its next body when the last one is answered. */
async function paced(driver: SlackDriver, bodies: readonly string[], concurrency: number): Promise<void> {
  const queue = [...bodies];
  const sender = async () => {
    for (let body = queue.shift(); body !== undefined; body = queue.shift()) await driver.sendRaw(body);
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
}

const ms = (log: readonly TimedRequest[], kind: RequestKind) =>
  summarize(log.filter((r) => r.kind === kind).map((r) => r.ms));
const bodies = (log: readonly TimedRequest[], kind: RequestKind) =>
  log.filter((r) => r.kind === kind).map((r) => r.body);

/** Polls until `probe` holds; bounded by WAIT_MS. */
async function until(probe: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(POLL_MS);
  }
}

/**
 * One benchmark run: the order desk and a bare Bolt app each in their own process, driven over real
 * HTTP with signed payloads from the Slack emulator, the Partner API sandbox adding latency (and later
 * hanging). Every phase sends the same bodies to the bare Bolt app afterwards, at the same concurrency.
 */
export async function runBenchmark(profile: Profile): Promise<BenchResults> {
  const began = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'order-desk-bench-'));
  const databaseFile = join(dir, 'orders.sqlite');
  const users = requesters(profile.users);
  const sandbox = await startPartnerApiSandbox();
  sandbox.faults.setLatency(profile.latencyMs);
  const emulator = await startSlackEmulator({
    users: [{ id: APPROVER, name: 'approver', realName: 'Ben Approver' }, ...users],
  });
  const slackEnv = {
    SLACK_BOT_TOKEN: emulator.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: emulator.apiUrl,
  };
  const app = await startServerProcess(join(__dirname, 'app-process.js'), {
    ...slackEnv,
    PORT: '0',
    APPROVALS_CHANNEL_ID: APPROVALS,
    ORDERS_CHANNEL_ID: ORDERS,
    APPROVER_USER_IDS: APPROVER,
    YEASTAR_BASE_URL: sandbox.url,
    YEASTAR_CLIENT_ID: 'sandbox',
    YEASTAR_CLIENT_SECRET: 'sandbox-secret',
    DATABASE_URL: `sqlite:${databaseFile}`,
    LOG_LEVEL: 'info',
  });
  const bare = await startServerProcess(join(__dirname, 'bare-bolt.js'), slackEnv);
  try {
    await sleep(1000);
    const idleMb = app.memory().rssMb;
    const bareIdleMb = bare.memory().rssMb;
    const appLog: TimedRequest[] = [];
    const bareLog: TimedRequest[] = [];
    const appDriver = timeRequests(emulator.driver(`${app.url}/slack/events`, SIGNING_SECRET), appLog);
    const bareDriver = timeRequests(emulator.driver(`${bare.url}/slack/events`, SIGNING_SECRET), bareLog);
    const phase = async (run: () => Promise<void>) => {
      const from = { app: appLog.length, bare: bareLog.length };
      await run();
      return { app: appLog.slice(from.app), bare: bareLog.slice(from.bare) };
    };

    // 1. A dropdown opened before anything is cached: everybody waits for one Partner API load.
    const contactBodies = users.map(billingContactSuggestion);
    const cold = await phase(async () => {
      await burst(appDriver, contactBodies);
      await burst(bareDriver, contactBodies);
    });

    // 2. Everybody at once: /renew, work the modal, submit. Then the same bodies to the bare app.
    const flow = await phase(async () => {
      const played = await Promise.allSettled(users.map((u, i) => playRequest(appDriver, u.id, renewal(i))));
      const refused = played.find((p): p is PromiseRejectedResult => p.status === 'rejected');
      if (refused) throw new Error(`bench: a requester could not submit: ${String(refused.reason)}`);
    });
    await phase(async () => {
      for (const kind of ['command', 'options', 'modal_action', 'submission'] as const) {
        await burst(bareDriver, bodies(flow.app, kind));
      }
    });

    // 3. The same dropdown again, now cached.
    const warm = await phase(async () => {
      await burst(appDriver, contactBodies);
      await burst(bareDriver, contactBodies);
    });
    const typing = await phase(async () => {
      await paced(appDriver, contactBodies, TYPING_USERS);
      await paced(bareDriver, contactBodies, TYPING_USERS);
    });

    // 4. Approvals: many clicks on one message at the same moment, then one click on each of the others.
    await emulator.waitFor(() => emulator.messages(APPROVALS).length >= users.length, {
      timeoutMs: WAIT_MS,
      what: 'every approval message',
    });
    const approvals = emulator.messages(APPROVALS).map((m) => m.ts);
    const clickedAt = new Map<string, number>();
    const click = (ts: string) => {
      if (!clickedAt.has(ts)) clickedAt.set(ts, Date.now());
      return appDriver.click(APPROVER, APPROVALS, ts, 'approve_request');
    };
    const [contested, ...others] = approvals;
    const approving = await phase(async () => {
      if (contested)
        await Promise.all(Array.from({ length: profile.simultaneousClicks }, () => click(contested)));
      await Promise.all(others.map(click));
    });
    const replyAt = await threadReplies(emulator, approvals);
    const approveToReply = summarize(
      approvals.map((ts) => (replyAt.get(ts) ?? Number.NaN) - (clickedAt.get(ts) ?? 0)),
    );
    const placedAt = sandbox.orders().map((o) => o.createdAt.getTime());
    const firstClick = Math.min(...clickedAt.values());
    const ordersPerSecond = placedAt.length / ((Math.max(...placedAt) - firstClick) / 1000);
    await phase(async () => {
      const clickBodies = bodies(approving.app, 'click');
      await burst(bareDriver, clickBodies.slice(0, profile.simultaneousClicks));
      await burst(bareDriver, clickBodies.slice(profile.simultaneousClicks));
    });

    // 5. The Partner API hangs: commands still ack, and dropdowns still answer, from cache or in time.
    sandbox.faults.hang(true);
    const hangers = users.slice(0, profile.hangUsers);
    const hung = await phase(async () => {
      await Promise.all(hangers.map((u) => appDriver.command(u.id, '/renew')));
      await burst(appDriver, hangers.map(perDevicePlanSuggestion));
      await burst(appDriver, hangers.map(billingContactSuggestion));
    });
    sandbox.faults.hang(false);
    const hungPlans = hung.app.filter((r) => r.kind === 'options').slice(0, hangers.length);
    const hungWarm = hung.app.filter((r) => r.kind === 'options').slice(hangers.length);

    await sleep(2000);
    const { rssMb: idleAfterMb, peakMb } = app.memory();
    const non200 = appLog.filter((r) => r.status !== 200).length;
    await app.stop();
    return {
      profile,
      machine: {
        nproc: cpus().length,
        memoryGb: Math.round(totalmem() / 2 ** 30),
        cpu: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
      },
      commands: { app: ms(flow.app, 'command'), bare: ms(bareLog, 'command') },
      clicks: { app: ms(approving.app, 'click'), bare: ms(bareLog, 'click') },
      submissions: { app: ms(flow.app, 'submission'), bare: ms(bareLog, 'submission') },
      optionsCold: { app: ms(cold.app, 'options'), bare: ms(cold.bare, 'options') },
      optionsWarm: { app: ms(warm.app, 'options'), bare: ms(warm.bare, 'options') },
      optionsWarmTyping: { app: ms(typing.app, 'options'), bare: ms(typing.bare, 'options') },
      hanging: {
        commands: ms(hung.app, 'command'),
        optionsColdKey: summarize(hungPlans.map((r) => r.ms)),
        optionsWarm: summarize(hungWarm.map((r) => r.ms)),
      },
      approveToReply,
      ordersPerSecond,
      memory: { idleMb, peakMb, idleAfterMb, bareIdleMb },
      integrity: await checkIntegrity({
        databaseUrl: `sqlite:${databaseFile}`,
        requesterIds: users.map((u) => u.id),
        orders: sandbox.orders(),
        replies: (ts) => emulator.thread(APPROVALS, ts).length,
      }),
      non200,
      appErrorLogLines: app.errorLines(),
      wallSeconds: (Date.now() - began) / 1000,
    };
  } finally {
    await Promise.all([app.stop(), bare.stop()]);
    await Promise.all([emulator.close(), sandbox.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** When the app first replied in each approval's thread (emulator clock), polled until all have a reply. */
async function threadReplies(
  emulator: Awaited<ReturnType<typeof startSlackEmulator>>,
  approvals: readonly string[],
): Promise<Map<string, number>> {
  const firstReply = () => {
    const at = new Map<string, number>();
    for (const call of emulator.calls('chat.postMessage')) {
      const threadTs = call.args.thread_ts;
      if (call.ok && typeof threadTs === 'string' && !at.has(threadTs)) at.set(threadTs, call.at);
    }
    return at;
  };
  await until(() => {
    const replied = firstReply();
    return approvals.every((ts) => replied.has(ts));
  }, 'a reply in every approval thread');
  return firstReply();
}
