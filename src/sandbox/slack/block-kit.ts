import { z } from 'zod';
import type { Block, BlockElement, OptionGroup, SlackOption, ViewJson } from './types';

/**
 * The Block Kit rules Slack enforces that catch real bugs cheaply (limits from Slack's reference, see
 * spec/slack-platform.md §1.8). A refusal names the offending field with a JSON pointer, as Slack does in
 * `response_metadata.messages`.
 */

export interface SlackRefusal {
  error: string;
  messages: string[];
}

const MAX_ID = 255;
const MAX_MODAL_TEXT = 24;
const MAX_METADATA = 3000;
const MAX_OPTIONS = 100;
const MAX_OPTION_TEXT = 75;
const MAX_OPTION_VALUE = 150;
export const MAX_MESSAGE_BLOCKS = 50;
export const MAX_VIEW_BLOCKS = 100;

const text = z.looseObject({ type: z.enum(['plain_text', 'mrkdwn']), text: z.string() });
const option = z.looseObject({ text, value: z.string() });
const optionGroup = z.looseObject({ label: text, options: z.array(option) });
const element = z.looseObject({
  type: z.string(),
  action_id: z.string().optional(),
  options: z.array(option).optional(),
  option_groups: z.array(optionGroup).optional(),
});
const block = z.looseObject({
  type: z.string(),
  block_id: z.string().optional(),
  element: element.optional(),
  elements: z.array(z.unknown()).optional(),
  accessory: element.optional(),
  dispatch_action: z.boolean().optional(),
});
const blocksSchema = z.array(block);
const viewSchema = z.looseObject({
  type: z.enum(['modal', 'home']),
  blocks: blocksSchema,
  title: text.optional(),
  submit: text.optional(),
  close: text.optional(),
  callback_id: z.string().optional(),
  private_metadata: z.string().optional(),
  external_id: z.string().optional(),
});

type Parsed<T> = { ok: true; value: T } | { ok: false; refusal: SlackRefusal };

function pointer(path: readonly PropertyKey[]): string {
  return `/${path.map(String).join('/')}`;
}

function refusal(error: string, problems: { message: string; path: string }[]): SlackRefusal {
  return { error, messages: problems.map((p) => `[ERROR] ${p.message} [json-pointer:${p.path}]`) };
}

function fromZod(error: string, prefix: string, issues: z.core.$ZodIssue[]): SlackRefusal {
  return refusal(
    error,
    issues.map((i) => ({ message: i.message, path: `${prefix}${pointer(i.path)}` })),
  );
}

/** The interactive elements of a block: an input's element, an actions/context list, a section accessory. */
export function elementsOf(b: Block): BlockElement[] {
  const list = b.element ? [b.element] : [];
  if (b.accessory) list.push(b.accessory);
  if (b.type === 'actions' && Array.isArray(b.elements)) list.push(...b.elements);
  return list;
}

export function allOptions(e: { options?: SlackOption[]; option_groups?: OptionGroup[] }): SlackOption[] {
  return [...(e.options ?? []), ...(e.option_groups ?? []).flatMap((g) => g.options)];
}

function optionProblems(e: { options?: SlackOption[]; option_groups?: OptionGroup[] }, at: string) {
  const problems: { message: string; path: string }[] = [];
  if ((e.options?.length ?? 0) > MAX_OPTIONS || (e.option_groups?.length ?? 0) > MAX_OPTIONS) {
    problems.push({ message: `must provide at most ${MAX_OPTIONS} items`, path: at });
  }
  for (const o of allOptions(e)) {
    if (o.text.text.length > MAX_OPTION_TEXT) {
      problems.push({ message: `option text must be at most ${MAX_OPTION_TEXT} characters`, path: at });
    }
    if (o.value.length > MAX_OPTION_VALUE) {
      problems.push({ message: `option value must be at most ${MAX_OPTION_VALUE} characters`, path: at });
    }
  }
  return problems;
}

/** A text object's `text`, if the value is one. */
function textOf(value: unknown): string | undefined {
  const t = (value as { text?: unknown } | undefined)?.text;
  return typeof t === 'string' ? t : undefined;
}

/** Slack's length limits on the texts of a block and its elements (spec §1.8). */
const TEXT_LIMITS: { where: (b: Block) => [unknown, string][]; max: number }[] = [
  { max: 3000, where: (b) => (b.type === 'section' ? [[b.text, 'text']] : []) },
  { max: 150, where: (b) => (b.type === 'header' ? [[b.text, 'text']] : []) },
  {
    max: 2000,
    where: (b) => [
      ...((b.fields as unknown[] | undefined) ?? []).map((f, i): [unknown, string] => [f, `fields/${i}`]),
      ...(b.type === 'input'
        ? ([
            [b.label, 'label'],
            [b.hint, 'hint'],
          ] as [unknown, string][])
        : []),
    ],
  },
  {
    max: 3000,
    where: (b) =>
      b.type === 'context'
        ? ((b.elements as unknown[] | undefined) ?? []).map((e, i): [unknown, string] => [e, `elements/${i}`])
        : [],
  },
];

