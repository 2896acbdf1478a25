import { BOT_SCOPES } from '../../slack/scopes';
import { DEFAULT_ACK_TIMEOUT_MS } from './delivery';
import { SlackDriver } from './driver';
import { FaultQueue, type SlackFaults } from './faults';
import { startServer } from './server';
import type { EmulatedMessage, EmulatedUser, EmulatedView, EphemeralMessage, RecordedCall } from './types';
import { Workspace } from './workspace';

/**
 * A local Slack workspace for the offline demo and end-to-end tests: a Web API server the app's
 * WebClient points at (`slackApiUrl: emulator.apiUrl`), Socket Mode for an app given `appToken`, and
 * drivers that play people in Slack over either.
 */

export type { AppAnswer, SendRawOptions } from './delivery';
export type { SlackDriver, WaitOptions } from './driver';
export type { SlackFaults } from './faults';
export type { Modal } from './modal';
export { signedHeaders, slackSignature } from './signing';
export type * from './types';
export type { InputValue } from './view-state';
export { APP_BOT, DEFAULT_CHANNELS, DEFAULT_USERGROUPS, DEFAULT_USERS, TEAM } from './workspace';

export interface SlackEmulatorOptions {
  /** Default 0: any free port on 127.0.0.1. */
  port?: number;
  /** The only bot token the Web API accepts. Default `xoxb-emulator-token`. */
  botToken?: string;
  /** The only app-level token `apps.connections.open` accepts. Default `xapp-1-emulator`. */
  appToken?: string;
  users?: EmulatedUser[];
  /** Usergroup id -> member user ids. */
  usergroups?: Record<string, string[]>;
  /** Channel ids that exist (DMs are created on demand). */
  channels?: string[];
  /** The emulator's clock in epoch ms (message ts, trigger and response URL expiry, history lag). */
  now?: () => number;
  /** The bot token's scopes; by default every scope of the app's manifest, usergroups:read included. */
  scopes?: readonly string[];
}

export interface SlackEmulator {
  /** Base URL for the app's WebClient; ends in `/api/`. */
  apiUrl: string;
  url: string;
  botToken: string;
  appToken: string;
  close(): Promise<void>;
  calls(method?: string): RecordedCall[];
  /** Top-level messages of a channel, or of a user's DM given a user id; at once, whatever the history lag. */
  messages(channelOrUser: string): EmulatedMessage[];
  /** Replies in the thread under `ts`, without the parent. */
  thread(channel: string, ts: string): EmulatedMessage[];
  ephemerals(userId: string): EphemeralMessage[];
  view(viewId: string): EmulatedView | undefined;
  /** The user's open modal stack, bottom first. */
  openViews(userId: string): EmulatedView[];
  /** The user's Home tab as the app last published it (views.publish); every publish is in calls(). */
  home(userId: string): EmulatedView | undefined;
  /** A message a person (not the app) wrote; the app cannot update it. */
  postAsUser(userId: string, channel: string, text: string): EmulatedMessage;
  /** Resolves with the first truthy value of `probe`, rechecked whenever the workspace changes. */
  waitFor<T>(
    probe: () => T | undefined | null | false,
    options?: { timeoutMs?: number; what?: string },
  ): Promise<T>;
  /** The fault switches; a running emulator also takes them at `POST <url>/__emulator/faults`. */
  faults: SlackFaults;
  /** Plays people over HTTP: signed posts to the app's events URL. */
  driver(appEventsUrl: string, signingSecret: string): SlackDriver;
  /**
   * Plays people over the app's Socket Mode connection (the newest, if several); each action waits up
   * to `ackTimeoutMs` (default 3000, Slack's limit) for the app's ack and answers with its payload.
   */
  socketModeDriver(options?: { ackTimeoutMs?: number }): SlackDriver;
  /** How many Socket Mode connections the app holds open now. */
  socketModeConnections(): number;
}

export const DEFAULT_BOT_TOKEN = 'xoxb-emulator-token';
export const DEFAULT_APP_TOKEN = 'xapp-1-emulator';

export async function startSlackEmulator(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
  const workspace = new Workspace(options);
  const faults = new FaultQueue();
  const botToken = options.botToken ?? DEFAULT_BOT_TOKEN;
  const appToken = options.appToken ?? DEFAULT_APP_TOKEN;
  const scopes = options.scopes ?? BOT_SCOPES.map((s) => s.scope);
  const server = await startServer(workspace, faults, {
    port: options.port ?? 0,
    botToken,
    appToken,
    scopes,
  });
  return {
    apiUrl: `${server.url}/api/`,
    url: server.url,
    botToken,
    appToken,
    close: () => server.close(),
    calls: (method) => workspace.calls(method),
    messages: (channel) => workspace.messages(channel),
    thread: (channel, ts) => workspace.thread(channel, ts),
    ephemerals: (userId) => workspace.ephemerals(userId),
    view: (viewId) => workspace.view(viewId),
    openViews: (userId) => workspace.openViews(userId),
    home: (userId) => workspace.home(userId),
    postAsUser: (userId, channel, text) => {
      workspace.requireUser(userId);
      return workspace.post({ user: userId }, workspace.resolveChannel(channel), { text, blocks: [] });
    },
    waitFor: (probe, wait = {}) => workspace.waitFor(probe, wait.timeoutMs, wait.what),
    faults,
    driver: (appEventsUrl, signingSecret) =>
      new SlackDriver(workspace, server.url, { kind: 'http', eventsUrl: appEventsUrl, signingSecret }),
    socketModeDriver: (driverOptions = {}) =>
      new SlackDriver(workspace, server.url, {
        kind: 'socket_mode',
        hub: server.sockets,
        ackTimeoutMs: driverOptions.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS,
      }),
    socketModeConnections: () => server.sockets.connections,
  };
}
