import { SlackApiError } from './api-error';
import { type OptionsAnswer, parseOptionsAnswer } from './block-kit';
import type { AppAnswer } from './delivery';
import type { SlackDriver } from './driver';
import { actionTs, suggestionPayload, viewActionPayload, viewSubmissionPayload } from './payloads';
import type { Block, EmulatedView, JsonObject, SlackOption } from './types';
import { findElement, type InputValue, type LocatedElement, stateValue } from './view-state';
import { Workspace } from './workspace';

/**
 * A person working an open modal: typing, picking options (which, where Slack would, sends the app a
 * block_actions payload), searching an external_select, submitting. The app's answers act on the view
 * as Slack's client would: close it, show errors, replace it or push another.
 */
export class Modal {
  private readonly suggested = new Map<string, SlackOption[]>();
  private baselineHash: string;

  constructor(
    private readonly driver: SlackDriver,
    private readonly workspace: Workspace,
    readonly id: string,
    readonly userId: string,
  ) {
    this.baselineHash = this.live().view.hash;
  }

  private live(): EmulatedView {
    const view = this.workspace.liveView(this.id);
    if (!view) throw new Error(`slack emulator: no view ${this.id}`);
    return view;
  }

  private open(): EmulatedView {
    const view = this.live();
    if (view.status !== 'open') throw new Error(`slack emulator: view ${this.id} is closed`);
    return view;
  }

  /** The view as Slack would send it now, including `state.values`. */
  get view(): JsonObject {
    return Workspace.render(this.live());
  }

  get blocks(): Block[] {
    return structuredClone(this.live().view.blocks);
  }

  get errors(): Record<string, string> {
    return { ...this.live().errors };
  }

  get isOpen(): boolean {
    return this.live().status === 'open';
  }

  private locate(blockId: string, actionId: string): LocatedElement {
    const located = findElement(this.open().view.blocks, blockId, actionId);
    if (!located) throw new Error(`slack emulator: no element ${blockId}/${actionId} in view ${this.id}`);
    return located;
  }

  /** Enters a value, stored in `view.state.values` format for the element's type. */
  setValue(blockId: string, actionId: string, value: InputValue): void {
    const located = this.locate(blockId, actionId);
    const state = stateValue(located, value, this.suggested.get(`${blockId}/${actionId}`));
    this.workspace.setInput(this.open(), blockId, actionId, state);
  }

  /**
   * Picks an option. Slack sends block_actions only from actions blocks, section accessories and input
   * blocks with `dispatch_action: true`; otherwise nothing is sent and this resolves with null.
   */
  async select(blockId: string, actionId: string, option: InputValue): Promise<AppAnswer | null> {
    this.setValue(blockId, actionId, option);
    const { block } = this.locate(blockId, actionId);
    const dispatches = block.type === 'actions' || block.type === 'section' || block.dispatch_action === true;
    if (!dispatches) return null;
    const view = this.open();
    const action = {
      ...view.state[blockId]?.[actionId],
      action_id: actionId,
      block_id: blockId,
      action_ts: actionTs(),
    };
    return this.send(
      viewActionPayload(this.person(), Workspace.render(view), action, this.driver.issueTrigger(this.userId)),
    );
  }

  /**
   * Types `query` into an external_select and returns the options the app answered. The view in the
   * payload carries the state as last rendered, not the latest input: Slack's is unreliable there
   * (bolt-js #1146), so an app must not depend on it.
   */
  async suggest(blockId: string, actionId: string, query: string): Promise<OptionsAnswer> {
    const { element } = this.locate(blockId, actionId);
    if (element.type !== 'external_select')
      throw new Error(`slack emulator: ${blockId}/${actionId} is not an external_select`);
    const view = this.open();
    const payload = suggestionPayload(
      this.person(),
      Workspace.render(view, view.renderedState),
      blockId,
      actionId,
      query,
    );
    const answer = await this.driver.sendPayload(payload);
    if (answer.status !== 200)
      throw new Error(`slack emulator: app answered HTTP ${answer.status} to block_suggestion`);
    const parsed = parseOptionsAnswer(answer.body ?? {});
    if (!parsed.ok)
      throw new Error(`slack emulator: Slack would show no options: ${parsed.refusal.messages.join('; ')}`);
    this.suggested.set(`${blockId}/${actionId}`, [
      ...(parsed.value.options ?? []),
      ...(parsed.value.option_groups ?? []).flatMap((g) => g.options),
    ]);
    return parsed.value;
  }

