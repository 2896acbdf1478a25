import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import { SlackApiError } from './api-error';
import { parseMessageBlocks, parseView } from './block-kit';
import type {
  Block,
  EmulatedMessage,
  EmulatedUser,
  EmulatedView,
  EphemeralMessage,
  JsonObject,
  MessageMetadata,
  RecordedCall,
  StateValues,
  ViewJson,
} from './types';
import { carryOver, initialState, withGeneratedIds } from './view-state';

/**
 * Everything the emulated Slack workspace remembers: people, channels, messages, modals, trigger ids,
 * response URLs and every call the app made. Operations refuse with Slack's error codes (SlackApiError).
 * IDs look like Slack's (and pass the app's config validation): upper-case letters after the prefix.
 */

export const TEAM = { id: 'TEMULATOR', domain: 'emulated' } as const;
export const APP_BOT = { userId: 'UORDERDESK', botId: 'BORDERDESK', appId: 'AORDERDESK' } as const;

export const DEFAULT_USERS: EmulatedUser[] = [
  { id: 'UREQUESTER', name: 'ana', realName: 'Ana Requester', email: 'ana@example.test' },
  { id: 'UAPPROVER', name: 'ben', realName: 'Ben Approver', email: 'ben@example.test' },
  { id: 'UOTHER', name: 'cy', realName: 'Cy Other', email: 'cy@example.test' },
];
export const DEFAULT_CHANNELS = ['CGENERAL', 'CAPPROVALS', 'CORDERS'];
export const DEFAULT_USERGROUPS: Record<string, string[]> = { SAPPROVERS: ['UAPPROVER'] };

const TRIGGER_TTL_MS = 3000;
const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
const RESPONSE_URL_USES = 5;
const MAX_VIEW_STACK = 3;

export interface WorkspaceOptions {
  users?: EmulatedUser[];
  usergroups?: Record<string, string[]>;
  channels?: string[];
  /** The clock (epoch ms) used for message ts, trigger and response URL expiry. */
  now?: () => number;
}

interface Trigger {
  userId: string;
  issuedAt: number;
  used: boolean;
}

/** Where a response URL posts: the command's channel, or the message whose button was clicked. */
export interface ResponseUrlTarget {
  userId: string;
  channel: string;
  messageTs?: string;
}

interface ResponseUrl extends ResponseUrlTarget {
  issuedAt: number;
  uses: number;
}

export interface MessageContent {
  text: string;
  blocks: Block[];
  metadata?: MessageMetadata;
}

const metadataSchema = z.object({
  event_type: z.string().min(1),
  event_payload: z.record(z.string(), z.unknown()),
});

export class Workspace {
  readonly now: () => number;
  private readonly users: Map<string, EmulatedUser>;
  private readonly usergroups: Map<string, string[]>;
  private readonly channels: Set<string>;
  private readonly directChannels = new Map<string, string>();
  private readonly messageLog = new Map<string, EmulatedMessage[]>();
  /** When each stored message was posted (the clock's ms), for reads that lag behind writes. */
  private readonly postedAt = new WeakMap<EmulatedMessage, number>();
  private readonly ephemeralLog = new Map<string, EphemeralMessage[]>();
  private readonly views = new Map<string, EmulatedView>();
  private readonly stacks = new Map<string, string[]>();
  /** Each person's Home tab: the id of the view the app last published for them. */
  private readonly homes = new Map<string, string>();
  private readonly triggers = new Map<string, Trigger>();
  private readonly responseUrls = new Map<string, ResponseUrl>();
  private readonly callLog: RecordedCall[] = [];
  private readonly changes = new EventEmitter();
  private lastTs = { seconds: 0, micros: 0 };
  private viewSeq = 0;

  constructor(options: WorkspaceOptions = {}) {
    this.now = options.now ?? Date.now;
    this.users = new Map((options.users ?? DEFAULT_USERS).map((u) => [u.id, u]));
    this.usergroups = new Map(Object.entries(options.usergroups ?? DEFAULT_USERGROUPS));
    this.channels = new Set(options.channels ?? DEFAULT_CHANNELS);
    this.changes.setMaxListeners(0);
  }

  // ---- people and conversations -------------------------------------------------------------------

  user(id: string): EmulatedUser | undefined {
    return this.users.get(id);
  }

  requireUser(id: string): EmulatedUser {
    const user = this.users.get(id);
    if (!user) throw new SlackApiError('user_not_found');
    return user;
  }

