import type { App } from '@slack/bolt';
import type { PlainTextOption } from '@slack/types';
import { z } from 'zod';
import { asksFor, getScenario } from '../../../catalog';
import { REQUEST_MODAL } from '../../ids';
import type { ListLookup } from '../../options/list-cache';
import {
  type Choice,
  filterChoices,
  MESSAGE_VALUE,
  toOption,
  unavailableOption,
  unavailableOptionFor,
} from '../../options/option-list';
import type { RequestFlowDeps } from '../../request-flow';
import {
  chosenScenario,
  holdingOptionText,
  OWN_ACCOUNT_VALUE,
  offerFilterOf,
  ownAccountLabel,
  ownerOf,
  parseModalMeta,
  type RequestModalMeta,
} from '../../views/request-modal';

const { actions: ACTIONS } = REQUEST_MODAL;

const suggestionSchema = z.object({
  action_id: z.string(),
  value: z.string().max(200).default(''),
  view: z.object({ private_metadata: z.string().max(3000) }),
});

/** A list, or one entry that says why there is nothing to pick (it cannot be submitted as a value). */
type Answer = { kind: 'list'; lookup: ListLookup<Choice> } | { kind: 'message'; text: string };

const list = (lookup: ListLookup<Choice>): Answer => ({ kind: 'list', lookup });
const message = (text: string): Answer => ({ kind: 'message', text });

/** A list that came back empty says so, instead of an empty menu. */
const listOr = (lookup: ListLookup<Choice>, empty: string): Answer =>
  lookup.status === 'ok' && lookup.items.length === 0 ? message(empty) : list(lookup);

type Loader = (meta: RequestModalMeta) => Promise<Answer>;

/**
 * Each dropdown's source. What a list depends on (product, customer, PBX) comes from the modal's
 * private_metadata, which is what the app rendered, never from view.state, which may be older or newer.
 */
function loaders(deps: RequestFlowDeps): Record<string, Loader> {
  const { lists } = deps;
  const who = (meta: RequestModalMeta) => meta.customer?.label ?? ownAccountLabel(meta);
  // A product sold per device offers what that PBX can have; a row offers only its own kind.
  const offers = async (meta: RequestModalMeta, kind: 'plan' | 'service'): Promise<Answer> => {
    const scenario = chosenScenario(meta);
    if (!meta.productId || !scenario) return message('Choose the product first');
    if (asksFor(scenario, 'serialNumber') && !meta.serial) return message('Choose the PBX first');
    const filter = offerFilterOf(meta, scenario, kind);
    const found = await lists.offerChoices(kind, meta.productId, meta.serial?.value, filter);
    return listOr(
      found,
      `Yeastar offers no ${kind} of this kind for ${meta.serial ? 'this PBX' : 'this product'}`,
    );
  };
  return {
    [ACTIONS.product]: async (meta) =>
      list({ status: 'ok', items: await lists.productChoices(meta.command) }),
    // The own account comes first, so a customer choice can always be taken back.
    [ACTIONS.customer]: async (meta) => {
      const own = { value: OWN_ACCOUNT_VALUE, label: ownAccountLabel(meta) };
      const customers = await lists.customerChoices();
      return list(customers.status === 'ok' ? { status: 'ok', items: [own, ...customers.items] } : customers);
    },
    [ACTIONS.billingContact]: async () => list(await lists.billingContactChoices()),
    [ACTIONS.service]: (meta) => offers(meta, 'service'),
    [ACTIONS.plan]: (meta) => offers(meta, 'plan'),
    [ACTIONS.serialNumber]: async (meta) => {
      if (!meta.productId) return message('Choose the product first');
      const devices = await lists.deviceChoices(meta.productId, ownerOf(meta));
      return listOr(devices, `No PBX of ${who(meta)} is in the Partner Portal for this product`);
    },
    // What the account holds; the product the command text named comes first.
    [ACTIONS.holding]: async (meta) => {
      const held = await lists.holdings(ownerOf(meta));
      if (held.status !== 'ok') return list(held);
      const first = (productId: number) => (productId === meta.productId ? 0 : 1);
      const items = [...held.items]
        .sort((a, b) => first(a.productId) - first(b.productId))
        .map((h) => ({ value: h.key, label: holdingOptionText(h, getScenario(h.scenarioId)) }));
      return listOr({ status: 'ok', items }, `${who(meta)} holds nothing to renew: use /purchase`);
    },
  };
}

function optionsFor(answer: Answer, query: string): PlainTextOption[] {
  if (answer.kind === 'message') return [toOption({ label: answer.text, value: MESSAGE_VALUE })];
  return answer.lookup.status === 'ok'
    ? filterChoices(answer.lookup.items, query)
    : [unavailableOptionFor(answer.lookup)];
}

/**
 * Every external_select of the request modal. The answer is the ack, so it must come within Slack's 3 s:
 * the lists answer within their deadline, from cache or with one "unavailable" entry.
 */
export function registerOptionsListeners(app: App, deps: RequestFlowDeps): void {
  for (const [actionId, load] of Object.entries(loaders(deps))) {
    app.options<'block_suggestion'>({ action_id: actionId }, async ({ options, ack }) => {
      const parsed = suggestionSchema.safeParse(options);
      const meta = parsed.success ? parseModalMeta(parsed.data.view.private_metadata) : undefined;
      if (!parsed.success || !meta) {
        await ack({ options: [unavailableOption] });
        return;
      }
      await ack({ options: optionsFor(await load(meta), parsed.data.value) });
    });
  }
}
