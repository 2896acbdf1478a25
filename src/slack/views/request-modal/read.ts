import { z } from 'zod';
import type { Scenario } from '../../../catalog';
import { REQUEST_MODAL } from '../../ids';
import { type EnteredOrderField, FIELD_INPUTS, type ModalInput } from './block-ids';
import { OWN_ACCOUNT_VALUE } from './build';
import { chosenScenario, parseModalMeta, type RequestModalMeta } from './meta';

const { actions: ACTIONS } = REQUEST_MODAL;

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
  entries: Partial<Record<EnteredOrderField, Entry>>;
  /** /renew: the key of the holding chosen. */
  holdingKey?: string;
  /** Where each input is in the submitted view, to put an error under it. */
  blockIds: Partial<Record<ModalInput, string>>;
}

/**
 * Reads a submitted request modal (view.state + private_metadata), validated with zod. Each input is found
 * by its action_id, which is unique in the modal, wherever its block_id says it depends on. Undefined when
 * the view is not one this app built.
 */
export function readRequestForm(view: unknown): RequestForm | undefined {
  const parsed = viewSchema.safeParse(view);
  if (!parsed.success) return undefined;
  const meta = parseModalMeta(parsed.data.private_metadata);
  if (!meta) return undefined;
  const found = new Map<ModalInput, { blockId: string; state: z.infer<typeof stateValueSchema> }>();
  for (const [blockId, actions] of Object.entries(parsed.data.state.values)) {
    for (const [name, actionId] of Object.entries(ACTIONS) as [ModalInput, string][]) {
      const state = actions[actionId];
      if (state) found.set(name, { blockId, state });
    }
  }
  const entryOf = (name: ModalInput): Entry | undefined => {
    const state = found.get(name)?.state;
    const option = state?.selected_option;
    if (option) return { value: option.value, label: option.text.text };
    return state?.value ? { value: state.value } : undefined;
  };
  const entries: RequestForm['entries'] = {};
  for (const [field, name] of Object.entries(FIELD_INPUTS) as [EnteredOrderField, ModalInput][]) {
    const entry = entryOf(name);
    if (entry) entries[field] = entry;
  }
  // The own account is a choice in the list, but the order then names no customer.
  if (entries.partnerId?.value === OWN_ACCOUNT_VALUE) delete entries.partnerId;
  // Cycle and term are one choice, "annually:3".
  const term = entryOf('term');
  if (term) {
    const [cycle = '', years = ''] = term.value.split(':');
    entries.billingCycle = { value: cycle };
    entries.multiCycle = { value: years };
  }
  const scenario = chosenScenario(meta);
  const holdingKey = entryOf('holding')?.value;
  return {
    meta,
    ...(scenario ? { scenario } : {}),
    entries,
    ...(holdingKey ? { holdingKey } : {}),
    blockIds: Object.fromEntries([...found].map(([name, { blockId }]) => [name, blockId])),
  };
}