  usergroupMembers(id: string): string[] {
    const members = this.usergroups.get(id);
    if (!members) throw new SlackApiError('no_such_subteam');
    return [...members];
  }

  /** The DM (one user) or group DM (several) channel with these users, created on first use. */
  openConversation(userIds: string[]): string {
    for (const id of userIds) this.requireUser(id);
    const key = [...userIds].sort().join(',');
    let channel = this.directChannels.get(key);
    if (!channel) {
      channel =
        userIds.length === 1 ? `D${key.slice(1)}` : `G${randomBytes(5).toString('hex').toUpperCase()}`;
      this.directChannels.set(key, channel);
      this.channels.add(channel);
    }
    return channel;
  }

  /** A channel id as given to chat.postMessage: a user id means that user's DM. */
  resolveChannel(channelOrUser: string): string {
    if (this.channels.has(channelOrUser)) return channelOrUser;
    if (this.users.has(channelOrUser)) return this.openConversation([channelOrUser]);
    throw new SlackApiError('channel_not_found');
  }

  /** Where a slash command runs when the caller does not say: the first configured channel. */
  defaultChannel(): string {
    const [first] = this.channels;
    if (!first) throw new Error('slack emulator: no channels configured');
    return first;
  }

  requireChannel(channel: string): string {
    if (!this.channels.has(channel)) throw new SlackApiError('channel_not_found');
    return channel;
  }

  // ---- messages ----------------------------------------------------------------------------------

  /** Slack's message timestamps: unique, increasing, "seconds.micros". */
  nextTs(): string {
    const seconds = Math.max(Math.floor(this.now() / 1000), this.lastTs.seconds);
    let micros = seconds === this.lastTs.seconds ? this.lastTs.micros + 100 : 100;
    const carry = micros >= 1_000_000 ? 1 : 0;
    micros %= 1_000_000;
    this.lastTs = { seconds: seconds + carry, micros };
    return `${this.lastTs.seconds}.${String(micros).padStart(6, '0')}`;
  }

  /** Message content as the app sent it: text or blocks required, blocks within Block Kit limits. */
  static content(args: JsonObject): MessageContent {
    const text = typeof args.text === 'string' ? args.text : '';
    if (args.blocks === undefined) {
      if (!text) throw new SlackApiError('no_text');
      return { text, blocks: [] };
    }
    const parsed = parseMessageBlocks(args.blocks);
    if (!parsed.ok) throw new SlackApiError(parsed.refusal.error, parsed.refusal.messages);
    if (!text && parsed.value.length === 0) throw new SlackApiError('no_text');
    return { text, blocks: withGeneratedIds(parsed.value) };
  }

  /** The message metadata the app sent, if any, checked as Slack checks it. */
  static metadata(args: JsonObject): MessageMetadata | undefined {
    if (args.metadata === undefined) return undefined;
    const parsed = metadataSchema.safeParse(args.metadata);
    if (!parsed.success) throw new SlackApiError('invalid_metadata_format');
    return parsed.data;
  }

  private log(channel: string): EmulatedMessage[] {
    let list = this.messageLog.get(channel);
    if (!list) {
      list = [];
      this.messageLog.set(channel, list);
    }
    return list;
  }

  private find(channel: string, ts: string): EmulatedMessage | undefined {
    return this.messageLog.get(channel)?.find((m) => m.ts === ts);
  }

  /** Posts a message; a thread_ts naming a reply threads under that reply's parent, as Slack does. */
  post(author: { user: string; bot?: boolean }, channel: string, content: MessageContent, threadTs?: string) {
    let thread_ts: string | undefined;
    if (threadTs !== undefined) {
      const parent = this.find(channel, threadTs);
      if (!parent) throw new SlackApiError('thread_not_found');
      thread_ts = parent.thread_ts ?? parent.ts;
    }
    const message: EmulatedMessage = {
      channel,
      ts: this.nextTs(),
      ...(thread_ts ? { thread_ts } : {}),
      user: author.user,
      ...(author.bot ? { bot_id: APP_BOT.botId, app_id: APP_BOT.appId } : {}),
      text: content.text,
      blocks: content.blocks,
      ...(content.metadata ? { metadata: content.metadata } : {}),
    };
    this.log(channel).push(message);
    this.postedAt.set(message, this.now());
    this.changed();
    return structuredClone(message);
  }

