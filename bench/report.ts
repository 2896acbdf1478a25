import type { BenchResults, Pair } from './load';
import type { Summary } from './stats';

/** The figures as a table, each target with its verdict. */

export interface Verdict {
  target: string;
  met: boolean;
  figure: string;
}

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const ratio = (pair: Pair) => pair.app.p99 / pair.bare.p99;

export function verdicts(r: BenchResults): Verdict[] {
  const { integrity } = r;
  return [
    {
      target: 'command ack p99 ≤ 1.5× bare Bolt',
      met: ratio(r.commands) <= 1.5,
      figure: `${f(ratio(r.commands), 2)}×`,
    },
    {
      target: 'click ack p99 ≤ 1.5× bare Bolt',
      met: ratio(r.clicks) <= 1.5,
      figure: `${f(ratio(r.clicks), 2)}×`,
    },
    {
      target: 'warm options p99 < 50 ms (20 people typing at once)',
      met: r.optionsWarmTyping.app.p99 < 50,
      figure: `${f(r.optionsWarmTyping.app.p99)} ms`,
    },
    {
      target: 'options answered ≤ 2.5 s with the Partner API hanging',
      met: Math.max(r.hanging.optionsColdKey.max, r.hanging.optionsWarm.max) <= 2500,
      figure: `max ${f(Math.max(r.hanging.optionsColdKey.max, r.hanging.optionsWarm.max), 0)} ms`,
    },
    {
      target: `${r.profile.users} users, ${r.profile.simultaneousClicks} simultaneous clicks: 0 duplicate orders`,
      met: integrity.duplicateOrders === 0,
      figure: String(integrity.duplicateOrders),
    },
    {
      target: `${r.profile.users} users, ${r.profile.simultaneousClicks} simultaneous clicks: 0 lost requests`,
      met: integrity.lostRequests === 0,
      figure: String(integrity.lostRequests),
    },
    { target: 'idle RSS < 120 MB', met: r.memory.idleMb < 120, figure: `${f(r.memory.idleMb)} MB` },
  ];
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function latencyRows(name: string, app: Summary, bare?: Summary): string[] {
  const vs = (a: number, b?: number) => (b === undefined ? '' : `${f(a / b, 2)}×`);
  return [
    row([`${name} p50`, f(app.p50), bare ? f(bare.p50) : '', vs(app.p50, bare?.p50), String(app.count)]),
    row([`${name} p99`, f(app.p99), bare ? f(bare.p99) : '', vs(app.p99, bare?.p99), String(app.count)]),
  ];
}

export function renderReport(r: BenchResults): string {
  const { integrity, memory, machine, profile } = r;
  const lines = [
    `Profile ${profile.name}: ${profile.users} users, ${profile.simultaneousClicks} simultaneous clicks on one approval, Partner API latency ${profile.latencyMs} ms, ${profile.hangUsers} users while it hangs.`,
    `Machine: ${machine.nproc} CPUs (${machine.cpu}), ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}. Wall time ${f(r.wallSeconds)} s.`,
    '',
    row(['latency (ms)', 'order desk', 'bare Bolt', 'ratio', 'requests']),
    row(['---', '---:', '---:', '---:', '---:']),
    ...latencyRows('command ack', r.commands.app, r.commands.bare),
    ...latencyRows('click ack', r.clicks.app, r.clicks.bare),
    ...latencyRows('submission ack', r.submissions.app, r.submissions.bare),
    ...latencyRows('options, cold cache', r.optionsCold.app, r.optionsCold.bare),
    ...latencyRows(
      'options, warm cache, 20 typing at once',
      r.optionsWarmTyping.app,
      r.optionsWarmTyping.bare,
    ),
    ...latencyRows('options, warm cache, all at once', r.optionsWarm.app, r.optionsWarm.bare),
    ...latencyRows('command ack, Partner API hanging', r.hanging.commands),
    ...latencyRows('options, uncached list, Partner API hanging', r.hanging.optionsColdKey),
    ...latencyRows('options, cached list, Partner API hanging', r.hanging.optionsWarm),
    ...latencyRows('approve click → thread reply', r.approveToReply),
    '',
    row(['throughput, memory, integrity', 'value']),
    row(['---', '---:']),
    row(['orders per second through placement', f(r.ordersPerSecond)]),
    row(['idle RSS, order desk (MB)', f(memory.idleMb)]),
    row(['idle RSS after the run, order desk (MB)', f(memory.idleAfterMb)]),
    row(['peak RSS, order desk (MB)', f(memory.peakMb)]),
    row(['idle RSS, bare Bolt (MB)', f(memory.bareIdleMb)]),
    row(['requests submitted / stored', `${integrity.submitted} / ${integrity.stored}`]),
    row(['final states', JSON.stringify(integrity.states)]),
    row(['orders at the Partner API', String(integrity.ordersAtPartnerApi)]),
    row(['duplicate orders', String(integrity.duplicateOrders)]),
    row(['lost requests', String(integrity.lostRequests)]),
    row(['approval threads with more than one reply', String(integrity.repeatedReplies)]),
    row(['app answers other than HTTP 200', String(r.non200)]),
    row(['app log lines at error level', String(r.appErrorLogLines)]),
    '',
    row(['target', 'figure', 'met']),
    row(['---', '---:', '---']),
    ...verdicts(r).map((v) => row([v.target, v.figure, v.met ? 'met' : 'MISSED'])),
  ];
  return `${lines.join('\n')}\n`;
}
