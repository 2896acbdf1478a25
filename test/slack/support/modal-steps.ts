import { scenariosForProduct } from '../../../src/catalog';
import type { Block, JsonObject, Modal } from '../../../src/sandbox/slack';
import { REQUEST_MODAL } from '../../../src/slack/ids';
import {
  type EnteredOrderField,
  FIELD_INPUTS,
  fieldBlockId,
  parseModalMeta,
  type RequestModalMeta,
} from '../../../src/slack/views/request-modal';
import { REQUESTER, type RequestHarness } from './harness';

/** Steps a person takes in the request modal, by field name rather than block_id. */

export async function openRequestModal(h: RequestHarness, command: '/renew' | '/purchase', text = '') {
  const answer = await h.driver.command(REQUESTER, command, text, { channelId: 'CGENERAL' });
  if (answer.status !== 200) throw new Error(`command answered ${answer.status}`);
  return h.driver.waitForView(REQUESTER);
}

export function metaOf(modal: Modal): RequestModalMeta {
  const meta = parseModalMeta(String(modal.view.private_metadata));
  if (!meta) throw new Error('the modal carries no request metadata');
  return meta;
}

function blockById(modal: Modal, blockId: string): Block {
  const block = modal.blocks.find((b) => b.block_id === blockId);
  if (!block) throw new Error(`no block ${blockId} in the modal`);
  return block;
}

/** Picks an option (searching first for an external_select); waits for the re-render a dispatching select causes. */
export async function pick(modal: Modal, blockId: string, actionId: string, value: string): Promise<void> {
  const block = blockById(modal, blockId);
  if (block.element?.type === 'external_select') await modal.suggest(blockId, actionId, '');
  if (block.dispatch_action !== true) {
    modal.setValue(blockId, actionId, value);
    return;
  }
  await modal.select(blockId, actionId, value);
  await modal.waitForUpdate();
}

/** Picks a product, and the kind of order where it has several: the one named, else its first row. */
export async function chooseProduct(modal: Modal, productId: number, scenarioId?: string): Promise<void> {
  const { actions } = REQUEST_MODAL;
  await pick(modal, blockOf(modal, actions.product), actions.product, String(productId));
  const row = scenarioId ?? scenariosForProduct(metaOf(modal).command, productId)[0]?.id;
  if (row && modal.blocks.some((b) => b.element?.action_id === actions.scenario)) {
    await pick(modal, blockOf(modal, actions.scenario), actions.scenario, row);
  }
}

/** The block_id the input with this action_id has now. */
export function blockOf(modal: Modal, actionId: string): string {
  const block = modal.blocks.find((b) => b.element?.action_id === actionId);
  if (!block?.block_id) throw new Error(`no input ${actionId} in the modal`);
  return block.block_id;
}

/** /renew: picks what to renew, by the row and what it renews on the sandbox's own account. */
export async function chooseHolding(modal: Modal, key: string): Promise<void> {
  const { actions } = REQUEST_MODAL;
  await pick(modal, blockOf(modal, actions.holding), actions.holding, key);
}

export function blockIdOf(modal: Modal, field: EnteredOrderField): string {
  return fieldBlockId(field, metaOf(modal));
}

export function actionIdOf(field: EnteredOrderField): string {
  return REQUEST_MODAL.actions[FIELD_INPUTS[field]];
}

/** What the field holds now, as Slack would send it in view.state. */
export function stateOf(modal: Modal, field: EnteredOrderField): JsonObject | undefined {
  const values = (modal.view.state as { values: Record<string, Record<string, JsonObject>> }).values;
  return values[blockIdOf(modal, field)]?.[actionIdOf(field)];
}

/** Enters a field's value the way its element takes it: typed, or picked from the options offered. */
export async function fill(modal: Modal, field: EnteredOrderField, value: string | number): Promise<void> {
  const blockId = blockIdOf(modal, field);
  const actionId = actionIdOf(field);
  const type = blockById(modal, blockId).element?.type;
  if (type === 'number_input' || type === 'plain_text_input')
    modal.setValue(blockId, actionId, String(value));
  else await pick(modal, blockId, actionId, String(value));
}

export function inputBlockIds(modal: Modal): string[] {
  return modal.blocks.filter((b) => b.type === 'input').map((b) => b.block_id ?? '');
}
