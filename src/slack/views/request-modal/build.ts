import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import {
  type Command,
  type FieldSpec,
  NOTE_MAX_LENGTH,
  PO_NUMBER_MAX_LENGTH,
  portalOnlyFor,
  type Scenario,
} from '../../../catalog';
import { REQUEST_MODAL } from '../../ids';
import { escapeMrkdwn, truncate } from '../../mrkdwn';
import { type Holding, holdingName } from '../../options/holdings';
import { toOption } from '../../options/option-list';
import { sandboxBlocks } from '../request-summary';
import { countedUnit, fixedTermLabel, plainDate, termLabel } from '../words';
import { fieldBlockId, inputBlockId, type ModalInput } from './block-ids';
import { chosenScenario, productScenarios, type RequestModalMeta } from './meta';

const { actions: ACTIONS } = REQUEST_MODAL;

/** The customer list's entry for the reseller itself: always there, so a customer choice can be undone. */
export const OWN_ACCOUNT_VALUE = 'own';

export function ownAccountLabel(meta: Pick<RequestModalMeta, 'ownAccount'>): string {
  return meta.ownAccount ? `Our own account (${meta.ownAccount})` : 'Our own account';
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
    ...(options.hint ? { hint: plain(truncate(options.hint, 2000)) } : {}),
    ...(options.optional ? { optional: true } : {}),
    ...(options.dispatch ? { dispatch_action: true } : {}),
  };
}

function externalSelect(input: ModalInput, placeholder: string, initial?: PlainTextOption) {
  return {
    type: 'external_select' as const,
    action_id: ACTIONS[input],
    min_query_length: 0,
    placeholder: plain(placeholder),
    ...(initial ? { initial_option: initial } : {}),
  };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, 2000) }] };
}

/** The customer select: required, with the own account as its first entry and its initial choice. */
function customerBlock(meta: RequestModalMeta, hint: string, dispatch: boolean): KnownBlock {
  const initial = meta.customer ?? { value: OWN_ACCOUNT_VALUE, label: ownAccountLabel(meta) };
  return input(
    inputBlockId('customer', meta),
    'Customer',
    externalSelect('customer', 'Choose a customer', toOption(initial)),
    { hint, dispatch },
  );
}

/** "Extensions: 100, renewed as is": a count a renewal must keep. */
function countLine(
  field: Extract<FieldSpec, { rule: unknown }>,
  count: number,
  serviceName?: string,
): string {
  const unit = field.rule.kind === 'equalsCurrent' ? countedUnit(field.rule.current) : undefined;
  const what = unit ?? serviceName ?? field.label;
  return `*${escapeMrkdwn(what.charAt(0).toUpperCase() + what.slice(1))}*: ${count}, renewed as is`;
}

/**
 * A holding as the "What to renew" list shows it, in Slack's 75 characters: "P-Series Turnkey Package (100
 * extensions), until 1 Apr 2027"; each line's name with the count it keeps.
 */
export function holdingOptionText(holding: Holding, scenario: Scenario | undefined): string {
  const unitOf = (name: string | undefined) => {
    const field = scenario?.fields.find((f) => f.name === name);
    return field && 'rule' in field && field.rule.kind === 'equalsCurrent'
      ? countedUnit(field.rule.current)
      : undefined;
  };
  const parts = (scenario?.lines ?? []).map((line) => {
    const name = (line.serviceType === 'plan' ? holding.planName : holding.serviceName) ?? '';
    const count = line.quantity ? holding.counts[line.quantity] : undefined;
    if (count === undefined) return name;
    const unit = unitOf(line.quantity);
    return `${name} (${count}${unit ? ` ${unit}` : ''})`;
  });
  const what = parts.filter(Boolean).join(' with ') || holdingName(holding);
  return [
    what + (holding.serialNumber ? ` on PBX ${holding.serialNumber}` : ''),
    ...(holding.expireTime ? [`until ${plainDate(holding.expireTime)}`] : []),
  ].join(', ');
}