  /** chat.update: only the app's own messages; blocks and metadata kept unless new ones are given. */
  update(channel: string, ts: string, args: JsonObject): EmulatedMessage {
    const message = this.find(this.requireChannel(channel), ts);
    if (!message) throw new SlackApiError('message_not_found');
    if (message.bot_id !== APP_BOT.botId) throw new SlackApiError('cant_update_message');
    const content = Workspace.content(args);
    const metadata = Workspace.metadata(args);
    message.text = content.text;
    if (args.blocks !== undefined) message.blocks = content.blocks;
    if (metadata) message.metadata = metadata;
    message.edited = { user: APP_BOT.userId, ts: this.nextTs() };
    this.changed();
    return structuredClone(message);
  }

  private remove(channel: string, ts: string): void {
    const list = this.log(channel);
    const index = list.findIndex((m) => m.ts === ts);
    if (index >= 0) list.splice(index, 1);
    this.changed();
  }

  postEphemeral(channel: string, user: string, content: MessageContent, threadTs?: string): EphemeralMessage {
    this.requireChannel(channel);
    this.requireUser(user);
    const message: EphemeralMessage = {
      channel,
      user,
      ts: this.nextTs(),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...content,
    };
    const list = this.ephemeralLog.get(user) ?? [];
    list.push(message);
    this.ephemeralLog.set(user, list);
    this.changed();
    return structuredClone(message);
  }

