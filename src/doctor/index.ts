import { type Config, ConfigError, loadConfig } from '../config';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startPartnerApiSandbox } from '../sandbox/partner-api';
import { PartnerApiClient } from '../yeastar/client';
import { databaseChecks } from './database-checks';
import { AnswerLog, partnerApiChecks } from './partner-api-checks';
import { type Check, failed, passed, type Report, reportOf } from './report';
import { slackChecks } from './slack-checks';

export { type Report, renderText } from './report';

function settingsFailures(err: ConfigError): Check[] {
  return err.problems.map((problem) => {
    const [key = 'settings', ...words] = problem.split(' ');
    return failed(
      'Settings',
      key,
      words.join(' '),
      'set it in the environment or in .env (see .env.example)',
    );
  });
}

async function partnerApi(config: Config): Promise<Check[]> {
  const log = new AnswerLog();
  if (!config.YEASTAR_SANDBOX) {
    const client = new PartnerApiClient({
      baseUrl: config.YEASTAR_BASE_URL,
      clientId: config.YEASTAR_CLIENT_ID ?? '',
      clientSecret: config.YEASTAR_CLIENT_SECRET ?? '',
      inspect: log.inspect,
    });
    return partnerApiChecks(client, log);
  }
  // As npm start does with YEASTAR_SANDBOX=true: its own sandbox, in this process.
  const sandbox = await startPartnerApiSandbox();
  try {
    const client = new PartnerApiClient({
      baseUrl: sandbox.url,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
      inspect: log.inspect,
    });
    return [
      passed(
        'Partner API',
        'YEASTAR_SANDBOX=true',
        'the built-in sandbox stands in; no real order can be placed',
      ),
      ...(await partnerApiChecks(client, log)),
    ];
  } finally {
    await sandbox.close();
  }
}

/**
 * Checks, with the settings npm start reads, everything the app needs of its settings, its database,
 * Slack and the Partner API. Read-only: nothing is created, changed or ordered, and no secret is shown.
 */
export async function runDoctor(env: NodeJS.ProcessEnv): Promise<Report> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return reportOf(settingsFailures(err));
    throw err;
  }
  return reportOf([
    passed('Settings', 'valid'),
    ...(await databaseChecks(config.DATABASE_URL)),
    ...(await slackChecks(config)),
    ...(await partnerApi(config)),
  ]);
}