/** The holding a renewal renews, as facts: what, where, the counts it keeps, until when, and for how long. */
function holdingFacts(meta: RequestModalMeta, scenario: Scenario): KnownBlock[] {
  const holding = meta.holding;
  if (!holding) return [];
  const lines = [`*Renews*: ${escapeMrkdwn(holdingName(holding))}`];
  if (holding.serialNumber) lines.push(`*PBX*: ${escapeMrkdwn(holding.serialNumber)}`);
  for (const field of scenario.fields) {
    if (!('rule' in field)) continue;
    const count = holding.counts[field.name];
    if (count !== undefined) lines.push(countLine(field, count, holding.serviceName));
  }
  if (holding.expireTime) lines.push(`*Expires now*: ${plainDate(holding.expireTime)}`);
  lines.push(...termFacts(scenario, keptCycle(meta, scenario)));
  return [factsSection(lines)];
}

function factsSection(lines: string[]): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } };
}

/** The term, where the row fixes it, or the billing cycle the order keeps. */
function termFacts(scenario: Scenario, kept: string | undefined): string[] {
  if (scenario.billing.kind === 'fixed') {
    const term = fixedTermLabel(scenario.billing, scenario.purchaseType);
    return term ? [`*Term*: ${term}`] : [];
  }
  return kept
    ? [`*Billing cycle*: ${termLabel(kept, 1).replace(/^1 year, billed /, '')}, kept as it is`]
    : [];
}

/** The billing cycle held now, if the order must keep it and the list says it. */
function keptCycle(meta: RequestModalMeta, scenario: Scenario): string | undefined {
  if (scenario.billing.kind !== 'chosen' || !scenario.billing.keepsCycle) return undefined;
  return meta.holding?.billingCycle ?? meta.currentPlan?.billingCycle;
}

/** Expansions, add-ons and switches: the plan the PBX or account has now, as a fact. */
function currentPlanFacts(meta: RequestModalMeta, scenario: Scenario): KnownBlock[] {
  const plan = meta.currentPlan;
  if (!plan) return [];
  const lines = [`*Current plan*: ${escapeMrkdwn(plan.name)}`];
  const counted = scenario.fields.find((f) => f.name === 'quantity');
  if (plan.quantity !== undefined && counted && 'rule' in counted && counted.rule.kind === 'equalsCurrent') {
    lines.push(countLine(counted, plan.quantity).replace('renewed as is', 'as the plan has now'));
  }
  const kept = keptCycle(meta, scenario);
  if (kept) lines.push(...termFacts(scenario, kept));
  return [factsSection(lines)];
}

/** A field the modal asks for: every one but the current plan, which is looked up. */
type AskedField = FieldSpec & { name: Exclude<FieldSpec['name'], 'connectionPlanId'> };

/**
 * What the app fills in rather than asks: the current plan; for a renewal, what its holding fixes (its
 * plan or service, its PBX and the counts Yeastar's list gave); a count that must equal the current
 * plan's (High Availability).
 */
function lookedUpField(field: FieldSpec, meta: RequestModalMeta): boolean {
  if (field.name === 'connectionPlanId') return true;
  if (meta.command !== 'renew') {
    return (
      field.name === 'quantity' &&
      field.rule.kind === 'equalsCurrent' &&
      meta.currentPlan?.quantity !== undefined
    );
  }
  switch (field.name) {
    case 'planId':
    case 'serviceId':
    case 'serialNumber':
      return true;
    case 'quantity':
    case 'serviceQuantity':
      return meta.holding?.counts[field.name] !== undefined;
    default:
      return false;
  }
}

/** The lists a request names one entry of, the app's choice for the person shown as chosen. */
const PICKED = {
  billingContactId: ['billingContact', 'Choose a contact'],
  planId: ['plan', 'Choose a plan'],
  serviceId: ['service', 'Choose a service'],
} as const;