  /** Top-level messages of a channel (or of a user's DM, given the user id), oldest first. */
  messages(channelOrUser: string): EmulatedMessage[] {
    const channel = this.users.has(channelOrUser) ? this.directChannels.get(channelOrUser) : channelOrUser;
    const list = channel ? (this.messageLog.get(channel) ?? []) : [];
    return structuredClone(list.filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts));
  }

  /** The replies in a thread (without the parent), oldest first. */
  thread(channel: string, ts: string): EmulatedMessage[] {
    const list = this.messageLog.get(channel) ?? [];
    return structuredClone(list.filter((m) => m.thread_ts === ts && m.ts !== ts));
  }

  /**
   * What Slack's reads see of a channel: every message (replies included, oldest first) posted at least
   * `lagMs` ago by the workspace clock. Only a conversation id will do, not a user id.
   */
  readable(channel: string, lagMs: number): EmulatedMessage[] {
    const list = this.messageLog.get(this.requireChannel(channel)) ?? [];
    const postedBy = this.now() - lagMs;
    return structuredClone(list.filter((m) => (this.postedAt.get(m) ?? 0) <= postedBy));
  }

  message(channel: string, ts: string): EmulatedMessage | undefined {
    const found = this.find(channel, ts);
    return found && structuredClone(found);
  }

  ephemerals(userId: string): EphemeralMessage[] {
    return structuredClone(this.ephemeralLog.get(userId) ?? []);
  }

  // ---- trigger ids and response URLs --------------------------------------------------------------

  issueTrigger(userId: string): string {
    const id = `${Math.floor(this.now() / 1000)}.${randomBytes(6).toString('hex')}`;
    this.triggers.set(id, { userId, issuedAt: this.now(), used: false });
    return id;
  }

  /** A trigger opens one modal, within 3 s of the interaction that issued it. */
  private exchangeTrigger(id: unknown): string {
    const trigger = typeof id === 'string' ? this.triggers.get(id) : undefined;
    if (!trigger) throw new SlackApiError('invalid_trigger_id');
    if (trigger.used) throw new SlackApiError('trigger_exchanged');
    if (this.now() - trigger.issuedAt > TRIGGER_TTL_MS) throw new SlackApiError('expired_trigger_id');
    trigger.used = true;
    return trigger.userId;
  }

  issueResponseUrl(target: ResponseUrlTarget): string {
    const id = randomBytes(12).toString('hex');
    this.responseUrls.set(id, { ...target, issuedAt: this.now(), uses: 0 });
    return id;
  }

  /** A post to a response URL: replace or delete the original message, or say something new. */
  respond(id: string, body: JsonObject): void {
    const url = this.responseUrls.get(id);
    if (!url) throw new SlackApiError('no_such_url');
    if (this.now() - url.issuedAt > RESPONSE_URL_TTL_MS) throw new SlackApiError('expired_url');
    if (url.uses >= RESPONSE_URL_USES) throw new SlackApiError('used_url');
    url.uses += 1;
    const original = url.messageTs === undefined ? undefined : this.find(url.channel, url.messageTs);
    if (body.delete_original === true) {
      if (!original) throw new SlackApiError('message_not_found');
      this.remove(url.channel, original.ts);
      return;
    }
    const content = Workspace.content(body);
    if (body.replace_original === true) {
      if (!original) throw new SlackApiError('message_not_found');
      original.text = content.text;
      original.blocks = content.blocks;
      original.edited = { user: APP_BOT.userId, ts: this.nextTs() };
      this.changed();
      return;
    }
    const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
    if (body.response_type === 'in_channel')
      this.post({ user: APP_BOT.userId, bot: true }, url.channel, content, threadTs);
    else this.postEphemeral(url.channel, url.userId, content, threadTs);
  }

  // ---- views --------------------------------------------------------------------------------------

  private newHash(): string {
    return `${Math.floor(this.now() / 1000)}.${randomBytes(4).toString('hex')}`;
  }

  private static checkedView(raw: unknown): ViewJson {
    const parsed = parseView(raw);
    if (!parsed.ok) throw new SlackApiError(parsed.refusal.error, parsed.refusal.messages);
    return { ...parsed.value, blocks: withGeneratedIds(parsed.value.blocks) };
  }

  private ensureExternalIdFree(externalId: string | undefined, exceptViewId?: string): void {
    if (!externalId) return;
    for (const v of this.views.values()) {
      if (v.id !== exceptViewId && v.view.external_id === externalId)
        throw new SlackApiError('duplicate_external_id');
    }
  }

  /** A view as Slack stores it: the app's JSON plus the fields Slack adds, and a fresh hash. */
  private stored(json: ViewJson, id: string, externalId: string | undefined) {
    return {
      ...json,
      id,
      team_id: TEAM.id,
      app_id: APP_BOT.appId,
      bot_id: APP_BOT.botId,
      private_metadata: json.private_metadata ?? '',
      callback_id: json.callback_id ?? '',
      external_id: externalId ?? '',
      hash: this.newHash(),
    };
  }

  private create(
    userId: string,
    json: ViewJson,
    below: string | undefined,
    root: string | undefined,
  ): EmulatedView {
    const id = `V${(++this.viewSeq).toString(36).toUpperCase().padStart(10, '0')}`;
    const state = initialState(json.blocks);
    const view: EmulatedView = {
      id,
      userId,
      status: 'open',
      seq: this.viewSeq,
      state,
      renderedState: state,
      errors: {},
      view: {
        ...this.stored(json, id, json.external_id),
        root_view_id: root ?? id,
        previous_view_id: below ?? null,
      },
    };
    this.views.set(id, view);
    return view;
  }

  /** views.open: a new modal stack for the person whose interaction issued the trigger. */
  openView(triggerId: unknown, raw: unknown): EmulatedView {
    const json = Workspace.checkedView(raw);
    this.ensureExternalIdFree(json.external_id);
    const userId = this.exchangeTrigger(triggerId);
    for (const id of this.stacks.get(userId) ?? []) this.close(id);
    const view = this.create(userId, json, undefined, undefined);
    this.stacks.set(userId, [view.id]);
    this.changed();
    return view;
  }

  /** `response_action: push`: a view on top of the user's open stack. */
  pushView(userId: string, raw: unknown): EmulatedView {
    return this.push(userId, Workspace.checkedView(raw));
  }

  /** views.push: like `response_action: push`, but needs a fresh trigger. */
  pushViewWithTrigger(triggerId: unknown, raw: unknown): EmulatedView {
    const json = Workspace.checkedView(raw);
    return this.push(this.exchangeTrigger(triggerId), json);
  }

  private push(userId: string, json: ViewJson): EmulatedView {
    this.ensureExternalIdFree(json.external_id);
    const stack = this.stacks.get(userId) ?? [];
    const top = stack[stack.length - 1];
    if (!top) throw new SlackApiError('not_found');
    if (stack.length >= MAX_VIEW_STACK) throw new SlackApiError('push_limit_reached');
    const view = this.create(userId, json, top, stack[0]);
    stack.push(view.id);
    this.changed();
    return view;
  }

  findView(ref: { view_id?: unknown; external_id?: unknown }): EmulatedView {
    const byId = typeof ref.view_id === 'string' ? this.views.get(ref.view_id) : undefined;
    const byExternal =
      typeof ref.external_id === 'string' && ref.external_id
        ? [...this.views.values()].find((v) => v.view.external_id === ref.external_id)
        : undefined;
    const view = byId ?? byExternal;
    if (view?.status !== 'open') throw new SlackApiError('not_found');
    return view;
  }

  /** views.update / `response_action: update`: new content, new hash, input kept per block+action id. */
  updateView(view: EmulatedView, raw: unknown, hash?: unknown): EmulatedView {
    if (typeof hash === 'string' && hash !== view.view.hash) throw new SlackApiError('hash_conflict');
    const json = Workspace.checkedView(raw);
    this.ensureExternalIdFree(json.external_id, view.id);
    const state = carryOver(view.state, json.blocks);
    const { id, root_view_id, previous_view_id } = view.view;
    view.view = {
      ...this.stored(json, id, json.external_id || view.view.external_id),
      root_view_id,
      previous_view_id,
    };
    view.state = state;
    view.renderedState = state;
    view.errors = {};
    this.changed();
    return view;
  }

  /**
   * views.publish: the person's Home tab. The first publish creates their home view; later ones replace
   * its content under the same id (a new hash; `hash`, when given, must be the current one).
   */
  publishHome(userId: unknown, raw: unknown, hash?: unknown): EmulatedView {
    const user = this.requireUser(typeof userId === 'string' ? userId : '');
    const json = Workspace.checkedView(raw);
    if (json.type !== 'home')
      throw new SlackApiError('invalid_arguments', ['[ERROR] must be home [json-pointer:/view/type]']);
    const current = this.homes.get(user.id);
    const view = current && this.views.get(current);
    if (view) return this.updateView(view, raw, hash);
    const created = this.create(user.id, json, undefined, undefined);
    this.homes.set(user.id, created.id);
    this.changed();
    return created;
  }

  /** The person's Home tab as last published, if the app ever published one. */
  home(userId: string): EmulatedView | undefined {
    const id = this.homes.get(userId);
    return id === undefined ? undefined : this.view(id);
  }

  setInput(view: EmulatedView, blockId: string, actionId: string, value: JsonObject): void {
    view.state = { ...view.state, [blockId]: { ...view.state[blockId], [actionId]: value } };
    this.changed();
  }

  setErrors(view: EmulatedView, errors: Record<string, string>): void {
    view.errors = { ...errors };
    this.changed();
  }

  private close(viewId: string): void {
    const view = this.views.get(viewId);
    if (view) view.status = 'closed';
  }

  /** Closes the top view of the user's stack, or (`all`) the whole stack. */
  closeViews(userId: string, all: boolean): void {
    const stack = this.stacks.get(userId) ?? [];
    const closing = all ? stack.splice(0) : stack.splice(-1);
    for (const id of closing) this.close(id);
    this.changed();
  }

  /** The view with its state, as Slack returns it from views.* and puts it in payloads. */
  static render(view: EmulatedView, state: StateValues = view.state): JsonObject {
    return structuredClone({ ...view.view, state: { values: state } });
  }

  view(viewId: string): EmulatedView | undefined {
    const view = this.views.get(viewId);
    return view && structuredClone(view);
  }

  liveView(viewId: string): EmulatedView | undefined {
    return this.views.get(viewId);
  }

  /** The top of the user's open modal stack, uncopied: a cheap probe for waits that run on every change. */
  topView(userId: string): EmulatedView | undefined {
    const id = this.stacks.get(userId)?.at(-1);
    return id === undefined ? undefined : this.views.get(id);
  }

  /** The user's open modal stack, bottom first. */
  openViews(userId: string): EmulatedView[] {
    return (this.stacks.get(userId) ?? []).flatMap((id) => {
      const view = this.views.get(id);
      return view ? [structuredClone(view)] : [];
    });
  }

  // ---- calls and waiting --------------------------------------------------------------------------

  record(call: RecordedCall): void {
    this.callLog.push(call);
    this.changed();
  }

  /** The calls (of one method), from the `from`th on: only those are copied. */
  calls(method?: string, from = 0): RecordedCall[] {
    const calls = method ? this.callLog.filter((c) => c.method === method) : this.callLog;
    return structuredClone(calls.slice(from));
  }

  private changed(): void {
    this.changes.emit('change');
  }

  /**
   * Resolves with the first truthy value of `probe`, checked now and after every change to the
   * workspace (the app acts after it acks, so its calls land some time after the driver's request).
   */
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (!value) return false;
        done();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`slack emulator: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.changes.off('change', check);
      };
      this.changes.on('change', check);
      check();
    });
  }
}
