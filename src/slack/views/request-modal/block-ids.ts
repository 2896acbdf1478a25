import { createHash } from 'node:crypto';
import type { OrderField } from '../../../catalog';
import { REQUEST_MODAL } from '../../ids';
import { ownerOf, type RequestModalMeta } from './meta';

const { blocks: BLOCKS } = REQUEST_MODAL;

/** The modal's inputs: one per order field (billing cycle and term share one), plus the choices above them. */
export type ModalInput = keyof typeof BLOCKS;

/** Where each order field is entered; the current plan is looked up, never entered. */
export type EnteredOrderField = Exclude<OrderField, 'connectionPlanId'>;
export const FIELD_INPUTS: Record<EnteredOrderField, ModalInput> = {
  partnerId: 'customer',
  billingContactId: 'billingContact',
  planId: 'plan',
  serviceId: 'service',
  serialNumber: 'serialNumber',
  quantity: 'quantity',
  serviceQuantity: 'serviceQuantity',
  billingCycle: 'term',
  multiCycle: 'term',
  poNumber: 'poNumber',
  note: 'note',
};

/** Where an error about a field shows: under its input; about the current plan, under the PBX. */
export function errorInput(field: OrderField): ModalInput {
  return field === 'connectionPlanId' ? 'serialNumber' : FIELD_INPUTS[field];
}

/** Separates a block_id's base from what it depends on, e.g. `plan::11::3631E0997265`. */
const SEP = '::';

/** A short, stable tag of an initial choice: its block_id changes when the app picks something else. */
function tag(choice: { value: string; label?: string } | undefined): string | undefined {
  if (!choice) return undefined;
  return createHash('sha256')
    .update(`${choice.value}\n${choice.label ?? ''}`)
    .digest('base64url')
    .slice(0, 10);
}

function join(base: string, ...parts: (string | number | undefined)[]): string {
  return [base, ...parts.filter((p) => p !== undefined && p !== '')].join(SEP);
}

/**
 * The block_id of an input. Slack keeps what a person entered only while the block_id stays the same, so
 * an input carries what it depends on (the product, the customer, the PBX) and the choice the app put in
 * it: a new dependency resets it, and a choice the app makes (the only option, a looked-up PBX) shows.
 */
export function inputBlockId(input: ModalInput, meta: RequestModalMeta): string {
  const base = BLOCKS[input];
  const product = meta.productId ?? 'none';
  const owner = ownerOf(meta).partnerId ?? 'own';
  switch (input) {
    case 'customer':
      return join(base, owner);
    case 'holding':
      return join(base, owner, tag(meta.holding && { value: meta.holding.key }));
    case 'product':
      return join(base, product);
    case 'scenario':
      return join(base, product, meta.scenarioId);
    case 'serialNumber':
      return join(base, product, owner, tag(meta.serial));
    case 'plan':
      return join(base, product, meta.serial?.value, tag(meta.auto?.plan));
    case 'service':
      return join(base, product, tag(meta.auto?.service));
    case 'quantity':
    case 'serviceQuantity':
      return join(base, product, tag(meta.holding && { value: meta.holding.key }));
    case 'term':
      return join(base, product);
    case 'billingContact':
      return join(base, tag(meta.auto?.billingContact));
    case 'poNumber':
    case 'note':
      return base;
  }
}

export function fieldBlockId(field: EnteredOrderField, meta: RequestModalMeta): string {
  return inputBlockId(FIELD_INPUTS[field], meta);
}
