import type { App, BlockAction } from '@slack/bolt';
import { z } from 'zod';
import { decimalIdSchema, serialNumberSchema } from '../../../catalog';
import { REQUEST_MODAL } from '../../ids';
import type { PartnerLists } from '../../options/partner-lists';
import type { RequestFlowDeps } from '../../request-flow';
import {
  chosenScenario,
  OWN_ACCOUNT_VALUE,
  ownerOf,
  parseModalMeta,
  productScenarios,
  type RequestModalMeta,
  withCustomer,
  withHolding,
  withProduct,
  withScenario,
  withSerial,
} from '../../views/request-modal';
import { lookedUp, updateRequestModal } from '../modal-refresh';

const { actions: ACTIONS } = REQUEST_MODAL;

const selectedSchema = z.object({
  selected_option: z.object({ text: z.object({ text: z.string() }), value: z.string().max(150) }).nullish(),
});
type Selected = z.infer<typeof selectedSchema>['selected_option'];

const modalSchema = z.object({
  view: z.object({ id: z.string(), hash: z.string(), private_metadata: z.string() }),
});

const productIdSchema = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);

/** How a dispatching select changes the modal; undefined leaves it as it is (an unknown or odd value). */
type Transition = (
  meta: RequestModalMeta,
  selected: NonNullable<Selected>,
  lists: PartnerLists,
) => Promise<RequestModalMeta | undefined> | RequestModalMeta | undefined;

const TRANSITIONS: Record<string, Transition> = {
  [ACTIONS.product]: (meta, selected) => {
    const productId = productIdSchema.safeParse(selected.value);
    if (!productId.success) return undefined;
    const next = withProduct(meta, productId.data, selected.text.text);
    return productScenarios(next).length > 0 ? next : undefined;
  },
  [ACTIONS.scenario]: (meta, selected) =>
    productScenarios(meta).some((row) => row.id === selected.value)
      ? withScenario(meta, selected.value)
      : undefined,
  [ACTIONS.customer]: (meta, selected) => {
    if (selected.value === OWN_ACCOUNT_VALUE) return withCustomer(meta, undefined);
    const partnerId = decimalIdSchema.safeParse(selected.value);
    return partnerId.success
      ? withCustomer(meta, { value: partnerId.data, label: selected.text.text })
      : undefined;
  },
  [ACTIONS.serialNumber]: (meta, selected) => {
    const serial = serialNumberSchema.safeParse(selected.value);
    return serial.success ? withSerial(meta, { value: serial.data, label: selected.text.text }) : undefined;
  },
  // The holding is looked up again: the option carries only its key.
  [ACTIONS.holding]: async (meta, selected, lists) => {
    const held = await lists.holdings(ownerOf(meta));
    const holding = held.status === 'ok' ? held.items.find((h) => h.key === selected.value) : undefined;
    return holding ? withHolding(meta, holding) : undefined;
  },
};

/**
 * The modal's dispatching selects (customer, product, which row, PBX, what to renew): each rebuilds the
 * modal with views.update + hash, with the fields and lookups the new choice implies.
 */
export function registerRequestFormActions(app: App, deps: RequestFlowDeps): void {
  for (const [actionId, transition] of Object.entries(TRANSITIONS)) {
    app.action<BlockAction>({ action_id: actionId }, async ({ ack, body, action, client }) => {
      await ack();
      const modal = modalSchema.safeParse(body);
      const selected = selectedSchema.safeParse(action);
      const meta = modal.success ? parseModalMeta(modal.data.view.private_metadata) : undefined;
      const option = selected.success ? selected.data.selected_option : undefined;
      if (!modal.success || !option || !meta) {
        deps.logger.warn({ actionId }, 'request modal action not understood');
        return;
      }
      const changed = await transition(meta, option, deps.lists);
      if (!changed) return;
      // What the notice said was about the command text or the old choices.
      const { notice: _said, ...next } = changed;
      const scenario = chosenScenario(next);
      if (scenario) deps.lists.warmProduct(scenario, next.serial?.value);
      await updateRequestModal(client, modal.data.view, await lookedUp(deps.lists, next), deps.logger);
    });
  }
}
