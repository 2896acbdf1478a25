import type { ApprovalFigures } from './approvals';
import type { BenchResults } from './load';
import { type CallCount, CREATE_ORDER_PATH, TOKEN_PATH } from './remote-partner-api';
import type { Pair, RoundResult } from './round';
import type { PathFigures } from './single';
import { percentile } from './stats';
import { renewalSeconds } from './token-grants';

/** The figures as tables, each target with its verdict. Ratios are the median over rounds of each round's ratio. */

export interface Verdict {
  target: string;
  met: boolean;
  figure: string;
}

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

const p99Ratio = (pair: (r: RoundResult) => Pair) => (r: RoundResult) => pair(r).app.p99 / pair(r).bare.p99;
const over = (r: BenchResults, figure: (round: RoundResult) => number) => spread(r.rounds.map(figure));
const spreadText = (s: Spread, unit = '', digits = 2) =>
  `${f(s.median, digits)}${unit} (${f(s.min, digits)}–${f(s.max, digits)})`;

/** The target for a single request's p99: its floor plus 30 ms. */
const withinFloor = (p: PathFigures) => p.latency.p99 <= p.floorMs + 30;

export function verdicts(r: BenchResults): Verdict[] {
  const commands = over(
    r,
    p99Ratio((x) => x.commands),
  );
  const clicks = over(
    r,
    p99Ratio((x) => x.clicks),
  );
  const typing = over(r, (x) => x.optionsWarmTyping.app.p99);
  const typingRatio = over(
    r,
    p99Ratio((x) => x.optionsWarmTyping),
  );
  const hangMax = over(r, (x) => Math.max(x.hanging.optionsColdKey.max, x.hanging.optionsWarm.max));
  const duplicates = r.rounds.reduce((n, x) => n + x.approvals.integrity.duplicateOrders, 0);
  const lost = r.rounds.reduce((n, x) => n + x.approvals.integrity.lostRequests, 0);
  const last = r.rounds.at(-1);
  const burstReply = over(r, (x) => x.approvals.approveToReply.p99);
  const { single } = r;
  const verdicts: Verdict[] = [
    {
      target: 'command ack p99 ≤ 1.2× bare Bolt (median over rounds)',
      met: commands.median <= 1.2,
      figure: spreadText(commands, '×'),
    },
    {
      target: 'click ack p99 ≤ 1.2× bare Bolt (median over rounds)',
      met: clicks.median <= 1.2,
      figure: spreadText(clicks, '×'),
    },
    {
      target: 'warm options p99 ≤ 20 ms, 20 typing at once',
      met: typing.median <= 20,
      figure: spreadText(typing, ' ms', 1),
    },
    {
      target: 'warm options p99 ≤ 1.2× bare Bolt, 20 typing at once',
      met: typingRatio.median <= 1.2,
      figure: spreadText(typingRatio, '×'),
    },
    {
      target: 'options answered ≤ 2.5 s with the Partner API hanging',
      met: hangMax.max <= 2500,
      figure: `max ${f(hangMax.max, 0)} ms`,
    },
  ];
  for (const [name, path] of [
    ['slash command → modal open', single.commandToModal],
    ['submission → approval message', single.submissionToApproval],
    ['approve click → thread reply', single.approveToReply],
  ] as const) {
    verdicts.push({
      target: `${name}, one at a time: p99 ≤ floor + 30 ms`,
      met: withinFloor(path),
      figure: `${f(path.latency.p99, 0)} ms vs ${f(path.floorMs + 30, 0)} ms`,
    });
  }
  verdicts.push(
    {
      target: `approve → thread reply p99, ${r.profile.users} at once, ≤ 3× single-request floor`,
      met: burstReply.median <= 3 * single.approveToReply.floorMs,
      figure: `${f(burstReply.median, 0)} ms vs ${f(3 * single.approveToReply.floorMs, 0)} ms`,
    },
    { target: 'every round: 0 duplicate orders', met: duplicates === 0, figure: String(duplicates) },
    { target: 'every round: 0 lost requests', met: lost === 0, figure: String(lost) },
  );
  if (r.instances.ran) {
    const { one, two } = r.instances;
    const dup = one.integrity.duplicateOrders + two.integrity.duplicateOrders;
    const gone = one.integrity.lostRequests + two.integrity.lostRequests;
    verdicts.push(
      { target: 'PostgreSQL, two instances: 0 duplicate orders', met: dup === 0, figure: String(dup) },
      { target: 'PostgreSQL, two instances: 0 lost requests', met: gone === 0, figure: String(gone) },
    );
  }
  if (last) {
    verdicts.push(
      {
        target: 'idle RSS < 120 MB',
        met: last.memory.idle.rssMb < 120,
        figure: `${f(last.memory.idle.rssMb)} MB`,
      },
      {
        target: `RSS ${last.memory.afterSeconds} s after the ${r.profile.users}-user run < 150 MB`,
        met: last.memory.after.rssMb < 150,
        figure: `${f(last.memory.after.rssMb)} MB`,
      },
    );
  }
  return verdicts;
}

