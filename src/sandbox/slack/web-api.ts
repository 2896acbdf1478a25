import { SlackApiError } from './api-error';
import type { WorkspaceConditions } from './faults';
import { asSlackMessage, readHistory, readReplies } from './history';
import type { JsonObject } from './types';
import { APP_BOT, TEAM, Workspace } from './workspace';

/**
 * The Web API methods the app uses, each answering what Slack answers (the `ok: true` fields) or throwing
 * a SlackApiError with Slack's error code.
 */

type Method = (args: JsonObject, workspace: Workspace, conditions: WorkspaceConditions) => JsonObject;

/** The conversation kind an ID names, as Slack prefixes them: public channel, private channel, DM. */
function kindOf(channel: string): 'channels' | 'groups' | 'im' {
  if (channel.startsWith('G')) return 'groups';
  return channel.startsWith('D') ? 'im' : 'channels';
}

/** The bot must be in a channel to post there or read it (DMs aside); `removeBot` takes it out. */
function member(channel: string, conditions: WorkspaceConditions): string {
  if (kindOf(channel) !== 'im' && conditions.botRemovedFrom.has(channel))
    throw new SlackApiError('not_in_channel');
  return channel;
}

/** The scope each method needs of the bot token, as Slack's method pages list them. */
const NEEDED_SCOPE: Record<string, (args: JsonObject) => string | undefined> = {
  'chat.postMessage': () => 'chat:write',
  'chat.update': () => 'chat:write',
  'chat.postEphemeral': () => 'chat:write',
  'conversations.open': () => 'im:write',
  'conversations.history': (args) => `${kindOf(String(args.channel ?? ''))}:history`,
  'conversations.replies': (args) => `${kindOf(String(args.channel ?? ''))}:history`,
  'conversations.info': (args) => `${kindOf(String(args.channel ?? ''))}:read`,
  'usergroups.users.list': () => 'usergroups:read',
  'users.info': () => 'users:read',
};

/** The scope a call lacks, if any. */
export function missingScope(
  method: string,
  args: JsonObject,
  granted: ReadonlySet<string>,
): string | undefined {
  const needed = NEEDED_SCOPE[method]?.(args);
  return needed !== undefined && !granted.has(needed) ? needed : undefined;
}

/** Form-encoded calls carry nested objects as JSON strings (what @slack/web-api sends). */
const JSON_ARGS = ['blocks', 'attachments', 'view', 'metadata'];

export function decodeFormArgs(form: URLSearchParams): JsonObject {
  const args: JsonObject = Object.fromEntries(form);
  for (const key of JSON_ARGS) {
    const value = args[key];
    if (typeof value !== 'string') continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      // Left as text: the method's own validation refuses it with Slack's error code.
    }
  }
  return args;
}

function text(args: JsonObject, key: string, error: string): string {
  const value = args[key];
  if (typeof value !== 'string' || value === '') throw new SlackApiError(error);
  return value;
}

