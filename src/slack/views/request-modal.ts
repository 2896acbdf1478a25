import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { z } from 'zod';
import {
  type Billing,
  type Command,
  decimalIdSchema,
  type FieldSpec,
  getScenario,
  NOTE_MAX_LENGTH,
  type OrderFacts,
  type OrderField,
  PO_NUMBER_MAX_LENGTH,
  type QuantityRule,
  type Scenario,
  scenariosForProduct,
  serialNumberSchema,
} from '../../catalog';
import type { RequestLabels } from '../../orders/model';
import { REQUEST_MODAL } from '../ids';
import { truncate } from '../mrkdwn';
import { MAX_OPTION_TEXT, toOption } from '../options/option-list';

const { blocks: BLOCKS, actions: ACTIONS } = REQUEST_MODAL;

/** Separates a block_id's base from the choices it depends on, e.g. `plan::11::3631E0997265`. */
const SEP = '::';

/**
 * Everything the modal needs to rebuild itself, carried in private_metadata. It reflects what the app
 * rendered, so submission re-checks the authoritative facts (current counts) server-side.
 */
export const requestModalMetaSchema = z.object({
  command: z.enum(['renew', 'purchase']),
  /** Channel the command was typed in. */
  channelId: z.string().max(40).optional(),
  productId: z.number().int().positive().optional(),
  productLabel: z.string().max(MAX_OPTION_TEXT).optional(),
  scenarioId: z.string().max(100).optional(),
  serialNumber: serialNumberSchema.optional(),
  /** The subordinate customer the current counts were looked up for (absent: own account). */
  partnerId: decimalIdSchema.optional(),
  /** Current counts shown as hints and pre-filled into renewal quantities. */
  current: z
    .object({
      currentQuantity: z.number().int().nonnegative().optional(),
      currentServiceQuantity: z.number().int().nonnegative().optional(),
    })
    .optional(),
});
export type RequestModalMeta = z.infer<typeof requestModalMetaSchema>;

