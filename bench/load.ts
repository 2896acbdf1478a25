import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { type FollowUpResult, runFollowUp } from './follow-up';
import { startHarness } from './harness';
import { type HomeResult, runHome } from './home';
import { type InstancesResult, runInstances } from './instances';
import type { Profile } from './profile';
import { type RoundResult, runRound } from './round';
import { runSingleRequests, type SingleResult } from './single';
import { runTokenGrants, type TokenGrantsResult } from './token-grants';

export { PROFILES, type Profile } from './profile';
export type { Pair } from './round';

export interface BenchResults {
  profile: Profile;
  machine: { nproc: number; memoryGb: number; cpu: string; node: string; platform: string };
  rounds: RoundResult[];
  single: SingleResult;
  instances: InstancesResult;
  home: HomeResult;
  followUp: FollowUpResult;
  tokens: TokenGrantsResult;
  wallSeconds: number;
}

/**
 * One benchmark run. The Slack emulator and the Partner API sandbox run in processes of their own for the
 * whole run; the order desk and a bare Bolt app are started fresh for each stage, and this process only
 * sends signed payloads over real HTTP, times the answers and reads what the two stand-ins recorded.
 * Stages: the load rounds (app and bare Bolt alternately), single requests against their floor, one
 * instance against two on PostgreSQL, App Home with many requests, the follow-up of pending orders, and
 * token grants at steady load.
 */
export async function runBenchmark(profile: Profile): Promise<BenchResults> {
  const began = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'order-desk-bench-'));
  const harness = await startHarness(profile);
  try {
    const rounds: RoundResult[] = [];
    for (let round = 0; round < profile.rounds; round++) {
      rounds.push(await runRound(harness, dir, round, round === profile.rounds - 1));
    }
    const single = await runSingleRequests(harness, dir);
    const instances = await runInstances(harness);
    const home = await runHome(harness, single.databaseUrl);
    const followUp = await runFollowUp(harness, dir);
    const tokens = await runTokenGrants(harness, dir);
    return {
      profile,
      machine: {
        nproc: cpus().length,
        memoryGb: Math.round(totalmem() / 2 ** 30),
        cpu: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
      },
      rounds,
      single,
      instances,
      home,
      followUp,
      tokens,
      wallSeconds: (Date.now() - began) / 1000,
    };
  } finally {
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
