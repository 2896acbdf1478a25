import type { App } from '@slack/bolt';
import type { PlainTextOption } from '@slack/types';
import { z } from 'zod';
import { asksFor } from '../../../catalog';
import { REQUEST_MODAL } from '../../ids';
import type { ListLookup } from '../../options/list-cache';
import {
  type Choice,
  filterChoices,
  toOption,
  UNAVAILABLE_VALUE,
  unavailableOption,
  unavailableOptionFor,
} from '../../options/option-list';
import type { RequestFlowDeps } from '../../request-flow';
import {
  chosenScenario,
  parseModalMeta,
  type RequestModalMeta,
  readBlockId,
} from '../../views/request-modal';

const { actions: ACTIONS } = REQUEST_MODAL;

const suggestionSchema = z.object({
  action_id: z.string(),
  block_id: z.string().max(255),
  value: z.string().max(200).default(''),
  view: z.object({ private_metadata: z.string().max(3000) }).optional(),
});
type Suggestion = z.infer<typeof suggestionSchema>;

type Answer = { kind: 'list'; lookup: ListLookup<Choice> } | { kind: 'message'; text: string };

const list = (lookup: ListLookup<Choice>): Answer => ({ kind: 'list', lookup });

/** A payload whose block_id or metadata does not say what to list (not a view this app built). */
const unknownView: ListLookup<Choice> = { status: 'unavailable', reason: 'error' };

/** Each dropdown's source. Dependencies come from the block_id (reliable), not from view.state (stale). */
function loaders(deps: RequestFlowDeps) {
  const { lists } = deps;
  const productOf = (s: Suggestion) => readBlockId(s.block_id).productId;
  return {
    [ACTIONS.product]: async (_s: Suggestion, meta?: RequestModalMeta): Promise<Answer> =>
      meta ? list({ status: 'ok', items: await lists.productChoices(meta.command) }) : list(unknownView),
    [ACTIONS.customer]: async () => list(await lists.customerChoices()),
    [ACTIONS.billingContact]: async () => list(await lists.billingContactChoices()),
    [ACTIONS.service]: async (s: Suggestion) => {
      const productId = productOf(s);
      return list(productId ? await lists.offerChoices('service', productId) : unknownView);
    },
    [ACTIONS.serialNumber]: async (s: Suggestion) => {
      const productId = productOf(s);
      return list(productId ? await lists.serialNumberChoices(productId) : unknownView);
    },
    [ACTIONS.plan]: async (s: Suggestion, meta?: RequestModalMeta): Promise<Answer> => {
      const { productId, serialNumber } = readBlockId(s.block_id);
      if (!productId) return list(unknownView);
      const scenario = meta ? chosenScenario(meta) : undefined;
      if (scenario && asksFor(scenario, 'serialNumber') && !serialNumber) {
        return { kind: 'message', text: 'Choose the PBX serial number first' };
      }
      return list(await lists.offerChoices('plan', productId, serialNumber));
    },
  };
}

function optionsFor(answer: Answer, query: string): PlainTextOption[] {
  if (answer.kind === 'message') return [toOption({ label: answer.text, value: UNAVAILABLE_VALUE })];
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
      if (!parsed.success) {
        await ack({ options: [unavailableOption] });
        return;
      }
      const meta = parseModalMeta(parsed.data.view?.private_metadata);
      const answer = await load(parsed.data, meta);
      await ack({ options: optionsFor(answer, parsed.data.value) });
    });
  }
}