  /**
   * Presses Submit. Like Slack's client, refuses to send while a required input is empty. The app's
   * answer then closes the view (nothing or `clear`), shows `errors`, or `update`s / `push`es a view.
   */
  /**
   * Presses Submit. With `giveUpAfterMs`, Slack stops waiting for the app's answer after that long (as it
   * does after 3 s): the person sees an error, the modal stays open and a late answer is ignored, though
   * the app may still finish the work. The answer is then status 408 with no body.
   */
  async submit(options: { giveUpAfterMs?: number } = {}): Promise<AppAnswer> {
    const view = this.open();
    const stack = this.workspace.openViews(this.userId);
    if (stack[stack.length - 1]?.id !== this.id)
      throw new Error(`slack emulator: view ${this.id} is not on top`);
    const missing = view.view.blocks
      .filter((b) => b.type === 'input' && b.optional !== true)
      .filter((b) => Object.values(view.state[b.block_id ?? ''] ?? {}).every(isEmpty))
      .map((b) => b.block_id);
    if (missing.length)
      throw new Error(`slack emulator: Slack would not submit, required input empty: ${missing.join(', ')}`);
    const sent = this.send(
      viewSubmissionPayload(this.person(), Workspace.render(view), this.driver.issueTrigger(this.userId)),
    );
    const answer =
      options.giveUpAfterMs === undefined ? await sent : await giveUp(sent, options.giveUpAfterMs);
    if (answer.status === 200) this.apply(view, answer.body);
    return answer;
  }

  private apply(view: EmulatedView, body: unknown): void {
    const reply = (body && typeof body === 'object' ? body : {}) as JsonObject;
    const inputIds = new Set(view.view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id));
    try {
      switch (reply.response_action) {
        case 'errors': {
          const errors = (reply.errors ?? {}) as Record<string, string>;
          const stray = Object.keys(errors).filter((k) => !inputIds.has(k));
          if (stray.length)
            throw new Error(`errors for non-input blocks ${stray.join(', ')}: Slack shows a generic error`);
          this.workspace.setErrors(view, errors);
          return;
        }
        case 'update':
          this.workspace.updateView(view, reply.view);
          return;
        case 'push':
          this.workspace.pushView(this.userId, reply.view);
          return;
        default:
          this.workspace.closeViews(this.userId, reply.response_action === 'clear');
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const reason = error instanceof SlackApiError ? `Slack refuses the view: ${message}` : message;
      throw new Error(`slack emulator: bad view_submission answer, ${reason}`);
    }
  }

  /** Resolves once the app has changed this view (a new hash) since the last interaction through this handle. */
  async waitForUpdate(timeoutMs?: number): Promise<this> {
    const before = this.baselineHash;
    this.baselineHash = await this.workspace.waitFor(
      () => this.live().view.hash !== before && this.live().view.hash,
      timeoutMs,
      `an update of view ${this.id}`,
    );
    return this;
  }

  private person() {
    return this.driver.person(this.userId);
  }

  private send(payload: JsonObject): Promise<AppAnswer> {
    this.baselineHash = this.live().view.hash;
    return this.driver.sendPayload(payload);
  }
}

/**
 * The answer, unless it takes longer than `ms`: then Slack's "gave up" (408), and the answer is dropped.
 * At 0 Slack does not wait at all, as if the app had been slower than any answer could be.
 */
async function giveUp(sent: Promise<AppAnswer>, ms: number): Promise<AppAnswer> {
  const gaveUpAnswer = { status: 408, body: null };
  sent.catch(() => undefined);
  if (ms <= 0) return gaveUpAnswer;
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<AppAnswer>((resolve) => {
    timer = setTimeout(() => resolve(gaveUpAnswer), ms);
  });
  try {
    return await Promise.race([sent, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

function isEmpty(value: JsonObject): boolean {
  const filled = value.value ?? value.selected_option ?? value.selected_user;
  const many = value.selected_options;
  return Array.isArray(many) ? many.length === 0 : filled === null || filled === undefined || filled === '';
}
