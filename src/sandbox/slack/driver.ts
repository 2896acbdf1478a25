import { elementsOf } from './block-kit';
import { type AppAnswer, type AppTransport, postToApp, type SendRawOptions, sendEnvelope } from './delivery';
import { Modal } from './modal';
import {
  actionTs,
  type CommandFields,
  commandBody,
  commandFields,
  homeOpenedEvent,
  interactionBody,
  messageActionPayload,
  viewActionPayload,
} from './payloads';
import type { Block, BlockElement, EmulatedUser, JsonObject } from './types';
import { initialState } from './view-state';
import { Workspace } from './workspace';

/**
 * Acts as people in Slack: sends the app what Slack would send when someone runs a slash command, clicks
 * a button, works a modal or opens the app's Home tab — as signed posts to its events URL, or as
 * envelopes over its Socket
 * Mode connection — and answers with what the app replied. Trigger ids and response URLs it hands out
 * are registered with the emulator.
 */

export type { AppAnswer, SendRawOptions } from './delivery';

export interface WaitOptions {
  timeoutMs?: number;
}

export class SlackDriver {
  /** Per user: the newest view seq when they last interacted, so waitForView finds the modal that followed. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly workspace: Workspace,
    private readonly emulatorUrl: string,
    private readonly transport: AppTransport,
  ) {}

  person(userId: string): EmulatedUser {
    const user = this.workspace.user(userId);
    if (!user) throw new Error(`slack emulator: no user ${userId} in the workspace`);
    return user;
  }

  /** Issues a trigger id for something this user does (and notes which modals they had already seen). */
  issueTrigger(userId: string): string {
    const views = this.workspace.openViews(userId);
    this.seen.set(userId, Math.max(this.seen.get(userId) ?? 0, ...views.map((v) => v.seq)));
    return this.workspace.issueTrigger(userId);
  }

  private responseUrl(userId: string, channel: string, messageTs?: string): string {
    const id = this.workspace.issueResponseUrl({ userId, channel, ...(messageTs ? { messageTs } : {}) });
    return `${this.emulatorUrl}/response/${id}`;
  }

  /** Someone types `/command text` in a channel. */
  command(
    userId: string,
    command: string,
    text = '',
    options: { channelId?: string } = {},
  ): Promise<AppAnswer> {
    const user = this.person(userId);
    const channelId = options.channelId ?? this.workspace.defaultChannel();
    const fields: CommandFields = {
      user,
      command,
      text,
      channelId,
      triggerId: this.issueTrigger(userId),
      responseUrl: this.responseUrl(userId, channelId),
    };
    return this.transport.kind === 'http'
      ? this.sendRaw(commandBody(fields))
      : sendEnvelope(this.transport, 'slash_commands', commandFields(fields));
  }

  /** The modal the app opened (or pushed) for this user since their last interaction. */
  async waitForView(userId: string, options: WaitOptions = {}): Promise<Modal> {
    const after = this.seen.get(userId) ?? 0;
    const view = await this.workspace.waitFor(
      () => this.workspace.openViews(userId).findLast((v) => v.seq > after),
      options.timeoutMs,
      `a modal for ${userId}`,
    );
    this.seen.set(userId, view.seq);
    return this.modal(view.id);
  }

  /** A handle on a view the emulator holds (open or not). */
  modal(viewId: string): Modal {
    const view = this.workspace.view(viewId);
    if (!view) throw new Error(`slack emulator: no view ${viewId}`);
    return new Modal(this, this.workspace, viewId, view.userId);
  }

  /** Someone clicks a button (by action_id, and value when several share it) in a message or reply. */
  click(
    userId: string,
    channel: string,
    messageTs: string,
    actionId: string,
    options: { value?: string } = {},
  ): Promise<AppAnswer> {
    const user = this.person(userId);
    const message = this.workspace.message(channel, messageTs);
    if (!message) throw new Error(`slack emulator: no message ${messageTs} in ${channel}`);
    const action = buttonAction(message.blocks, actionId, options.value, `message ${messageTs}`);
    const payload = messageActionPayload({
      user,
      message,
      state: initialState(message.blocks),
      action,
      triggerId: this.issueTrigger(userId),
      responseUrl: this.responseUrl(userId, channel, messageTs),
    });
    return this.sendPayload(payload);
  }

  /**
   * Someone opens the app's Home tab: Slack sends app_home_opened (with the Home view published before,
   * if any), as an Events API callback.
   */
  openHome(userId: string): Promise<AppAnswer> {
    const home = this.workspace.home(userId);
    const event = homeOpenedEvent({
      user: this.person(userId),
      channel: this.workspace.openConversation([userId]),
      ...(home ? { view: Workspace.render(home) } : {}),
    });
    return this.transport.kind === 'http'
      ? this.sendRaw(JSON.stringify(event), { contentType: 'application/json' })
      : sendEnvelope(this.transport, 'events_api', event);
  }

  /** Someone clicks a button (by action_id, and value when several share it) on their Home tab. */
  clickHome(userId: string, actionId: string, options: { value?: string } = {}): Promise<AppAnswer> {
    const home = this.workspace.home(userId);
    if (!home) throw new Error(`slack emulator: the app published no Home tab for ${userId}`);
    const action = buttonAction(home.view.blocks, actionId, options.value, `the Home tab of ${userId}`);
    const view = Workspace.render(home);
    return this.sendPayload(viewActionPayload(this.person(userId), view, action, this.issueTrigger(userId)));
  }

  /** Sends an interaction payload (e.g. a hand-altered one) the way Slack does. */
  sendPayload(payload: JsonObject): Promise<AppAnswer> {
    return this.transport.kind === 'http'
      ? this.sendRaw(interactionBody(payload))
      : sendEnvelope(this.transport, 'interactive', payload);
  }

  /**
   * Sends a form body to the app's events URL, signed unless told otherwise. Every HTTP delivery goes
   * through here (the benchmark times it there); a Socket Mode driver has no events URL.
   */
  sendRaw(body: string, options: SendRawOptions = {}): Promise<AppAnswer> {
    if (this.transport.kind !== 'http')
      throw new Error(
        'slack emulator: sendRaw posts to an events URL; this driver delivers over Socket Mode',
      );
    return postToApp(this.transport, body, options);
  }
}

/** The block_actions `action` of the one button with this action_id (and value, if given) in `blocks`. */
export function buttonAction(blocks: Block[], actionId: string, value: string | undefined, where: string) {
  const buttons = blocks.flatMap((block) =>
    elementsOf(block)
      .filter((e) => e.type === 'button' && e.action_id === actionId)
      .filter((e) => value === undefined || e.value === value)
      .map((element): { block: Block; element: BlockElement } => ({ block, element })),
  );
  const [button, ...others] = buttons;
  if (!button) throw new Error(`slack emulator: no button ${actionId} in ${where}`);
  if (others.length) throw new Error(`slack emulator: several ${actionId} buttons in ${where}: pass a value`);
  const { block, element } = button;
  return {
    type: 'button',
    action_id: actionId,
    block_id: block.block_id,
    text: element.text,
    ...(element.value !== undefined ? { value: element.value } : {}),
    ...(element.style !== undefined ? { style: element.style } : {}),
    action_ts: actionTs(),
  };
}
