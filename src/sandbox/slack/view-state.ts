import { randomBytes } from 'node:crypto';
import { allOptions, elementsOf } from './block-kit';
import type { Block, BlockElement, JsonObject, SlackOption, StateValues } from './types';

/**
 * `view.state.values` the way Slack keeps it: one entry per stateful element, keyed by block_id and
 * action_id, in a format that depends on the element type. Input survives `views.update` only where the
 * new view keeps the same block_id + action_id (and element type) — changing a block_id resets a field.
 */

/** What a person can enter: text, one option (by value or as an object), several option values, a user. */
export type InputValue = string | readonly string[] | SlackOption;

type Kind = 'text' | 'option' | 'options' | 'user';

const KINDS: Record<string, Kind> = {
  plain_text_input: 'text',
  number_input: 'text',
  static_select: 'option',
  external_select: 'option',
  radio_buttons: 'option',
  checkboxes: 'options',
  users_select: 'user',
};

export interface LocatedElement {
  block: Block;
  element: BlockElement;
}

/** Slack fills in a random block_id / action_id where the app gave none; state is keyed by them. */
export function withGeneratedIds(blocks: Block[]): Block[] {
  const id = () => randomBytes(3).toString('base64url');
  return blocks.map((b) => {
    const block: Block = { ...b, block_id: b.block_id ?? id() };
    const fill = (e: BlockElement): BlockElement =>
      e.action_id === undefined ? { ...e, action_id: id() } : e;
    if (block.element) block.element = fill(block.element);
    if (block.accessory) block.accessory = fill(block.accessory);
    if (block.type === 'actions' && Array.isArray(block.elements)) block.elements = block.elements.map(fill);
    return block;
  });
}

export function findElement(blocks: Block[], blockId: string, actionId: string): LocatedElement | undefined {
  for (const block of blocks) {
    if (block.block_id !== blockId) continue;
    const element = elementsOf(block).find((e) => e.action_id === actionId);
    if (element) return { block, element };
  }
  return undefined;
}

function kindOf(element: BlockElement): Kind | undefined {
  return KINDS[element.type];
}

function emptyValue(element: BlockElement, kind: Kind): JsonObject {
  const initial = element as JsonObject;
  switch (kind) {
    case 'text':
      return { type: element.type, value: initial.initial_value ?? null };
    case 'option':
      return { type: element.type, selected_option: initial.initial_option ?? null };
    case 'options':
      return { type: element.type, selected_options: initial.initial_options ?? [] };
    case 'user':
      return { type: element.type, selected_user: initial.initial_user ?? null };
  }
}

function statefulElements(blocks: Block[]): { blockId: string; element: BlockElement; kind: Kind }[] {
  return blocks.flatMap((block) =>
    block.type === 'input' || block.type === 'actions' || block.type === 'section'
      ? elementsOf(block).flatMap((element) => {
          const kind = kindOf(element);
          return kind && block.block_id ? [{ blockId: block.block_id, element, kind }] : [];
        })
      : [],
  );
}

/** The state of a freshly rendered view: every stateful element with its initial value (or empty). */
export function initialState(blocks: Block[]): StateValues {
  const values: StateValues = {};
  for (const { blockId, element, kind } of statefulElements(blocks)) {
    values[blockId] = { ...values[blockId], [element.action_id ?? '']: emptyValue(element, kind) };
  }
  return values;
}

/** The state after `views.update`: previous input kept where block_id, action_id and type are unchanged. */
export function carryOver(previous: StateValues, blocks: Block[]): StateValues {
  const next = initialState(blocks);
  for (const [blockId, actions] of Object.entries(next)) {
    for (const [actionId, fresh] of Object.entries(actions)) {
      const old = previous[blockId]?.[actionId];
      if (old && old.type === fresh.type) actions[actionId] = old;
    }
  }
  return next;
}

function pickOption(value: string | SlackOption, offered: SlackOption[], where: string): SlackOption {
  if (typeof value !== 'string') return value;
  const found = offered.find((o) => o.value === value);
  if (!found) throw new Error(`option "${value}" is not offered by ${where}`);
  return found;
}

/**
 * Converts what a person entered into the element's state value. Options given by value must be among
 * those the element (or, for external_select, the app's last options answer) offered.
 */
export function stateValue(
  located: LocatedElement,
  value: InputValue,
  suggested: SlackOption[] = [],
): JsonObject {
  const { block, element } = located;
  const where = `${block.block_id}/${element.action_id}`;
  const kind = kindOf(element);
  const offered = element.type === 'external_select' ? suggested : allOptions(element);
  const initial = (element as { initial_option?: SlackOption }).initial_option;
  const candidates = initial ? [...offered, initial] : offered;
  switch (kind) {
    case 'text':
      if (typeof value !== 'string') throw new Error(`${where} is a ${element.type}: give a string`);
      return { type: element.type, value };
    case 'option':
      if (Array.isArray(value)) throw new Error(`${where} is a ${element.type}: give one option`);
      return {
        type: element.type,
        selected_option: pickOption(value as string | SlackOption, candidates, where),
      };
    case 'options': {
      const values = Array.isArray(value) ? (value as readonly string[]) : [value as string | SlackOption];
      return { type: element.type, selected_options: values.map((v) => pickOption(v, candidates, where)) };
    }
    case 'user':
      if (typeof value !== 'string') throw new Error(`${where} is a users_select: give a user id`);
      return { type: element.type, selected_user: value };
    default:
      throw new Error(`${where} is a ${element.type}, which the emulator cannot fill in`);
  }
}
