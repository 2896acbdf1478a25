import { writeFileSync } from 'node:fs';
import { PROFILES, runBenchmark } from './load';
import { renderReport } from './report';

/**
 * `npm run bench` (full load) or `npm run bench:smoke` (`--smoke`, a few seconds, for CI).
 * `--json FILE` also writes the figures as JSON. Exits 1 only if the run itself fails; targets are
 * reported, not enforced, since they depend on the machine.
 */
async function main(argv: readonly string[]): Promise<void> {
  const profile = argv.includes('--smoke') ? PROFILES.smoke : PROFILES.full;
  const jsonAt = argv.indexOf('--json');
  const results = await runBenchmark(profile);
  process.stdout.write(renderReport(results));
  const jsonFile = jsonAt >= 0 ? argv[jsonAt + 1] : undefined;
  if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
