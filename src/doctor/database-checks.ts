import { describeError } from '../orders/describe-error';
import { inspectDatabase } from '../store';
import { type Check, failed, passed } from './report';

const SECTION = 'Database';

export async function databaseChecks(databaseUrl: string): Promise<Check[]> {
  try {
    const found = await inspectDatabase(databaseUrl);
    const where = `${found.dialect} ${found.location}`;
    const reach = found.exists
      ? passed(SECTION, 'reachable', where)
      : passed(SECTION, 'reachable', `${where} does not exist yet; npm start creates it`);
    const migrations =
      found.pending.length === 0
        ? passed(SECTION, 'migrations current')
        : passed(
            SECTION,
            'migrations',
            `${found.pending.length} to apply, which npm start does before anything else`,
          );
    return [reach, migrations];
  } catch (err) {
    const cause =
      err instanceof Error && err.cause !== undefined ? `: ${describeError(err.cause).message}` : '';
    const message = `${describeError(err).message}${cause}`;
    return [
      failed(
        SECTION,
        'reachable',
        message,
        'check DATABASE_URL: the host, port, database name and credentials, and that the server runs',
      ),
    ];
  }
}
