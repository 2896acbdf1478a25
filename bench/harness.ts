import { join } from 'node:path';
import { DEFAULT_BOT_TOKEN, type EmulatedUser } from '../src/sandbox/slack';
import { type ServerProcess, startServerProcess } from './children';
import { APPROVALS, APPROVER, APPROVER_USER, ORDERS, requesters, SIGNING_SECRET } from './people';
import type { Profile } from './profile';
import { RemoteDriver } from './remote-driver';
import { RemotePartnerApi } from './remote-partner-api';
import { RemoteSlack } from './remote-slack';
import { type TimedRequest, timeRequests } from './timed-driver';

/**
 * The processes of a run: the Slack emulator and the Partner API sandbox, each in its own process for the
 * whole run, and the apps under test (the order desk, a bare Bolt app) started and stopped per stage.
 * The load generator (this process) only sends, times and reads.
 */
export interface Harness {
  profile: Profile;
  users: EmulatedUser[];
  slack: RemoteSlack;
  partner: RemotePartnerApi;
  /** An order desk on `databaseUrl`; `env` adds or overrides settings. */
  startApp(databaseUrl: string, env?: Record<string, string>): Promise<ServerProcess>;
  startBare(): Promise<ServerProcess>;
  /** A driver of people posting to `server`, every post timed into `log`. */
  driver(server: ServerProcess, log: TimedRequest[]): RemoteDriver;
  close(): Promise<void>;
}

const script = (name: string) => join(__dirname, `${name}.js`);

export async function startHarness(profile: Profile): Promise<Harness> {
  const users = requesters(profile.users);
  const [emulator, sandbox] = await Promise.all([
    startServerProcess(script('stand-in'), { BENCH_PEOPLE: String(profile.users) }, ['slack']),
    startServerProcess(script('stand-in'), {}, ['partner-api']),
  ]);
  const slack = new RemoteSlack(emulator.url, DEFAULT_BOT_TOKEN);
  const partner = new RemotePartnerApi(sandbox.url);
  await partner.faults({ latencyMs: profile.latencyMs });
  const people = new Map([APPROVER_USER, ...users].map((u) => [u.id, u]));
  const slackEnv = {
    SLACK_BOT_TOKEN: DEFAULT_BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
  };
  const started: ServerProcess[] = [];
  const track = async (starting: Promise<ServerProcess>) => {
    const server = await starting;
    started.push(server);
    return server;
  };
  return {
    profile,
    users,
    slack,
    partner,
    startApp: (databaseUrl, env = {}) =>
      track(
        startServerProcess(script('app-process'), {
          ...slackEnv,
          PORT: '0',
          APPROVALS_CHANNEL_ID: APPROVALS,
          ORDERS_CHANNEL_ID: ORDERS,
          APPROVER_USER_IDS: APPROVER,
          YEASTAR_BASE_URL: sandbox.url,
          YEASTAR_CLIENT_ID: 'sandbox',
          YEASTAR_CLIENT_SECRET: 'sandbox-secret',
          DATABASE_URL: databaseUrl,
          LOG_LEVEL: 'info',
          ...env,
        }),
      ),
    startBare: () => track(startServerProcess(script('bare-bolt'), slackEnv)),
    driver: (server, log) =>
      timeRequests(
        new RemoteDriver(
          slack,
          { eventsUrl: `${server.url}/slack/events`, signingSecret: SIGNING_SECRET },
          people,
        ),
        log,
      ),
    close: async () => {
      await Promise.all(started.map((s) => s.stop()));
      await Promise.all([emulator.stop(), sandbox.stop()]);
    },
  };
}