export function parseModalMeta(privateMetadata: string | undefined): RequestModalMeta | undefined {
  try {
    const parsed = requestModalMetaSchema.safeParse(JSON.parse(privateMetadata ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The catalog row the modal is showing, if the product (and, where it has several, the row) is chosen. */
export function chosenScenario(meta: RequestModalMeta): Scenario | undefined {
  if (meta.productId === undefined || meta.scenarioId === undefined) return undefined;
  const scenario = getScenario(meta.scenarioId);
  return scenario?.command === meta.command && scenario.productId === meta.productId ? scenario : undefined;
}

/** The rows a product offers for the modal's command; more than one means the modal asks which. */
export function productScenarios(meta: RequestModalMeta): Scenario[] {
  return meta.productId === undefined ? [] : scenariosForProduct(meta.command, meta.productId);
}

type BlockName = keyof typeof BLOCKS;
type FieldBlock = Exclude<BlockName, 'product' | 'scenario'>;

/** Where each request field is entered. */
const FIELD_BLOCKS: Record<OrderField, FieldBlock> = {
  partnerId: 'customer',
  billingContactId: 'billingContact',
  planId: 'plan',
  serviceId: 'service',
  serialNumber: 'serialNumber',
  quantity: 'quantity',
  serviceQuantity: 'serviceQuantity',
  billingCycle: 'billingCycle',
  multiCycle: 'term',
  poNumber: 'poNumber',
  note: 'note',
};

/**
 * The block_id of a field. Inputs that depend on the product, the serial number or the current count
 * carry them, so that Slack resets them when those change (it keeps input only for an unchanged
 * block_id + action_id).
 */
export function fieldBlockId(field: OrderField, meta: RequestModalMeta): string {
  const base = BLOCKS[FIELD_BLOCKS[field]];
  const product = String(meta.productId ?? 'none');
  switch (field) {
    case 'planId':
      return [base, product, ...(meta.serialNumber ? [meta.serialNumber] : [])].join(SEP);
    case 'quantity':
      return [base, product, meta.current?.currentQuantity ?? 'any'].join(SEP);
    case 'serviceQuantity':
      return [base, product, meta.current?.currentServiceQuantity ?? 'any'].join(SEP);
    case 'serviceId':
    case 'serialNumber':
    case 'billingCycle':
    case 'multiCycle':
      return [base, product].join(SEP);
    default:
      return base;
  }
}

export function scenarioBlockId(meta: RequestModalMeta): string {
  return [BLOCKS.scenario, meta.productId ?? 'none'].join(SEP);
}

/** What a dependent block_id says: e.g. `plan::11::3631E0997265` -> product 11, serial 3631E0997265. */
export function readBlockId(blockId: string): { productId?: number; serialNumber?: string } {
  const [, product, serial] = blockId.split(SEP);
  const productId = Number(product);
  return {
    ...(Number.isSafeInteger(productId) && productId > 0 ? { productId } : {}),
    ...(serial && serialNumberSchema.safeParse(serial).success ? { serialNumber: serial } : {}),
  };
}

const plain = (text: string) => ({ type: 'plain_text' as const, text });

function input(
  blockId: string,
  label: string,
  element: InputBlock['element'],
  options: { hint?: string; optional?: boolean; dispatch?: boolean } = {},
): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label),
    element,
    ...(options.hint ? { hint: plain(options.hint) } : {}),
    ...(options.optional ? { optional: true } : {}),
    ...(options.dispatch ? { dispatch_action: true } : {}),
  };
}

function externalSelect(actionId: string, placeholder: string, initial?: PlainTextOption) {
  return {
    type: 'external_select' as const,
    action_id: actionId,
    min_query_length: 0,
    placeholder: plain(placeholder),
    ...(initial ? { initial_option: initial } : {}),
  };
}

/** "the current number of extensions" + 100 -> "Current: 100 extensions". */
function currentHint(rule: Extract<QuantityRule, { kind: 'equalsCurrent' }>, count: number): string {
  const unit = /^the current number of (.+)$/.exec(rule.current)?.[1];
  return unit ? `Current: ${count} ${unit}` : `Current: ${count}`;
}

function renewsCurrentQuantity(scenario: Scenario): boolean {
  return scenario.fields.some((f) => 'rule' in f && f.name === 'quantity' && f.rule.kind === 'equalsCurrent');
}

function fieldBlock(field: FieldSpec, scenario: Scenario, meta: RequestModalMeta): KnownBlock {
  const blockId = fieldBlockId(field.name, meta);
  const hinted = { ...(field.hint ? { hint: field.hint } : {}), optional: field.optional === true };
  switch (field.name) {
    case 'partnerId':
      // A new customer has other current counts: re-render to show and pre-fill them.
      return input(blockId, field.label, externalSelect(ACTIONS.customer, 'For my own account'), {
        ...hinted,
        dispatch: renewsCurrentQuantity(scenario),
      });
    case 'billingContactId':
      return input(blockId, field.label, externalSelect(ACTIONS.billingContact, 'Choose a contact'), hinted);
    case 'planId':
      return input(blockId, field.label, externalSelect(ACTIONS.plan, 'Choose a plan'), hinted);
    case 'serviceId':
      return input(blockId, field.label, externalSelect(ACTIONS.service, 'Choose a service'), hinted);
    case 'serialNumber': {
      const initial = meta.serialNumber
        ? toOption({ label: meta.serialNumber, value: meta.serialNumber })
        : undefined;
      // The plan list of a per-device product depends on the serial number.
      return input(blockId, field.label, externalSelect(ACTIONS.serialNumber, 'Choose a PBX', initial), {
        ...hinted,
        dispatch: true,
      });
    }
    case 'quantity':
    case 'serviceQuantity': {
      const { rule } = field;
      const count = rule.kind === 'equalsCurrent' ? meta.current?.[rule.fact] : undefined;
      const actionId = field.name === 'quantity' ? ACTIONS.quantity : ACTIONS.serviceQuantity;
      const element = {
        type: 'number_input' as const,
        action_id: actionId,
        is_decimal_allowed: false,
        min_value: '1',
        ...(rule.kind === 'range' ? { max_value: String(rule.max) } : {}),
        ...(count !== undefined ? { initial_value: String(count) } : {}),
      };
      const hint =
        rule.kind === 'equalsCurrent' && count !== undefined ? currentHint(rule, count) : field.hint;
      return input(blockId, field.label, element, { ...hinted, ...(hint ? { hint } : {}) });
    }
    case 'poNumber':
      return input(
        blockId,
        field.label,
        { type: 'plain_text_input' as const, action_id: ACTIONS.poNumber, max_length: PO_NUMBER_MAX_LENGTH },
        hinted,
      );
    case 'note':
      return input(
        blockId,
        field.label,
        {
          type: 'plain_text_input' as const,
          action_id: ACTIONS.note,
          multiline: true,
          max_length: NOTE_MAX_LENGTH,
        },
        hinted,
      );
  }
}

function billingBlocks(billing: Billing, meta: RequestModalMeta): KnownBlock[] {
  if (billing.kind === 'fixed') return [];
  // Cycles with a single possible term (monthly) imply it; the term select offers the others.
  const terms = [...new Set(billing.options.flatMap((o) => (o.terms.length > 1 ? o.terms : [])))];
  return [
    input(fieldBlockId('billingCycle', meta), billing.cycleLabel, {
      type: 'static_select' as const,
      action_id: ACTIONS.billingCycle,
      options: billing.options.map((o) => toOption({ label: o.label, value: o.billingCycle })),
    }),
    input(
      fieldBlockId('multiCycle', meta),
      billing.termLabel,
      {
        type: 'static_select' as const,
        action_id: ACTIONS.term,
        options: terms.map((t) => toOption({ label: t === 1 ? '1 year' : `${t} years`, value: String(t) })),
      },
      { optional: true, hint: billing.options.map((o) => o.termRule).join('. ') },
    ),
  ];
}

/** The row's fields in order, with billing cycle and term (when asked) before the free-text fields. */
function scenarioBlocks(scenario: Scenario, meta: RequestModalMeta): KnownBlock[] {
  const isText = (f: FieldSpec) => f.name === 'poNumber' || f.name === 'note';
  const choices = scenario.fields.filter((f) => !isText(f)).map((f) => fieldBlock(f, scenario, meta));
  const texts = scenario.fields.filter(isText).map((f) => fieldBlock(f, scenario, meta));
  return [
    { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(scenario.description, 2000) }] },
    ...choices,
    ...billingBlocks(scenario.billing, meta),
    ...texts,
  ];
}

