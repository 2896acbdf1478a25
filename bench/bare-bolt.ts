import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { answerMemoryProbes } from './memory-probe';

/**
 * The baseline: a Bolt app with the same receiver (HTTP, signatures verified) that only acks. Whatever
 * the order desk adds on top of this is its own cost. Prints one `{"benchReady": url}` line.
 */
async function main(): Promise<void> {
  answerMemoryProbes();
  const app = new App({
    token: process.env.SLACK_BOT_TOKEN,
    signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  });
  app.command(/.*/, async ({ ack }) => ack());
  app.action(/.*/, async ({ ack }) => ack());
  app.view(/.*/, async ({ ack }) => ack());
  app.options(/.*/, async ({ ack }) => ack({ options: [] }));
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as { address(): AddressInfo };
  process.stdout.write(`${JSON.stringify({ benchReady: `http://127.0.0.1:${server.address().port}` })}\n`);
  process.once('SIGTERM', () => {
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bare Bolt app failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