function ratioRows(r: BenchResults): string[] {
  const figures: Array<[string, (x: RoundResult) => Pair]> = [
    ['command ack', (x) => x.commands],
    ['click ack', (x) => x.clicks],
    ['submission ack', (x) => x.submissions],
    ['options, cold cache', (x) => x.optionsCold],
    ['options, warm cache, 20 typing at once', (x) => x.optionsWarmTyping],
    ['options, warm cache, all at once', (x) => x.optionsWarm],
  ];
  return [
    row([
      'p99 (ms), median over rounds',
      'order desk',
      'bare Bolt',
      'ratio: median (min–max)',
      'requests per round',
    ]),
    row(['---', '---:', '---:', '---:', '---:']),
    ...figures.map(([name, pair]) =>
      row([
        name,
        f(over(r, (x) => pair(x).app.p99).median),
        f(over(r, (x) => pair(x).bare.p99).median),
        spreadText(over(r, p99Ratio(pair)), '×'),
        String(r.rounds[0] ? pair(r.rounds[0]).app.count : 0),
      ]),
    ),
  ];
}

function appOnlyRows(r: BenchResults): string[] {
  const figures: Array<[string, (x: RoundResult) => { p50: number; p99: number }]> = [
    ['command ack, Partner API hanging', (x) => x.hanging.commands],
    ['options, uncached list, Partner API hanging', (x) => x.hanging.optionsColdKey],
    ['options, cached list, Partner API hanging', (x) => x.hanging.optionsWarm],
    [`approve click → thread reply, ${r.profile.users} at once`, (x) => x.approvals.approveToReply],
  ];
  return [
    row(['order desk only (ms), median over rounds', 'p50', 'p99']),
    row(['---', '---:', '---:']),
    ...figures.map(([name, s]) =>
      row([
        name,
        f(over(r, (x) => s(x).p50).median),
        spreadText(
          over(r, (x) => s(x).p99),
          '',
          0,
        ),
      ]),
    ),
  ];
}