function textProblems(b: Block, here: string) {
  const problems: { message: string; path: string }[] = [];
  for (const { where, max } of TEXT_LIMITS) {
    for (const [value, path] of where(b)) {
      const t = textOf(value);
      if (t !== undefined && t.length > max)
        problems.push({ message: `must be at most ${max} characters`, path: `${here}/${path}/text` });
    }
  }
  if (((b.fields as unknown[] | undefined)?.length ?? 0) > 10)
    problems.push({ message: 'must provide at most 10 items', path: `${here}/fields` });
  if (b.type === 'context' && (b.elements?.length ?? 0) > 10)
    problems.push({ message: 'must provide at most 10 items', path: `${here}/elements` });
  for (const e of elementsOf(b)) {
    const confirm = e.confirm as { title?: unknown; text?: unknown } | undefined;
    const checks: [unknown, number, string][] = [
      [e.text, 75, 'text'],
      [e.placeholder, 150, 'placeholder'],
      [confirm?.title, 100, 'confirm/title'],
      [confirm?.text, 300, 'confirm/text'],
    ];
    for (const [value, max, path] of checks) {
      const t = textOf(value);
      if (t !== undefined && t.length > max)
        problems.push({ message: `must be at most ${max} characters`, path: `${here}/${path}/text` });
    }
    if (typeof e.value === 'string' && e.value.length > 2000)
      problems.push({ message: 'must be at most 2000 characters', path: `${here}/value` });
  }
  return problems;
}

function blockProblems(blocks: Block[], max: number, at: string) {
  const problems: { message: string; path: string }[] = [];
  if (blocks.length > max) problems.push({ message: `must provide at most ${max} items`, path: at });
  const seen = new Set<string>();
  blocks.forEach((b, i) => {
    const here = `${at}/${i}`;
    if (b.block_id !== undefined) {
      if (b.block_id.length > MAX_ID)
        problems.push({ message: `must be at most ${MAX_ID} characters`, path: `${here}/block_id` });
      if (seen.has(b.block_id))
        problems.push({ message: `duplicate block_id "${b.block_id}"`, path: `${here}/block_id` });
      seen.add(b.block_id);
    }
    const actionIds = new Set<string>();
    for (const e of elementsOf(b)) {
      if (e.action_id !== undefined) {
        if (e.action_id.length > MAX_ID)
          problems.push({ message: `action_id must be at most ${MAX_ID} characters`, path: here });
        if (actionIds.has(e.action_id))
          problems.push({ message: `duplicate action_id "${e.action_id}"`, path: here });
        actionIds.add(e.action_id);
      }
      problems.push(...optionProblems(e, here));
    }
    problems.push(...textProblems(b, here));
  });
  return problems;
}

/** Blocks for chat.postMessage / chat.update / response URLs: at most 50. */
export function parseMessageBlocks(raw: unknown): Parsed<Block[]> {
  const parsed = blocksSchema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, refusal: fromZod('invalid_blocks', '/blocks', parsed.error.issues) };
  const blocks = parsed.data as Block[];
  const problems = blockProblems(blocks, MAX_MESSAGE_BLOCKS, '/blocks');
  return problems.length
    ? { ok: false, refusal: refusal('invalid_blocks', problems) }
    : { ok: true, value: blocks };
}

function modalText(view: ViewJson, key: 'title' | 'submit' | 'close') {
  const value = view[key];
  return value && value.text.length > MAX_MODAL_TEXT
    ? [{ message: `must be at most ${MAX_MODAL_TEXT} characters`, path: `/view/${key}/text` }]
    : [];
}

/** A view for views.open / update / push or a `response_action` update/push. */
export function parseView(raw: unknown): Parsed<ViewJson> {
  const parsed = viewSchema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, refusal: fromZod('invalid_arguments', '/view', parsed.error.issues) };
  const view = parsed.data as ViewJson;
  const blocks = blockProblems(view.blocks, MAX_VIEW_BLOCKS, '/view/blocks');
  if (blocks.length) return { ok: false, refusal: refusal('invalid_blocks', blocks) };
  const fields = [...modalText(view, 'title'), ...modalText(view, 'submit'), ...modalText(view, 'close')];
  if (view.type === 'modal' && !view.title)
    fields.push({ message: 'title is required', path: '/view/title' });
  if ((view.private_metadata?.length ?? 0) > MAX_METADATA) {
    fields.push({ message: `must be at most ${MAX_METADATA} characters`, path: '/view/private_metadata' });
  }
  for (const key of ['callback_id', 'external_id'] as const) {
    if ((view[key]?.length ?? 0) > MAX_ID)
      fields.push({ message: `must be at most ${MAX_ID} characters`, path: `/view/${key}` });
  }
  if (view.type === 'modal' && !view.submit && view.blocks.some((b) => b.type === 'input')) {
    fields.push({ message: 'must define submit to use input block', path: '/view/submit' });
  }
  return fields.length
    ? { ok: false, refusal: refusal('invalid_arguments', fields) }
    : { ok: true, value: view };
}

export interface OptionsAnswer {
  options?: SlackOption[];
  option_groups?: OptionGroup[];
}

const optionsAnswer = z.looseObject({
  options: z.array(option).optional(),
  option_groups: z.array(optionGroup).optional(),
});

/** What an app may answer to a block_suggestion; anything else makes Slack show "no results". */
export function parseOptionsAnswer(raw: unknown): Parsed<OptionsAnswer> {
  const parsed = optionsAnswer.safeParse(raw);
  if (!parsed.success) return { ok: false, refusal: fromZod('invalid_options', '', parsed.error.issues) };
  const problems = optionProblems(parsed.data, '/options');
  return problems.length
    ? { ok: false, refusal: refusal('invalid_options', problems) }
    : { ok: true, value: parsed.data };
}
