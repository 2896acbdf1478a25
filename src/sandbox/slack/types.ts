/**
 * Shapes shared by the emulator's modules. Block Kit JSON comes from the app over HTTP, so it is typed
 * loosely (known keys plus anything else) and checked at runtime in block-kit.ts.
 */

export type JsonObject = Record<string, unknown>;

/** What the emulator answers over HTTP: a status and a JSON body. */
export interface HttpAnswer {
  status: number;
  body: JsonObject;
}

export interface PlainText {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
}

export interface SlackOption {
  text: PlainText;
  value: string;
  description?: PlainText;
}

export interface OptionGroup {
  label: PlainText;
  options: SlackOption[];
}

export interface BlockElement extends JsonObject {
  type: string;
  action_id?: string;
  value?: string;
  options?: SlackOption[];
  option_groups?: OptionGroup[];
}

export interface Block extends JsonObject {
  type: string;
  block_id?: string;
  element?: BlockElement;
  elements?: BlockElement[];
  accessory?: BlockElement;
  dispatch_action?: boolean;
}

export interface ViewJson extends JsonObject {
  type: string;
  blocks: Block[];
  title?: PlainText;
  submit?: PlainText;
  close?: PlainText;
  callback_id?: string;
  private_metadata?: string;
  external_id?: string;
}

/** `view.state.values`: block_id -> action_id -> the element's value in Slack's per-type format. */
export type StateValues = Record<string, Record<string, JsonObject>>;

export interface EmulatedUser {
  id: string;
  name: string;
  realName?: string;
  email?: string;
}

/** Slack's message metadata: an app-defined event type and its JSON payload. */
export interface MessageMetadata {
  event_type: string;
  event_payload: JsonObject;
}

export interface EmulatedMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  /** The author: the app's bot user for messages the app posted. */
  user: string;
  bot_id?: string;
  app_id?: string;
  text: string;
  blocks: Block[];
  metadata?: MessageMetadata;
  edited?: { user: string; ts: string };
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks: Block[];
}

export type ViewStatus = 'open' | 'closed';

/** A modal as the emulator holds it: the full view object Slack would return, plus who sees it. */
export interface EmulatedView {
  id: string;
  userId: string;
  status: ViewStatus;
  /** What Slack returns from views.* and sends in payloads, minus `state` (see `state`). */
  view: ViewJson & { id: string; hash: string; root_view_id: string; previous_view_id: string | null };
  /** The user's current input, in `view.state.values` format (initial values included). */
  state: StateValues;
  /** The state when the view was last rendered: what block_suggestion payloads carry (bolt-js #1146). */
  renderedState: StateValues;
  /** Errors the app returned for the last submission, keyed by input block_id. */
  errors: Record<string, string>;
  /** Increases with every open/push, so a driver can tell a new modal from one it has seen. */
  seq: number;
}

export interface RecordedCall {
  /** A Web API method name, or `response_url` for a post to a response URL. */
  method: string;
  /** The arguments as the app sent them, JSON strings decoded, any `token` field removed. */
  args: JsonObject;
  /** What the call did (`ok`, `error`), whether or not the app was told. */
  ok: boolean;
  error?: string;
  /**
   * Set when the call was performed but its answer withheld: `hang` (never answered until close) or
   * `lost` (connection destroyed). Absent when the app got the answer, or a refusal that took no effect.
   */
  unanswered?: 'hang' | 'lost';
  /** Epoch milliseconds (the emulator's clock). */
  at: number;
}