function singleRows(r: BenchResults): string[] {
  const { single } = r;
  const paths: Array<[string, PathFigures]> = [
    ['/renew → views.open', single.commandToModal],
    ['/purchase (whole catalog) → views.open', single.purchaseToModal],
    ['submission → approval message posted', single.submissionToApproval],
    ['approve click → thread reply', single.approveToReply],
  ];
  return [
    `One person at a time, ${r.profile.singleSamples} samples each: p50 and p99 over the samples after the first, which is shown apart (the first after start runs code V8 has not optimised yet). Floor = Partner API calls on the path × one sandbox round trip at ${r.profile.latencyMs} ms of latency (${f(single.partnerRoundTripMs, 2)} ms) + Slack calls on the path × one emulator round trip (${f(single.emulatorRoundTripMs, 2)} ms), both measured in this run.`,
    '',
    row([
      'path',
      'p50 (ms)',
      'p99 (ms)',
      'floor (ms)',
      'floor + 30 ms',
      'p99 − floor',
      'first after start (ms)',
      'Partner API / Slack calls',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...paths.map(([name, p]) =>
      row([
        name,
        f(p.latency.p50),
        f(p.latency.p99),
        f(p.floorMs),
        f(p.floorMs + 30),
        f(p.latency.p99 - p.floorMs),
        f(p.firstMs),
        `${p.partnerCalls} / ${p.slackCalls}`,
      ]),
    ),
  ];
}

const callsText = (c: CallCount) =>
  `${f(c.total, 2)} (${Object.entries(c.byPath)
    .map(([path, n]) => `${path.replace(/\/\d+$/, '/…')} ${f(n, 2)}`)
    .join(', ')})`;

function costRows(r: BenchResults): string[] {
  const { cost } = r.single;
  const perOrder = (a: ApprovalFigures): CallCount => ({
    total: a.partnerCalls.total / a.orders,
    byPath: Object.fromEntries(Object.entries(a.partnerCalls.byPath).map(([p, n]) => [p, n / a.orders])),
  });
  const last = r.rounds.at(-1);
  const grants = r.rounds.map((x) => x.partnerCalls.byPath[TOKEN_PATH] ?? 0);
  const seconds = r.rounds.map((x) => x.seconds);
  const rows = [
    row(['Partner API calls', 'per unit (by endpoint)', 'floor']),
    row(['---', '---', '---']),
    row([
      'per opened and worked modal, cold caches (first after start)',
      callsText(cost.modalCold),
      'the lists it shows, once',
    ]),
    row(['per opened and worked modal, warm caches', callsText(cost.modalWarm), '0']),
    row([
      'per placed order, one at a time, first after start',
      callsText(cost.orderCold),
      `1 ${CREATE_ORDER_PATH} (+ a token)`,
    ]),
    row(['per placed order, one at a time, warm', callsText(cost.orderWarm), `1 ${CREATE_ORDER_PATH}`]),
  ];
  if (last)
    rows.push(
      row([
        `per placed order, ${r.profile.users} at once (last round)`,
        callsText(perOrder(last.approvals)),
        `1 ${CREATE_ORDER_PATH}`,
      ]),
    );
  rows.push(
    row([
      'token grants per round (one app process over its life)',
      `${grants.join(', ')} in ${seconds.map((s) => f(s, 0)).join(', ')} s`,
      'one per 1800 s token: 2 per hour',
    ]),
  );
  const { tokens } = r;
  rows.push(
    row([
      `token grants at steady load: 1 request a second, ${tokens.ttlSeconds} s tokens`,
      `${tokens.grants} in ${f(tokens.seconds, 1)} s, beside ${tokens.otherCalls} other calls: one per ${f(tokens.secondsPerGrant, 2)} s`,
      `one per ${f(renewalSeconds(tokens.ttlSeconds), 2)} s (renewed before expiry); at 1800 s tokens ${f(3600 / renewalSeconds(1800), 2)} per hour`,
    ]),
  );
  return rows;
}

function otherRows(r: BenchResults): string[] {
  const { home, followUp, instances } = r;
  const rows = [row(['figure', 'value']), row(['---', '---:'])];
  if (instances.ran) {
    rows.push(
      row(['orders per second, PostgreSQL, one instance', f(instances.one.ordersPerSecond)]),
      row(['orders per second, PostgreSQL, two instances', f(instances.two.ordersPerSecond)]),
      row([
        'approve → thread reply p99, one / two instances (ms)',
        `${f(instances.one.approveToReply.p99, 0)} / ${f(instances.two.approveToReply.p99, 0)}`,
      ]),
      row([
        'PostgreSQL duplicate orders / lost requests, one instance',
        `${instances.one.integrity.duplicateOrders} / ${instances.one.integrity.lostRequests}`,
      ]),
      row([
        'PostgreSQL duplicate orders / lost requests, two instances',
        `${instances.two.integrity.duplicateOrders} / ${instances.two.integrity.lostRequests}`,
      ]),
    );
  } else rows.push(row(['two instances on PostgreSQL', `not run: ${instances.why}`]));
  const m = followUp.measured;
  rows.push(
    row([
      `App Home publish, requester with ${home.requests} requests, p50 / p99 (ms)`,
      `${f(home.publish.p50)} / ${f(home.publish.p99)}`,
    ]),
    row([
      `order-status lookups per pending order, measured: ${m.seconds} s at a ${m.intervalMs} ms interval`,
      `${f(m.callsPerOrder, 1)} (schedule: ${m.scheduled})`,
    ]),
    row([
      'order-status lookups per pending order per hour, from the schedule (30 s interval)',
      `first hour ${followUp.perHour.firstHour}, then ${followUp.perHour.steady}`,
    ]),
  );
  const last = r.rounds.at(-1);
  if (last) {
    const { idle, after, bareIdle, afterSeconds } = last.memory;
    rows.push(
      row(['idle RSS / heap used, order desk (MB)', `${f(idle.rssMb)} / ${f(idle.heapUsedMb)}`]),
      row([
        `RSS / heap used ${afterSeconds} s after the ${r.profile.users}-user run (MB)`,
        `${f(after.rssMb)} / ${f(after.heapUsedMb)}`,
      ]),
      row(['peak RSS, order desk (MB)', f(after.peakMb)]),
      row(['idle RSS / heap used, bare Bolt (MB)', `${f(bareIdle.rssMb)} / ${f(bareIdle.heapUsedMb)}`]),
    );
  }
  const sum = (pick: (x: RoundResult) => number) => r.rounds.reduce((n, x) => n + pick(x), 0);
  rows.push(
    row([
      'requests submitted / stored, all rounds',
      `${sum((x) => x.approvals.integrity.submitted)} / ${sum((x) => x.approvals.integrity.stored)}`,
    ]),
    row([
      'orders at the Partner API, all rounds',
      String(sum((x) => x.approvals.integrity.ordersAtPartnerApi)),
    ]),
    row([
      'left pending for a fresh approval: the price at approval was not the one shown, all rounds',
      String(sum((x) => x.approvals.integrity.repricedPending)),
    ]),
    row([
      'approval threads with more than one reply',
      String(sum((x) => x.approvals.integrity.repeatedReplies)),
    ]),
    row([
      'orders per second through placement (SQLite), median over rounds',
      f(over(r, (x) => x.approvals.ordersPerSecond).median),
    ]),
    row(['app answers other than HTTP 200', String(sum((x) => x.non200))]),
    row(['app log lines at error level', String(sum((x) => x.appErrorLogLines))]),
  );
  return rows;
}

export function renderReport(r: BenchResults): string {
  const { machine, profile } = r;
  const lines = [
    `Profile ${profile.name}: ${profile.users} users, ${profile.simultaneousClicks} simultaneous clicks on one approval, Partner API latency ${profile.latencyMs} ms, ${profile.hangUsers} users while it hangs; ${profile.rounds} rounds, each against a fresh order desk and a fresh bare Bolt app.`,
    `Machine: ${machine.nproc} CPUs (${machine.cpu}), ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}. Wall time ${f(r.wallSeconds)} s. The Slack emulator and the Partner API sandbox each ran in a process of their own.`,
    '',
    ...ratioRows(r),
    '',
    ...appOnlyRows(r),
    '',
    ...singleRows(r),
    '',
    ...costRows(r),
    '',
    ...otherRows(r),
    '',
    row(['target', 'figure', 'met']),
    row(['---', '---:', '---']),
    ...verdicts(r).map((v) => row([v.target, v.figure, v.met ? 'met' : 'MISSED'])),
  ];
  return `${lines.join('\n')}\n`;
}