const TITLES: Record<Command, string> = { renew: 'Renew a licence', purchase: 'Purchase a licence' };

/** The request modal for a command, showing exactly what the chosen product and row need. */
export function buildRequestModal(meta: RequestModalMeta): ModalView {
  const productInitial =
    meta.productId !== undefined
      ? toOption({ label: meta.productLabel ?? String(meta.productId), value: String(meta.productId) })
      : undefined;
  const blocks: KnownBlock[] = [
    input(BLOCKS.product, 'Product', externalSelect(ACTIONS.product, 'Choose a product', productInitial), {
      dispatch: true,
    }),
  ];
  const rows = productScenarios(meta);
  if (rows.length > 1) {
    const chosen = chosenScenario(meta);
    blocks.push(
      input(
        scenarioBlockId(meta),
        'What to order',
        {
          type: 'radio_buttons' as const,
          action_id: ACTIONS.scenario,
          options: rows.map((row) => toOption({ label: row.label, value: row.id })),
          ...(chosen ? { initial_option: toOption({ label: chosen.label, value: chosen.id }) } : {}),
        },
        { dispatch: true },
      ),
    );
  }
  const scenario = chosenScenario(meta);
  if (scenario) blocks.push(...scenarioBlocks(scenario, meta));
  return {
    type: 'modal',
    callback_id: REQUEST_MODAL.callbackId,
    title: plain(TITLES[meta.command]),
    submit: plain('Ask for approval'),
    close: plain('Cancel'),
    // Bounded by the schema's field limits, far below Slack's 3000 characters.
    private_metadata: JSON.stringify(meta),
    blocks,
  };
}