function fieldBlock(field: AskedField, meta: RequestModalMeta): KnownBlock {
  const blockId = fieldBlockId(field.name, meta);
  const hinted = { ...(field.hint ? { hint: field.hint } : {}), optional: field.optional === true };
  switch (field.name) {
    case 'partnerId':
      // The PBX list and what is held follow the customer.
      return customerBlock(meta, field.hint ?? '', true);
    case 'billingContactId':
    case 'planId':
    case 'serviceId': {
      const [name, placeholder] = PICKED[field.name];
      const auto = meta.auto?.[name];
      return input(blockId, field.label, externalSelect(name, placeholder, auto && toOption(auto)), hinted);
    }
    case 'serialNumber': {
      const serial = meta.serial;
      const initial = serial && toOption({ value: serial.value, label: serial.label ?? serial.value });
      // The plans offered depend on the PBX.
      return input(blockId, field.label, externalSelect('serialNumber', 'Choose a PBX', initial), {
        ...hinted,
        dispatch: true,
      });
    }
    case 'quantity':
    case 'serviceQuantity': {
      const { rule } = field;
      const before = meta.prefill?.[field.name];
      const element = {
        type: 'number_input' as const,
        action_id: ACTIONS[field.name],
        is_decimal_allowed: false,
        min_value: '1',
        ...(rule.kind === 'range' ? { max_value: String(rule.max) } : {}),
        ...(before !== undefined ? { initial_value: String(before) } : {}),
      };
      // A renewal shows this input only when Yeastar's list gave no count to keep.
      const hint =
        rule.kind === 'equalsCurrent'
          ? `Yeastar's list gives no current count: enter ${rule.current}, as the Partner Portal shows it`
          : field.hint;
      return input(blockId, field.label, element, { ...hinted, ...(hint ? { hint } : {}) });
    }
    case 'poNumber':
      return input(
        blockId,
        field.label,
        {
          type: 'plain_text_input' as const,
          action_id: ACTIONS.poNumber,
          max_length: PO_NUMBER_MAX_LENGTH,
          ...(meta.prefill?.poNumber ? { initial_value: meta.prefill.poNumber } : {}),
        },
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
          ...(meta.prefill?.note ? { initial_value: meta.prefill.note } : {}),
        },
        hinted,
      );
  }
}

/**
 * Billing cycle and term as one required choice: "Monthly", "1 year, billed annually" … "5 years, …".
 * An order that keeps its billing cycle offers only the terms of the cycle held now; one choice is made.
 */
function termBlock(scenario: Scenario, meta: RequestModalMeta): KnownBlock[] {
  const { billing } = scenario;
  if (billing.kind === 'fixed') return [];
  const kept = keptCycle(meta, scenario);
  const cycles = billing.options.filter((o) => !kept || o.billingCycle === kept);
  const options = (cycles.length > 0 ? cycles : billing.options).flatMap((o) =>
    o.terms.map((t) => toOption({ label: termLabel(o.billingCycle, t), value: `${o.billingCycle}:${t}` })),
  );
  // One choice is made; a request sent again keeps its term where it still fits.
  const initial = options.length === 1 ? options[0] : options.find((o) => o.value === meta.prefill?.term);
  return [
    input(fieldBlockId('multiCycle', meta), billing.termLabel, {
      type: 'static_select' as const,
      action_id: ACTIONS.term,
      options,
      ...(initial ? { initial_option: initial } : {}),
    }),
  ];
}

/** The row's fields in order (those looked up left out), with the term before the free-text fields. */
function scenarioBlocks(scenario: Scenario, meta: RequestModalMeta): KnownBlock[] {
  const isText = (f: FieldSpec) => f.name === 'poNumber' || f.name === 'note';
  // /renew asks for the customer first, before what is held is looked up.
  const asked = scenario.fields.filter(
    (f): f is AskedField => !lookedUpField(f, meta) && !(meta.command === 'renew' && f.name === 'partnerId'),
  );
  const choices = asked.filter((f) => !isText(f)).map((f) => fieldBlock(f, meta));
  const texts = asked.filter(isText).map((f) => fieldBlock(f, meta));
  // The current plan shows once the PBX it is on is chosen.
  const [beforePlan, afterPlan] = splitAfterPbx(scenario, choices);
  return [
    ...beforePlan,
    ...currentPlanFacts(meta, scenario),
    ...afterPlan,
    ...termBlock(scenario, meta),
    ...texts,
  ];
}