function optionalText(args: JsonObject, key: string): string | undefined {
  const value = args[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const METHODS: Record<string, Method> = {
  'auth.test': () => ({
    url: `https://${TEAM.domain}.slack.local/`,
    team: 'Emulated workspace',
    user: 'order-desk',
    team_id: TEAM.id,
    user_id: APP_BOT.userId,
    bot_id: APP_BOT.botId,
    is_enterprise_install: false,
  }),

  'chat.postMessage': (args, ws, conditions) => {
    const channel = member(ws.resolveChannel(text(args, 'channel', 'channel_not_found')), conditions);
    const content = { ...Workspace.content(args), metadata: Workspace.metadata(args) };
    const message = ws.post(
      { user: APP_BOT.userId, bot: true },
      channel,
      content,
      optionalText(args, 'thread_ts'),
    );
    return { channel, ts: message.ts, message: asSlackMessage(message) };
  },

  'chat.update': (args, ws) => {
    const channel = text(args, 'channel', 'channel_not_found');
    const message = ws.update(channel, text(args, 'ts', 'message_not_found'), args);
    return { channel, ts: message.ts, text: message.text, message: asSlackMessage(message) };
  },

  // Slack's link format: the ts without its dot, behind "p".
  'chat.getPermalink': (args, ws) => {
    const channel = text(args, 'channel', 'channel_not_found');
    const ts = text(args, 'message_ts', 'message_not_found');
    if (!ws.message(channel, ts)) throw new SlackApiError('message_not_found');
    return {
      channel,
      permalink: `https://${TEAM.domain}.slack.local/archives/${channel}/p${ts.replace('.', '')}`,
    };
  },

  'chat.postEphemeral': (args, ws) => {
    const channel = ws.resolveChannel(text(args, 'channel', 'channel_not_found'));
    const user = text(args, 'user', 'user_not_found');
    const message = ws.postEphemeral(channel, user, Workspace.content(args), optionalText(args, 'thread_ts'));
    return { message_ts: message.ts };
  },

  'views.open': (args, ws) => ({ view: Workspace.render(ws.openView(args.trigger_id, args.view)) }),

  'views.push': (args, ws) => ({
    view: Workspace.render(ws.pushViewWithTrigger(args.trigger_id, args.view)),
  }),

  'views.update': (args, ws) => {
    const view = ws.findView({ view_id: args.view_id, external_id: args.external_id });
    return { view: Workspace.render(ws.updateView(view, args.view, optionalText(args, 'hash'))) };
  },

  'views.publish': (args, ws) => ({
    view: Workspace.render(ws.publishHome(args.user_id, args.view, optionalText(args, 'hash'))),
  }),

  'conversations.open': (args, ws) => {
    const users = optionalText(args, 'users');
    if (users) return { channel: { id: ws.openConversation(users.split(',').map((u) => u.trim())) } };
    return { channel: { id: ws.resolveChannel(text(args, 'channel', 'users_list_not_supplied')) } };
  },

  'conversations.history': (args, ws, conditions) => {
    const channel = text(args, 'channel', 'channel_not_found');
    const readable = ws.readable(channel, conditions.historyLagMs);
    member(channel, conditions);
    return readHistory(readable, args);
  },

  'conversations.replies': (args, ws, conditions) => {
    const channel = text(args, 'channel', 'channel_not_found');
    const readable = ws.readable(channel, conditions.historyLagMs);
    member(channel, conditions);
    return readReplies(readable, text(args, 'ts', 'thread_not_found'), args);
  },

  'conversations.info': (args, ws, conditions) => {
    const channel = ws.requireChannel(text(args, 'channel', 'channel_not_found'));
    const kind = kindOf(channel);
    return {
      channel: {
        id: channel,
        name: channel.toLowerCase(),
        is_channel: kind === 'channels',
        is_group: kind === 'groups',
        is_im: kind === 'im',
        is_private: kind !== 'channels',
        is_archived: false,
        is_member: kind === 'im' || !conditions.botRemovedFrom.has(channel),
      },
    };
  },

  'usergroups.users.list': (args, ws) => ({
    users: ws.usergroupMembers(text(args, 'usergroup', 'no_such_subteam')),
  }),

  'users.info': (args, ws) => {
    const user = ws.requireUser(text(args, 'user', 'user_not_found'));
    const realName = user.realName ?? user.name;
    return {
      user: {
        id: user.id,
        team_id: TEAM.id,
        name: user.name,
        real_name: realName,
        deleted: false,
        is_bot: false,
        tz: 'Etc/UTC',
        profile: {
          real_name: realName,
          display_name: user.name,
          ...(user.email ? { email: user.email } : {}),
        },
      },
    };
  },
};

export function isKnownMethod(method: string): boolean {
  return Object.hasOwn(METHODS, method);
}

/** Runs a known method; the answer is always Slack's envelope. */
export function callMethod(
  method: string,
  args: JsonObject,
  workspace: Workspace,
  conditions: WorkspaceConditions,
): JsonObject {
  const run = METHODS[method];
  if (!run) return { ok: false, error: 'unknown_method' };
  try {
    return { ok: true, ...run(args, workspace, conditions) };
  } catch (error) {
    if (!(error instanceof SlackApiError)) throw error;
    return {
      ok: false,
      error: error.code,
      ...(error.messages.length ? { response_metadata: { messages: error.messages } } : {}),
    };
  }
}
