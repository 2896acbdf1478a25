import type { ModalWork, PersonDriver } from '../src/demo';
import type { InputValue } from '../src/sandbox/slack';
import { type OptionsAnswer, parseOptionsAnswer } from '../src/sandbox/slack/block-kit';
import { type AppAnswer, postToApp, type SendRawOptions } from '../src/sandbox/slack/delivery';
import { buttonAction } from '../src/sandbox/slack/driver';
import {
  actionTs,
  commandBody,
  homeOpenedEvent,
  interactionBody,
  messageActionPayload,
  suggestionPayload,
  viewActionPayload,
  viewSubmissionPayload,
} from '../src/sandbox/slack/payloads';
import type {
  Block,
  EmulatedMessage,
  EmulatedUser,
  EmulatedView,
  JsonObject,
  SlackOption,
  StateValues,
} from '../src/sandbox/slack/types';
import { carryOver, findElement, stateValue } from '../src/sandbox/slack/view-state';
import { Workspace } from '../src/sandbox/slack/workspace';
import type { RemoteSlack } from './remote-slack';

/**
 * Plays people in Slack from the load generator's process: the payloads Slack would send, built here from
 * what the emulator (another process) holds, posted signed to the app. A person's modal input is kept
 * here, as Slack's client keeps it, and goes to the app in each payload. Every post to the app goes
 * through sendRaw, where the benchmark times it.
 */
export class RemoteDriver implements PersonDriver<RemoteModal> {
  /** Per user: the newest modal seen when they last did something, so waitForView finds the one that followed. */
  private readonly seen = new Map<string, number>();
  private readonly dms = new Map<string, string>();

  constructor(
    readonly slack: RemoteSlack,
    private readonly app: { eventsUrl: string; signingSecret: string },
    private readonly people: ReadonlyMap<string, EmulatedUser>,
  ) {}

  person(userId: string): EmulatedUser {
    const user = this.people.get(userId);
    if (!user) throw new Error(`bench: no person ${userId}`);
    return user;
  }

  /** A trigger id and response URL for what this person does now. */
  async interact(userId: string, channel: string, messageTs?: string) {
    const issued = await this.slack.interaction(userId, channel, messageTs);
    this.seen.set(userId, Math.max(this.seen.get(userId) ?? 0, issued.viewSeq));
    return issued;
  }

  /** The body of `/command text` typed by this person, with its ids issued: send it with sendRaw. */
  async commandBody(userId: string, command: string, text = '', channelId = 'CGENERAL'): Promise<string> {
    const { triggerId, responseUrl } = await this.interact(userId, channelId);
    return commandBody({ user: this.person(userId), command, text, channelId, triggerId, responseUrl });
  }

  async command(
    userId: string,
    command: string,
    text = '',
    options: { channelId?: string } = {},
  ): Promise<AppAnswer> {
    return this.sendRaw(await this.commandBody(userId, command, text, options.channelId));
  }

  async waitForView(userId: string): Promise<RemoteModal> {
    const view = await this.slack.openedView(userId, this.seen.get(userId) ?? 0);
    this.seen.set(userId, view.seq);
    return new RemoteModal(this, view);
  }

  /** The body of a click on the button `actionId` of a message (as listed by the emulator). */
  async clickBody(userId: string, message: EmulatedMessage, actionId: string): Promise<string> {
    const { channel, ts } = message;
    const { triggerId, responseUrl } = await this.interact(userId, channel, ts);
    const action = buttonAction(message.blocks, actionId, undefined, `message ${ts}`);
    const { replyCount: _, ...asSlackHasIt } = message as EmulatedMessage & { replyCount?: number };
    const payload = messageActionPayload({
      user: this.person(userId),
      message: asSlackHasIt,
      state: {},
      action,
      triggerId,
      responseUrl,
    });
    return interactionBody(payload);
  }

