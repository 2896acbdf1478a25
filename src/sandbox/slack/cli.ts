import { parseArgs } from 'node:util';
import { nonNegative, serveUntilStopped } from '../cli-support';
import { CONTROL_PREFIX } from './control';
import { type SlackEmulator, startSlackEmulator } from './index';

const USAGE = [
  'usage: node dist/sandbox/slack/cli.js [--port N] [--history-lag MS]   (PORT env: default 4020)',
  '  [--hang-next METHOD[:N]] [--lose-answer-next METHOD[:N]] [--fail-next METHOD[:N]] (each may repeat)',
  '  [--revoke-scope SCOPE] [--remove-bot CHANNEL] (each may repeat)',
].join('\n');

/** The per-method faults the command line can arm at start; Slack's Web API method names. */
const METHOD_FAULTS = {
  'hang-next': 'hangNext',
  'lose-answer-next': 'loseAnswerNext',
  'fail-next': 'failNext',
} as const;

export interface CliFault {
  fault: (typeof METHOD_FAULTS)[keyof typeof METHOD_FAULTS];
  method: string;
  count: number;
}

export interface CliSettings {
  port: number;
  historyLagMs: number;
  faults: CliFault[];
  revokedScopes: string[];
  botRemovedFrom: string[];
}

/** `chat.postMessage:2` → that method, twice; the count defaults to once. */
function methodFault(flag: string, value: string): Omit<CliFault, 'fault'> {
  const match = /^([a-z]+(?:\.[A-Za-z]+)+|response_url)(?::(\d+))?$/.exec(value);
  if (!match?.[1])
    throw new Error(`--${flag} takes METHOD or METHOD:N, such as chat.postMessage:2\n${USAGE}`);
  return { method: match[1], count: match[2] === undefined ? 1 : Number(match[2]) };
}

/** `--port` wins over PORT. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliSettings {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'history-lag': { type: 'string' },
      'hang-next': { type: 'string', multiple: true },
      'lose-answer-next': { type: 'string', multiple: true },
      'fail-next': { type: 'string', multiple: true },
      'revoke-scope': { type: 'string', multiple: true },
      'remove-bot': { type: 'string', multiple: true },
    },
    strict: true,
  });
  const envPort = nonNegative('PORT', env.PORT, 4020, USAGE);
  const faults = (Object.entries(METHOD_FAULTS) as [keyof typeof METHOD_FAULTS, CliFault['fault']][]).flatMap(
    ([flag, fault]) => (values[flag] ?? []).map((value) => ({ fault, ...methodFault(flag, value) })),
  );
  return {
    port: nonNegative('--port', values.port, envPort, USAGE),
    historyLagMs: nonNegative('--history-lag', values['history-lag'], 0, USAGE),
    faults,
    revokedScopes: values['revoke-scope'] ?? [],
    botRemovedFrom: values['remove-bot'] ?? [],
  };
}

/** Starts the emulator with the faults the flags ask for and says how to point an app at it. */
export async function runCli(settings: CliSettings, print: (line: string) => void): Promise<SlackEmulator> {
  const emulator = await startSlackEmulator({ port: settings.port });
  emulator.faults.historyLag(settings.historyLagMs);
  for (const { fault, method, count } of settings.faults) emulator.faults[fault](method, count);
  emulator.faults.revokeScopes(settings.revokedScopes);
  emulator.faults.removeBot(settings.botRemovedFrom);
  print(`Slack emulator listening on ${emulator.url}`);
  print(`  SLACK_API_URL=${emulator.apiUrl}`);
  print(`  SLACK_BOT_TOKEN=${emulator.botToken}`);
  print(`  SLACK_APP_TOKEN=${emulator.appToken}`);
  print(`  faults: POST ${emulator.url}${CONTROL_PREFIX}faults`);
  print(
    `  reads: GET ${emulator.url}${CONTROL_PREFIX}view, messages, calls; ids: POST ${emulator.url}${CONTROL_PREFIX}interaction`,
  );
  return emulator;
}

if (require.main === module) {
  serveUntilStopped(() => runCli(parseCli(process.argv.slice(2), process.env), (line) => console.log(line)));
}
