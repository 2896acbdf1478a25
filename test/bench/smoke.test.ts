import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BenchResults } from '../../bench/load';

const run = promisify(execFile);

describe('npm run bench:smoke', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when the short load run drives the app and a bare Bolt app, then every request of every round, and of one and two instances on PostgreSQL, is placed exactly once and the report is printed', async () => {
    const jsonFile = join(dir, 'results.json');
    const { stdout } = await run('npm', ['run', '--silent', 'bench:smoke', '--', '--json', jsonFile], {
      cwd: join(__dirname, '..', '..'),
      timeout: 110_000,
    });
    const results = JSON.parse(readFileSync(jsonFile, 'utf8')) as BenchResults;
    const { profile } = results;

    expect(stdout).toContain('| target | figure | met |');
    expect(results.rounds).toHaveLength(profile.rounds);
    for (const round of results.rounds) {
      const { integrity } = round.approvals;
      expect(integrity.stored).toBe(profile.users);
      expect(integrity.states).toEqual({ placed: profile.users });
      expect(integrity.ordersAtPartnerApi).toBe(profile.users);
      expect(integrity.duplicateOrders).toBe(0);
      expect(integrity.lostRequests).toBe(0);
      expect(integrity.repeatedReplies).toBe(0);
      expect(round.non200).toBe(0);
      expect(round.clicks.app.count).toBe(profile.users + profile.simultaneousClicks - 1);
    }
    // The first sample is reported apart from the rest.
    expect(results.single.approveToReply.latency.count).toBe(profile.singleSamples - 1);
    expect(results.single.approveToReply.firstMs).toBeGreaterThan(0);
    expect(results.home.publish.count).toBe(profile.homeSamples);
    // One token serves many calls until it is renewed.
    expect(results.tokens.grants).toBeGreaterThan(0);
    expect(results.tokens.otherCalls).toBeGreaterThan(results.tokens.grants);
    if (results.instances.ran) {
      for (const run of [results.instances.one, results.instances.two]) {
        expect(run.integrity.duplicateOrders).toBe(0);
        expect(run.integrity.lostRequests).toBe(0);
      }
    }
  }, 120_000);
});
