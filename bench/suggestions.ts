import { interactionBody, suggestionPayload } from '../src/sandbox/slack/payloads';
import type { EmulatedUser, JsonObject } from '../src/sandbox/slack/types';
import { REQUEST_MODAL } from '../src/slack/ids';
import { buildRequestModal, fieldBlockId, type RequestModalMeta } from '../src/slack/views/request-modal';

/**
 * block_suggestion bodies for dropdowns of a modal the app built, without going through views.open: the
 * benchmark needs them before any command has warmed the lists (a cold cache), and for lists the flow
 * never fetched (cold keys while the Partner API hangs).
 */

function viewFor(meta: RequestModalMeta, index: number): JsonObject {
  return {
    ...(buildRequestModal(meta) as unknown as JsonObject),
    id: `VBENCH${index}`,
    hash: `bench.${index}`,
    state: { values: {} },
  };
}

/** Billing contacts: one list for everybody, so N cold requests share one Partner API load. */
export function billingContactSuggestion(user: EmulatedUser, index: number): string {
  const meta: RequestModalMeta = { command: 'renew' };
  const { billingContact } = REQUEST_MODAL.actions;
  return interactionBody(
    suggestionPayload(user, viewFor(meta, index), fieldBlockId('billingContactId', meta), billingContact, ''),
  );
}

/** The Appliance's plans for a PBX serial number: a list per serial, so each index is a key never loaded. */
export function perDevicePlanSuggestion(user: EmulatedUser, index: number): string {
  const serialNumber = `BENCH${String(index).padStart(7, '0')}`;
  const meta: RequestModalMeta = {
    command: 'purchase',
    productId: 11,
    scenarioId: 'purchase-appliance-plan',
    serial: { value: serialNumber, label: serialNumber },
  };
  return interactionBody(
    suggestionPayload(
      user,
      viewFor(meta, index),
      fieldBlockId('planId', meta),
      REQUEST_MODAL.actions.plan,
      '',
    ),
  );
}
