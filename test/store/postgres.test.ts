import { openDatabase } from '../../src/store';
import { POSTGRES_URL, postgresBackend, postgresReachable } from './backends';
import { captureLogs } from './capture-logs';
import { describeHomeQueriesContract } from './home-queries-contract';
import { describeOutboxContract } from './outbox-contract';
import { describeStoreContract } from './store-contract';

const reachable = postgresReachable();
if (!reachable.ok) {
  // In CI a missing database is a failure, never a quiet skip.
  if (process.env.CI) throw new Error(`PostgreSQL is required in CI but unreachable: ${reachable.why}`);
  console.warn(
    `\n*** SKIPPING the PostgreSQL store suite: cannot connect (${reachable.why}). ` +
      'Start PostgreSQL or set TEST_DATABASE_URL. ***\n',
  );
}
const describeIfReachable = reachable.ok ? describe : describe.skip;

describeIfReachable('PostgreSQL store', () => {
  describeStoreContract(postgresBackend());
  describeOutboxContract(postgresBackend());
  describeHomeQueriesContract(postgresBackend());

  describe('credentials', () => {
    const backend = postgresBackend();
    afterAll(() => backend.cleanup());

    it('when the URL carries a password, then the open log names the host and database but not the password', async () => {
      // Trust authentication ignores the password, so the open succeeds and its log line can be read.
      const fresh = new URL(await backend.freshUrl());
      fresh.username = 'postgres';
      fresh.password = 'pw-s3cret-471';
      const logs = captureLogs();

      const store = await openDatabase(fresh.toString(), { logger: logs.logger });
      await store.close();

      expect(logs.lines()).toContainEqual(
        expect.objectContaining({ msg: 'store opened', dialect: 'postgres' }),
      );
      expect(logs.text()).toContain(new URL(POSTGRES_URL).host);
      expect(logs.text()).not.toContain('pw-s3cret-471');
    });
  });
});
