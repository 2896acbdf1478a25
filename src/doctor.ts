import { renderText, runDoctor } from './doctor/index';
import { loadEnvFile } from './env-file';

/**
 * `npm run doctor` (or `node dist/doctor.js`): the checklist of what works and what to fix before
 * `npm start`. `--json` prints the same report for machines. Exits 1 when a required check fails.
 */
async function main(): Promise<void> {
  loadEnvFile();
  const report = await runDoctor(process.env);
  console.log(process.argv.includes('--json') ? JSON.stringify(report, null, 2) : renderText(report));
  process.exitCode = report.ok ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error('doctor failed:', err instanceof Error ? err.message : err);
  process.exitCode = 2;
});
