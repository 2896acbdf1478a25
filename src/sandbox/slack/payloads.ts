import { randomBytes } from 'node:crypto';
import type { EmulatedMessage, EmulatedUser, JsonObject } from './types';
import { APP_BOT, TEAM } from './workspace';

/**
 * What Slack sends to an app, field for field: a slash command's fields, interaction payloads and Events
 * API callbacks. Over HTTP the first two are form-encoded and events are JSON (see delivery.ts); over
 * Socket Mode each is an envelope's payload.
 */

export function actionTs(): string {
  return (Date.now() / 1000).toFixed(6);
}

function userRef(user: EmulatedUser): JsonObject {
  return { id: user.id, username: user.name, name: user.name, team_id: TEAM.id };
}

const common = {
  team: { ...TEAM },
  api_app_id: APP_BOT.appId,
  enterprise: null,
  is_enterprise_install: false,
};

export interface CommandFields {
  user: EmulatedUser;
  command: string;
  text: string;
  channelId: string;
  triggerId: string;
  responseUrl: string;
}

export function commandFields(c: CommandFields): Record<string, string> {
  return {
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: c.channelId,
    channel_name: c.channelId.slice(1).toLowerCase(),
    user_id: c.user.id,
    user_name: c.user.name,
    command: c.command,
    text: c.text,
    api_app_id: APP_BOT.appId,
    is_enterprise_install: 'false',
    response_url: c.responseUrl,
    trigger_id: c.triggerId,
  };
}

/** A slash command as Slack posts it to an events URL. */
export function commandBody(c: CommandFields): string {
  return new URLSearchParams(commandFields(c)).toString();
}

/** An interaction as Slack posts it to an events URL: JSON in the `payload` form field. */
export function interactionBody(payload: JsonObject): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** block_actions from a modal: the view with the user's current state, and the action taken. */
export function viewActionPayload(
  user: EmulatedUser,
  view: JsonObject,
  action: JsonObject,
  triggerId: string,
) {
  return {
    type: 'block_actions',
    user: userRef(user),
    ...common,
    container: { type: 'view', view_id: view.id },
    trigger_id: triggerId,
    view,
    actions: [action],
  };
}

/** block_suggestion: what the user typed into an external_select. */
export function suggestionPayload(
  user: EmulatedUser,
  view: JsonObject,
  blockId: string,
  actionId: string,
  value: string,
) {
  return {
    type: 'block_suggestion',
    user: userRef(user),
    ...common,
    container: { type: 'view', view_id: view.id },
    action_id: actionId,
    block_id: blockId,
    value,
    view,
    action_ts: actionTs(),
  };
}

export function viewSubmissionPayload(user: EmulatedUser, view: JsonObject, triggerId: string) {
  return {
    type: 'view_submission',
    user: userRef(user),
    ...common,
    trigger_id: triggerId,
    view,
    response_urls: [],
  };
}

export interface MessageActionFields {
  user: EmulatedUser;
  message: EmulatedMessage;
  state: JsonObject;
  action: JsonObject;
  triggerId: string;
  responseUrl: string;
}

/** block_actions from a button in a channel message or thread reply. */
export function messageActionPayload(f: MessageActionFields) {
  const { channel, ...message } = f.message;
  return {
    type: 'block_actions',
    user: userRef(f.user),
    ...common,
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: channel,
      is_ephemeral: false,
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
    },
    trigger_id: f.triggerId,
    channel: { id: channel, name: channel.slice(1).toLowerCase() },
    message: { type: 'message', team: TEAM.id, ...message },
    state: { values: f.state },
    response_url: f.responseUrl,
    actions: [f.action],
  };
}

export interface HomeOpenedFields {
  user: EmulatedUser;
  /** The person's DM with the app: Slack names it in the event. */
  channel: string;
  /** The Home view the app published before, as Slack sends it; absent on a first visit. */
  view?: JsonObject;
}

/** app_home_opened on the Home tab, as an Events API callback (the body of the HTTP post or envelope). */
export function homeOpenedEvent(f: HomeOpenedFields): JsonObject {
  const eventTs = actionTs();
  return {
    token: 'emulated-verification-token',
    team_id: TEAM.id,
    api_app_id: APP_BOT.appId,
    event: {
      type: 'app_home_opened',
      user: f.user.id,
      channel: f.channel,
      tab: 'home',
      event_ts: eventTs,
      ...(f.view ? { view: f.view } : {}),
    },
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Number(eventTs)),
    authorizations: [
      {
        enterprise_id: null,
        team_id: TEAM.id,
        user_id: APP_BOT.userId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}
