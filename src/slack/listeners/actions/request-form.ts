import type { App, BlockAction } from '@slack/bolt';
import { z } from 'zod';
import { decimalIdSchema, serialNumberSchema } from '../../../catalog';
import { REQUEST_MODAL } from '../../ids';
import type { RequestFlowDeps } from '../../request-flow';
import {
  chosenScenario,
  parseModalMeta,
  productScenarios,
  type RequestModalMeta,
  withProduct,
  withScenario,
  withSerialNumber,
} from '../../views/request-modal';
import { updateRequestModal, withCurrentCounts } from '../modal-refresh';

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
type Transition = (meta: RequestModalMeta, selected: Selected) => RequestModalMeta | undefined;

const TRANSITIONS: Record<string, Transition> = {
  [ACTIONS.product]: (meta, selected) => {
    const productId = productIdSchema.safeParse(selected?.value);
    if (!productId.success || !selected) return undefined;
    const next = withProduct(meta, productId.data, selected.text.text);
    return productScenarios(next).length > 0 ? next : undefined;
  },
  [ACTIONS.scenario]: (meta, selected) =>
    productScenarios(meta).some((row) => row.id === selected?.value) && selected
      ? withScenario(meta, selected.value)
      : undefined,
  // Clearing the customer means the own account again.
  [ACTIONS.customer]: (meta, selected) => {
    if (!selected) return { ...meta, partnerId: undefined };
    const partnerId = decimalIdSchema.safeParse(selected.value);
    return partnerId.success ? { ...meta, partnerId: partnerId.data } : undefined;
  },
  [ACTIONS.serialNumber]: (meta, selected) => {
    const serial = serialNumberSchema.safeParse(selected?.value);
    return serial.success ? withSerialNumber(meta, serial.data) : undefined;
  },
};

/**
 * The modal's dispatching selects (product, which row, customer, serial number): each rebuilds the modal
 * with views.update + hash, with the fields and current counts the new choice implies.
 */
export function registerRequestFormActions(app: App, deps: RequestFlowDeps): void {
  for (const [actionId, transition] of Object.entries(TRANSITIONS)) {
    app.action<BlockAction>({ action_id: actionId }, async ({ ack, body, action, client }) => {
      await ack();
      const modal = modalSchema.safeParse(body);
      const selected = selectedSchema.safeParse(action);
      const meta = modal.success ? parseModalMeta(modal.data.view.private_metadata) : undefined;
      if (!modal.success || !selected.success || !meta) {
        deps.logger.warn({ actionId }, 'request modal action not understood');
        return;
      }
      const next = transition(meta, selected.data.selected_option);
      if (!next) return;
      const scenario = chosenScenario(next);
      if (scenario) deps.lists.warmProduct(scenario, next.serialNumber);
      const counted = await withCurrentCounts(deps.lists, next);
      await updateRequestModal(client, modal.data.view, counted, deps.logger);
    });
  }
}
