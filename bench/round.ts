import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ApprovalFigures, approveAndMeasure, newApprovals, submitAll } from './approvals';
import type { Memory } from './children';
import type { Harness } from './harness';
import { APPROVALS } from './people';
import type { RemoteDriver } from './remote-driver';
import type { CallCount } from './remote-partner-api';
import { type Summary, summarize } from './stats';
import { billingContactSuggestion, perDevicePlanSuggestion } from './suggestions';
import type { RequestKind, Sender, TimedRequest } from './timed-driver';

/**
 * One round of the load phases: a fresh order desk and a fresh bare Bolt app, and each phase sent to the
 * app, then the same bodies at the same concurrency to the bare app. Rounds run one after another, so
 * a ratio is taken between two runs a few seconds apart on the same machine.
 */

export interface Pair {
  app: Summary;
  bare: Summary;
}

export interface RoundResult {
  commands: Pair;
  clicks: Pair;
  submissions: Pair;
  optionsCold: Pair;
  /** The warm dropdown requests all at once: a worst case, and a measure of the machine as much as the app. */
  optionsWarm: Pair;
  /** The same requests from TYPING_USERS people typing at once, each waiting for an answer before the next. */
  optionsWarmTyping: Pair;
  hanging: { commands: Summary; optionsColdKey: Summary; optionsWarm: Summary };
  approvals: ApprovalFigures;
  memory: { idle: Memory; bareIdle: Memory; after: Memory; afterSeconds: number };
  /** Everything the Partner API received during the round, and how long the round's app lived. */
  partnerCalls: CallCount;
  seconds: number;
  /** Requests the app answered with something other than HTTP 200. */
  non200: number;
  appErrorLogLines: number;
}

/** How many people type into a dropdown at the same moment in the paced options phase. */
export const TYPING_USERS = 20;

async function burst(driver: Sender, bodies: readonly string[]): Promise<void> {
  await Promise.all(bodies.map((body) => driver.sendRaw(body)));
}

/** Sends the bodies from `concurrency` senders, each sending its next body when the last one is answered. */
async function paced(driver: Sender, bodies: readonly string[], concurrency: number): Promise<void> {
  const queue = [...bodies];
  const sender = async () => {
    for (let body = queue.shift(); body !== undefined; body = queue.shift()) await driver.sendRaw(body);
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
}

const only = (log: readonly TimedRequest[], kind: RequestKind) => log.filter((r) => r.kind === kind);
const ms = (log: readonly TimedRequest[], kind: RequestKind) => summarize(only(log, kind).map((r) => r.ms));
const bodies = (log: readonly TimedRequest[], kind: RequestKind) => only(log, kind).map((r) => r.body);

export async function runRound(h: Harness, dir: string, round: number, last: boolean): Promise<RoundResult> {
  const { profile, users, slack, partner } = h;
  const since = Date.now();
  const databaseUrl = `sqlite:${join(dir, `round-${round}.sqlite`)}`;
  const [app, bare] = await Promise.all([h.startApp(databaseUrl), h.startBare()]);
  try {
    await sleep(1000);
    const [idle, bareIdle] = await Promise.all([app.memory(), bare.memory()]);
    const appLog: TimedRequest[] = [];
    const bareLog: TimedRequest[] = [];
    const appDriver: RemoteDriver = h.driver(app, appLog);
    const bareDriver = h.driver(bare, bareLog);
    const phase = async (run: () => Promise<void>) => {
      const from = { app: appLog.length, bare: bareLog.length };
      await run();
      return { app: appLog.slice(from.app), bare: bareLog.slice(from.bare) };
    };
    const pair = (p: { app: TimedRequest[]; bare: TimedRequest[] }, kind: RequestKind): Pair => ({
      app: ms(p.app, kind),
      bare: ms(p.bare, kind),
    });

    // 1. A dropdown opened before anything is cached: everybody waits for one Partner API load.
    const contactBodies = users.map(billingContactSuggestion);
    const cold = await phase(async () => {
      await burst(appDriver, contactBodies);
      await burst(bareDriver, contactBodies);
    });

    // 2. Everybody at once: /renew, work the modal, submit. Then the same bodies to the bare app.
    const approvalsBefore = (await slack.messages(APPROVALS)).length;
    const flowApp = await phase(() => submitAll([appDriver], users, String(round)));
    const flowBare = await phase(async () => {
      for (const kind of ['command', 'options', 'modal_action', 'submission'] as const) {
        await burst(bareDriver, bodies(flowApp.app, kind));
      }
    });
    const flow = { app: flowApp.app, bare: flowBare.bare };

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
    const approvals = await newApprovals(slack, approvalsBefore, users.length);
    let figures: ApprovalFigures | undefined;
    const approving = await phase(async () => {
      const run = { slack, partner, databaseUrl, users, since };
      const measured = await approveAndMeasure(run, [appDriver], approvals, profile.simultaneousClicks);
      figures = measured.figures;
      const { approved } = measured;
      await burst(bareDriver, approved.contested);
      await burst(bareDriver, approved.others);
    });
    if (!figures) throw new Error('bench: the approvals phase gave no figures');

    // 5. The Partner API hangs: commands still ack, and dropdowns still answer, from cache or in time.
    await partner.faults({ hang: true });
    const hangers = users.slice(0, profile.hangUsers);
    const hung = await phase(async () => {
      await Promise.all(hangers.map((u) => appDriver.command(u.id, '/renew')));
      await burst(appDriver, hangers.map(perDevicePlanSuggestion));
      await burst(appDriver, hangers.map(billingContactSuggestion));
    });
    await partner.faults({ hang: false });
    const hungOptions = only(hung.app, 'options');

    const afterSeconds = last ? profile.settleSeconds : 1;
    await sleep(afterSeconds * 1000);
    return {
      commands: pair(flow, 'command'),
      clicks: pair(approving, 'click'),
      submissions: pair(flow, 'submission'),
      optionsCold: pair(cold, 'options'),
      optionsWarm: pair(warm, 'options'),
      optionsWarmTyping: pair(typing, 'options'),
      hanging: {
        commands: ms(hung.app, 'command'),
        optionsColdKey: summarize(hungOptions.slice(0, hangers.length).map((r) => r.ms)),
        optionsWarm: summarize(hungOptions.slice(hangers.length).map((r) => r.ms)),
      },
      approvals: figures,
      memory: { idle, bareIdle, after: await app.memory(), afterSeconds },
      partnerCalls: await partner.calls(since),
      seconds: (Date.now() - since) / 1000,
      non200: appLog.filter((r) => r.status !== 200).length,
      appErrorLogLines: app.errorLines(),
    };
  } finally {
    await Promise.all([app.stop(), bare.stop()]);
  }
}
