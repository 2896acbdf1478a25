import { startPartnerApiSandbox } from '../src/sandbox/partner-api';
import { startSlackEmulator } from '../src/sandbox/slack';
import { answerMemoryProbes } from './memory-probe';
import { APPROVER_USER, requesters } from './people';

/**
 * `node stand-in.js slack|partner-api`: the Slack emulator (with BENCH_PEOPLE requesters and the
 * approver) or the Partner API sandbox (its tokens living BENCH_TOKEN_TTL_SECONDS, if set) in a process of its own, so that serving the app never shares a
 * CPU queue with the load generator's timing. Prints one `{"benchReady": url}` line; the load
 * generator controls it over HTTP from then on.
 */
/** BENCH_TOKEN_TTL_SECONDS: the sandbox's access tokens live that long (Yeastar's: 1800 s). */
function tokenTtl(): { accessTokenTtlSeconds?: number } {
  const seconds = Number(process.env.BENCH_TOKEN_TTL_SECONDS);
  return Number.isInteger(seconds) && seconds > 0 ? { accessTokenTtlSeconds: seconds } : {};
}

async function main(which: string | undefined): Promise<void> {
  answerMemoryProbes();
  const server =
    which === 'slack'
      ? await startSlackEmulator({
          users: [APPROVER_USER, ...requesters(Number(process.env.BENCH_PEOPLE ?? 0))],
        })
      : which === 'partner-api'
        ? await startPartnerApiSandbox(tokenTtl())
        : undefined;
  if (!server) throw new Error('usage: node stand-in.js slack|partner-api');
  process.stdout.write(`${JSON.stringify({ benchReady: server.url })}\n`);
  process.once('SIGTERM', () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main(process.argv[2]).catch((err: unknown) => {
  process.stderr.write(
    `bench stand-in failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