/** The asked blocks up to the PBX (or the customer, for a product bought per account), and the rest. */
function splitAfterPbx(scenario: Scenario, blocks: KnownBlock[]): [KnownBlock[], KnownBlock[]] {
  const { blocks: ids } = REQUEST_MODAL;
  const anchor = scenario.fields.some((f) => f.name === 'serialNumber') ? ids.serialNumber : ids.customer;
  const at = blocks.findIndex((b) => b.block_id?.split('::')[0] === anchor);
  return at < 0 ? [[], blocks] : [blocks.slice(0, at + 1), blocks.slice(at + 1)];
}

/** /renew: whose holdings, which of them, and then what the chosen one needs besides. */
function renewalBlocks(meta: RequestModalMeta): KnownBlock[] {
  const blocks: KnownBlock[] = [customerBlock(meta, 'Whose subscription to renew', true)];
  if (meta.nothingHeld) {
    const who = meta.customer?.label ?? ownAccountLabel(meta);
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*${escapeMrkdwn(who)}* holds nothing the app can renew now. Choose another customer, or use ` +
            '`/purchase` to order something new.',
          3000,
        ),
      },
    });
    return blocks;
  }
  const held = meta.holding;
  blocks.push(
    input(
      inputBlockId('holding', meta),
      'What to renew',
      externalSelect(
        'holding',
        'Choose a subscription',
        held && toOption({ value: held.key, label: holdingName(held) }),
      ),
      { dispatch: true, hint: 'What the customer holds now, with its count and expiry' },
    ),
  );
  const scenario = chosenScenario(meta);
  if (scenario) blocks.push(...holdingFacts(meta, scenario), ...scenarioBlocks(scenario, meta));
  return blocks;
}

/** /purchase: the product, which kind of order where it has several, then the row's fields. */
function purchaseBlocks(meta: RequestModalMeta): KnownBlock[] {
  const productInitial =
    meta.productId !== undefined
      ? toOption({ label: meta.productLabel ?? String(meta.productId), value: String(meta.productId) })
      : undefined;
  const blocks: KnownBlock[] = [
    input(
      inputBlockId('product', meta),
      'Product',
      externalSelect('product', 'Choose a product', productInitial),
      {
        dispatch: true,
      },
    ),
  ];
  const rows = productScenarios(meta);
  const scenario = chosenScenario(meta);
  if (meta.productId !== undefined) {
    for (const other of portalOnlyFor(meta.command, meta.productId)) {
      blocks.push(context(`${other.what} is ordered in the Partner Portal: ${other.why}.`));
    }
  }
  if (rows.length > 1) {
    blocks.push(
      input(
        inputBlockId('scenario', meta),
        'What do you want to do?',
        {
          type: 'radio_buttons' as const,
          action_id: ACTIONS.scenario,
          options: rows.map((row) => toOption({ label: row.label, value: row.id })),
          ...(scenario ? { initial_option: toOption({ label: scenario.label, value: scenario.id }) } : {}),
        },
        { dispatch: true },
      ),
    );
  }
  if (scenario) blocks.push(context(scenario.description), ...scenarioBlocks(scenario, meta));
  return blocks;
}

const TITLES: Record<Command, string> = { renew: 'Renew a subscription', purchase: 'Purchase' };

/** The request modal for a command, showing exactly what the choices so far need. */
export function buildRequestModal(meta: RequestModalMeta): ModalView {
  const blocks: KnownBlock[] = [
    ...sandboxBlocks({ sandbox: meta.sandbox === true }),
    ...(meta.notice ? [context(`⚠️ ${escapeMrkdwn(meta.notice)}`)] : []),
    ...(meta.command === 'renew' ? renewalBlocks(meta) : purchaseBlocks(meta)),
  ];
  return {
    type: 'modal',
    callback_id: REQUEST_MODAL.callbackId,
    title: plain(TITLES[meta.command]),
    submit: plain('Ask for approval'),
    close: plain('Cancel'),
    // Bounded by the schema's field limits, below Slack's 3000 characters.
    private_metadata: JSON.stringify(meta),
    blocks,
  };
}
