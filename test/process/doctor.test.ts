import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { useOfflineWorld } from '../support/offline-world';

/** `node dist/doctor.js` as an admin runs it in a production install: settings from .env and the environment. */

const DOCTOR = join(__dirname, '..', '..', 'dist', 'doctor.js');
const run = promisify(execFile);

const world = useOfflineWorld();
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yod-doctor-process-'));
  // A .env as an admin writes it; the environment below overrides one of its lines.
  const lines = Object.entries(
    world.settings({
      DATABASE_URL: 'sqlite:./data/orders.sqlite',
      YEASTAR_CLIENT_SECRET: 'stale-secret-in-env-file',
    }),
  );
  writeFileSync(join(dir, '.env'), lines.map(([k, v]) => `${k}=${v}`).join('\n'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The right secret, set in the environment over the stale one of .env. */
const RIGHT_SECRET = { YEASTAR_CLIENT_SECRET: 'sandbox-secret' };

async function doctor(args: string[], env: Record<string, string>) {
  try {
    const { stdout } = await run(process.execPath, [DOCTOR, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return { code: 0, stdout };
  } catch (err) {
    const failed = err as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

test('when everything is in order, then the doctor prints every check ✓ and exits 0, the environment winning over .env', async () => {
  const { code, stdout } = await doctor([], RIGHT_SECRET);

  expect(code).toBe(0);
  expect(stdout).not.toContain('✗');
  expect(stdout).toMatch(/^ {2}✓ bot in the approvals channel CAPPROVALS$/m);
  expect(stdout).toMatch(/All \d+ checks passed: npm start is ready to go\./);
});

test('when the bot is missing from a channel, then --json prints the failed check with its fix and the doctor exits 1', async () => {
  world.emulator.faults.removeBot(['CORDERS']);

  const { code, stdout } = await doctor(['--json'], RIGHT_SECRET);

  expect(code).toBe(1);
  const report = JSON.parse(stdout) as { ok: boolean; checks: { name: string; ok: boolean; fix?: string }[] };
  expect(report.ok).toBe(false);
  expect(report.checks.filter((c) => !c.ok)).toEqual([
    expect.objectContaining({
      name: 'bot in the orders channel CORDERS',
      fix: expect.stringMatching(/^invite it/),
    }),
  ]);
});

test('when only .env names the client secret, and it is stale, then the doctor says the credentials are refused and exits 1', async () => {
  const { code, stdout } = await doctor([], {});

  expect(code).toBe(1);
  expect(stdout).toMatch(/✗ credentials .*the client ID or the client secret is wrong/);
  expect(stdout).not.toContain('stale-secret-in-env-file');
});