  /** The Events API body of this person opening the app's Home tab (as on a first visit: no view). */
  async homeOpenedBody(userId: string): Promise<string> {
    let channel = this.dms.get(userId);
    if (!channel) {
      const opened = await this.slack.api('conversations.open', { users: userId });
      channel = (opened.channel as { id: string }).id;
      this.dms.set(userId, channel);
    }
    return JSON.stringify(homeOpenedEvent({ user: this.person(userId), channel }));
  }

  sendPayload(payload: JsonObject): Promise<AppAnswer> {
    return this.sendRaw(interactionBody(payload));
  }

  sendRaw(body: string, options: SendRawOptions = {}): Promise<AppAnswer> {
    return postToApp(this.app, body, options);
  }
}

/** One person's modal: the view as the emulator last showed it, and their input as their client holds it. */
export class RemoteModal implements ModalWork {
  private state: StateValues;
  private baselineHash: string;
  private readonly suggested = new Map<string, SlackOption[]>();

  constructor(
    private readonly driver: RemoteDriver,
    private current: EmulatedView,
  ) {
    this.state = current.state;
    this.baselineHash = current.view.hash;
  }

  get id(): string {
    return this.current.id;
  }

  get view(): JsonObject {
    return Workspace.render(this.current, this.state);
  }

  get blocks(): Block[] {
    return structuredClone(this.current.view.blocks);
  }

  private locate(blockId: string, actionId: string) {
    const located = findElement(this.current.view.blocks, blockId, actionId);
    if (!located) throw new Error(`bench: no element ${blockId}/${actionId} in view ${this.id}`);
    return located;
  }

  setValue(blockId: string, actionId: string, value: InputValue): void {
    const entered = stateValue(
      this.locate(blockId, actionId),
      value,
      this.suggested.get(`${blockId}/${actionId}`),
    );
    this.state = { ...this.state, [blockId]: { ...this.state[blockId], [actionId]: entered } };
  }

  /** As Slack's client: only actions blocks, accessories and dispatching inputs send block_actions. */
  async select(blockId: string, actionId: string, option: InputValue): Promise<AppAnswer | null> {
    this.setValue(blockId, actionId, option);
    const { block } = this.locate(blockId, actionId);
    if (!(block.type === 'actions' || block.type === 'section' || block.dispatch_action === true))
      return null;
    const action = {
      ...this.state[blockId]?.[actionId],
      action_id: actionId,
      block_id: blockId,
      action_ts: actionTs(),
    };
    const { triggerId } = await this.driver.interact(this.current.userId, 'CGENERAL');
    return this.send(viewActionPayload(this.person(), this.view, action, triggerId));
  }

  async suggest(blockId: string, actionId: string, query: string): Promise<OptionsAnswer> {
    const answer = await this.driver.sendPayload(
      suggestionPayload(this.person(), this.view, blockId, actionId, query),
    );
    const parsed = parseOptionsAnswer(answer.body ?? {});
    if (answer.status !== 200 || !parsed.ok) throw new Error(`bench: no options for ${blockId}/${actionId}`);
    this.suggested.set(`${blockId}/${actionId}`, [
      ...(parsed.value.options ?? []),
      ...(parsed.value.option_groups ?? []).flatMap((g) => g.options),
    ]);
    return parsed.value;
  }

  /** The submission; a closed modal is not told to the emulator, which the app never asks about again. */
  async submit(): Promise<AppAnswer> {
    const { triggerId } = await this.driver.interact(this.current.userId, 'CGENERAL');
    return this.send(viewSubmissionPayload(this.person(), this.view, triggerId));
  }

  async waitForUpdate(timeoutMs = 10_000): Promise<this> {
    const next = await this.driver.slack.changedView(this.id, this.baselineHash, timeoutMs);
    this.current = next;
    this.state = carryOver(this.state, next.view.blocks);
    this.baselineHash = next.view.hash;
    return this;
  }

  private person(): EmulatedUser {
    return this.driver.person(this.current.userId);
  }

  private send(payload: JsonObject): Promise<AppAnswer> {
    this.baselineHash = this.current.view.hash;
    return this.driver.sendPayload(payload);
  }
}
