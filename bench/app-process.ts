import { loadConfig } from '../src/config';
import { startOrderDesk } from '../src/index';
import { answerMemoryProbes } from './memory-probe';

/**
 * The order desk as its own process for the benchmark, started exactly as `node dist/index.js` starts it
 * (settings from the environment, production defaults) except that it listens on loopback only.
 * Prints one `{"benchReady": url}` line once it takes requests.
 */
async function main(): Promise<void> {
  answerMemoryProbes();
  const desk = await startOrderDesk(loadConfig(), { host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ benchReady: desk.url })}\n`);
  process.once('SIGTERM', () => {
    desk.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench app failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
