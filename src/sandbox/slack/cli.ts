import { parseArgs } from 'node:util';
import { CONTROL_PREFIX } from './control';
import { type SlackEmulator, startSlackEmulator } from './index';

const USAGE =
  'usage: node dist/sandbox/slack/cli.js [--port N] [--history-lag MS]   (PORT env: default 4020)';

function nonNegative(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new Error(`${name} must be a non-negative integer\n${USAGE}`);
  return Number(text);
}

export interface CliSettings {
  port: number;
  historyLagMs: number;
}

/** `--port` wins over PORT. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliSettings {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, 'history-lag': { type: 'string' } },
    strict: true,
  });
  const envPort = nonNegative('PORT', env.PORT, 4020);
  return {
    port: nonNegative('--port', values.port, envPort),
    historyLagMs: nonNegative('--history-lag', values['history-lag'], 0),
  };
}

/** Starts the emulator with the history lag the flags ask for and says how to point an app at it. */
export async function runCli(settings: CliSettings, print: (line: string) => void): Promise<SlackEmulator> {
  const emulator = await startSlackEmulator({ port: settings.port });
  emulator.faults.historyLag(settings.historyLagMs);
  print(`Slack emulator listening on ${emulator.url}`);
  print(`  SLACK_API_URL=${emulator.apiUrl}`);
  print(`  SLACK_BOT_TOKEN=${emulator.botToken}`);
  print(`  SLACK_APP_TOKEN=${emulator.appToken}`);
  print(`  faults: POST ${emulator.url}${CONTROL_PREFIX}faults`);
  return emulator;
}

async function main(): Promise<void> {
  const emulator = await runCli(parseCli(process.argv.slice(2), process.env), (line) => console.log(line));
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