// ---- reading a submitted view ------------------------------------------------------------------------

const stateValueSchema = z.object({
  value: z.string().nullish(),
  selected_option: z.object({ text: z.object({ text: z.string() }), value: z.string() }).nullish(),
});
const viewSchema = z.object({
  private_metadata: z.string(),
  state: z.object({ values: z.record(z.string(), z.record(z.string(), stateValueSchema)) }),
});

/** A field as the person left it: the value, and for a picked option the text they saw. */
export interface Entry {
  value: string;
  label?: string;
}

export interface RequestForm {
  meta: RequestModalMeta;
  scenario?: Scenario;
  entries: Partial<Record<OrderField, Entry>>;
  /** What the person saw for each choice, stored with the request. */
  labels: RequestLabels;
}

const FIELD_ACTIONS: Record<OrderField, string> = Object.fromEntries(
  Object.entries(FIELD_BLOCKS).map(([field, block]) => [field, ACTIONS[block]]),
) as Record<OrderField, string>;

const LABELLED: Partial<Record<OrderField, keyof RequestLabels>> = {
  partnerId: 'customer',
  billingContactId: 'billingContact',
  planId: 'plan',
  serviceId: 'service',
  serialNumber: 'serialNumber',
};

/**
 * Reads a submitted request modal (view.state + private_metadata), validated with zod. Undefined when
 * the view is not one this app built.
 */
export function readRequestForm(view: unknown): RequestForm | undefined {
  const parsed = viewSchema.safeParse(view);
  if (!parsed.success) return undefined;
  const meta = parseModalMeta(parsed.data.private_metadata);
  if (!meta) return undefined;
  const values = parsed.data.state.values;
  const entries: RequestForm['entries'] = {};
  for (const field of Object.keys(FIELD_BLOCKS) as OrderField[]) {
    const state = values[fieldBlockId(field, meta)]?.[FIELD_ACTIONS[field]];
    const option = state?.selected_option;
    if (option) entries[field] = { value: option.value, label: option.text.text };
    else if (state?.value) entries[field] = { value: state.value };
  }
  const scenario = chosenScenario(meta);
  const labels: RequestLabels = {
    ...(scenario ? { scenario: scenario.label } : {}),
    ...(meta.productLabel ? { product: meta.productLabel } : {}),
  };
  for (const [field, key] of Object.entries(LABELLED) as [OrderField, keyof RequestLabels][]) {
    const label = entries[field]?.label;
    if (label !== undefined) labels[key] = label;
  }
  return { meta, ...(scenario ? { scenario } : {}), entries, labels };
}

// ---- how a choice changes the modal --------------------------------------------------------------------

/** A new product: its only row is chosen for the person; choices that depended on the old one go. */
export function withProduct(
  meta: RequestModalMeta,
  productId: number,
  productLabel: string,
): RequestModalMeta {
  const { command, channelId, partnerId } = meta;
  const rows = scenariosForProduct(command, productId);
  return {
    command,
    ...(channelId ? { channelId } : {}),
    ...(partnerId ? { partnerId } : {}),
    productId,
    productLabel: truncate(productLabel, MAX_OPTION_TEXT),
    ...(rows.length === 1 && rows[0] ? { scenarioId: rows[0].id } : {}),
  };
}

export function withScenario(meta: RequestModalMeta, scenarioId: string): RequestModalMeta {
  return { ...meta, scenarioId };
}

export function withSerialNumber(meta: RequestModalMeta, serialNumber: string): RequestModalMeta {
  return { ...meta, serialNumber };
}

/** A new customer (or none: the own account) and the current counts looked up for them. */
export function withOwner(
  meta: RequestModalMeta,
  partnerId: string | undefined,
  current: OrderFacts,
): RequestModalMeta {
  const { partnerId: _old, current: _stale, ...rest } = meta;
  return {
    ...rest,
    ...(partnerId ? { partnerId } : {}),
    ...(Object.keys(current).length > 0 ? { current } : {}),
  };
}
