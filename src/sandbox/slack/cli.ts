import { parseArgs } from 'node:util';
import { nonNegative, serveUntilStopped } from '../cli-support';
import { CONTROL_PREFIX } from './control';
import { type SlackEmulator, startSlackEmulator } from './index';

const USAGE =
  'usage: node dist/sandbox/slack/cli.js [--port N] [--history-lag MS]   (PORT env: default 4020)';

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
  const envPort = nonNegative('PORT', env.PORT, 4020, USAGE);
  return {
    port: nonNegative('--port', values.port, envPort, USAGE),
    historyLagMs: nonNegative('--history-lag', values['history-lag'], 0, USAGE),
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

if (require.main === module) {
  serveUntilStopped(() => runCli(parseCli(process.argv.slice(2), process.env), (line) => console.log(line)));
}
