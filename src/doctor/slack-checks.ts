import { webApi } from '@slack/bolt';
import type { Config } from '../config';
import { createLogger } from '../logger';
import { boltLogger } from '../slack/logger-adapter';
import { neededScopes } from '../slack/scopes';
import { type Check, failed, passed } from './report';

const SECTION = 'Slack';
const INVITE = '/invite @Yeastar Order Desk in that channel';
const REINSTALL =
  'add them under OAuth & Permissions › Scopes (or paste manifest.yml again), then reinstall the app';

type SlackSettings = Pick<
  Config,
  | 'SLACK_BOT_TOKEN'
  | 'SLACK_APP_TOKEN'
  | 'SLACK_API_URL'
  | 'APPROVALS_CHANNEL_ID'
  | 'ORDERS_CHANNEL_ID'
  | 'APPROVER_USER_IDS'
  | 'APPROVER_USERGROUP_ID'
>;

/** Slack's error code of a refused call, or the failure's message when Slack gave no answer. */
function slackError(err: unknown): string {
  const data = (err as { data?: { error?: unknown } }).data;
  if (typeof data?.error === 'string') return data.error;
  return err instanceof Error ? err.message : String(err);
}

/** The client logs nothing of its own: every failure is a line of the checklist, and stdout stays the report. */
const quiet = boltLogger(createLogger('silent'));

const client = (settings: SlackSettings, token: string) =>
  new webApi.WebClient(token, {
    ...(settings.SLACK_API_URL ? { slackApiUrl: settings.SLACK_API_URL } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    logger: quiet,
  });

function scopeCheck(settings: SlackSettings, granted: string[] | undefined): Check[] {
  if (!granted) {
    return [failed(SECTION, 'scopes', 'Slack did not name the scopes it granted', REINSTALL, false)];
  }
  const missing = neededScopes(settings).filter((s) => !granted.includes(s.scope));
  const needed = missing.filter((s) => !s.doctorOnly);
  const doctorOnly = missing.filter((s) => s.doctorOnly);
  const checks: Check[] = [];
  if (needed.length > 0) {
    const list = needed.map((s) => `${s.scope} (${s.why})`).join(', ');
    checks.push(failed(SECTION, 'scopes', `missing ${list}`, REINSTALL));
  }
  if (doctorOnly.length > 0) {
    const list = doctorOnly.map((s) => `${s.scope} (${s.why})`).join(', ');
    checks.push(failed(SECTION, 'scopes for these checks', `missing ${list}`, REINSTALL, false));
  }
  return checks.length > 0
    ? checks
    : [passed(SECTION, 'scopes', `all ${neededScopes(settings).length} the manifest asks for`)];
}

async function membership(web: webApi.WebClient, label: string, channel: string): Promise<Check> {
  const name = `bot in the ${label} channel ${channel}`;
  try {
    const answer = await web.conversations.info({ channel });
    return answer.channel?.is_member
      ? passed(SECTION, name)
      : failed(SECTION, name, 'the bot is not a member, so it cannot post there', `invite it: ${INVITE}`);
  } catch (err) {
    const code = slackError(err);
    if (code === 'missing_scope') {
      return failed(
        SECTION,
        name,
        'cannot be checked without channels:read and groups:read',
        REINSTALL,
        false,
      );
    }
    if (code === 'channel_not_found') {
      return failed(
        SECTION,
        name,
        'no such channel, or a private one the bot is not in',
        `check the ID (channel name › About), then invite the bot: ${INVITE}`,
      );
    }
    return failed(
      SECTION,
      name,
      `Slack answered ${code}`,
      'run npm run doctor again; if it persists, see status.slack.com',
    );
  }
}

async function approver(web: webApi.WebClient, user: string): Promise<Check> {
  const name = `approver ${user}`;
  try {
    const answer = await web.users.info({ user });
    if (answer.user?.deleted) {
      return failed(
        SECTION,
        name,
        'deactivated',
        'remove them from APPROVER_USER_IDS, or name another approver',
      );
    }
    return passed(SECTION, name, answer.user?.real_name || answer.user?.name);
  } catch (err) {
    const code = slackError(err);
    if (code === 'missing_scope')
      return failed(SECTION, name, 'cannot be checked without users:read', REINSTALL, false);
    return failed(
      SECTION,
      name,
      code === 'user_not_found' ? 'no such user in this workspace' : `Slack answered ${code}`,
      'copy the member ID from the person’s profile (⋮ › Copy member ID) into APPROVER_USER_IDS',
    );
  }
}

async function usergroup(web: webApi.WebClient, usergroupId: string): Promise<Check> {
  const name = `approver user group ${usergroupId}`;
  try {
    const answer = await web.usergroups.users.list({ usergroup: usergroupId });
    return passed(SECTION, name, `${answer.users?.length ?? 0} members`);
  } catch (err) {
    const code = slackError(err);
    const fix =
      code === 'missing_scope'
        ? REINSTALL
        : 'copy the user group’s ID into APPROVER_USERGROUP_ID (it starts with S)';
    return failed(SECTION, name, `cannot be read: ${code}`, fix);
  }
}

async function socketMode(settings: SlackSettings, appToken: string): Promise<Check> {
  try {
    // Asks for a connection address without connecting: nothing changes at Slack.
    await client(settings, appToken).apps.connections.open();
    return passed(SECTION, 'Socket Mode token (SLACK_APP_TOKEN)');
  } catch (err) {
    return failed(
      SECTION,
      'Socket Mode token (SLACK_APP_TOKEN)',
      `refused: ${slackError(err)}`,
      'Basic Information › App-Level Tokens › Generate one with connections:write, and enable Socket Mode',
    );
  }
}

/** Everything the app needs of Slack, asked with read-only calls. */
export async function slackChecks(settings: SlackSettings): Promise<Check[]> {
  const web = client(settings, settings.SLACK_BOT_TOKEN);
  let identity: webApi.AuthTestResponse;
  try {
    identity = await web.auth.test();
  } catch (err) {
    const code = slackError(err);
    return [
      failed(
        SECTION,
        'bot token (SLACK_BOT_TOKEN)',
        `refused: ${code}`,
        ['invalid_auth', 'not_authed', 'token_revoked', 'account_inactive'].includes(code)
          ? 'copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions; reinstall the app if it was revoked'
          : 'check SLACK_API_URL and that this machine can reach Slack over HTTPS',
      ),
    ];
  }
  const checks: Check[] = [
    passed(
      SECTION,
      'bot token (SLACK_BOT_TOKEN)',
      `team ${identity.team} (${identity.team_id}), bot ${identity.user} (${identity.user_id})`,
    ),
    ...scopeCheck(settings, identity.response_metadata?.scopes),
    await membership(web, 'approvals', settings.APPROVALS_CHANNEL_ID),
    await membership(web, 'orders', settings.ORDERS_CHANNEL_ID),
  ];
  for (const user of settings.APPROVER_USER_IDS) checks.push(await approver(web, user));
  if (settings.APPROVER_USERGROUP_ID) checks.push(await usergroup(web, settings.APPROVER_USERGROUP_ID));
  if (settings.SLACK_APP_TOKEN) checks.push(await socketMode(settings, settings.SLACK_APP_TOKEN));
  return checks;
}
