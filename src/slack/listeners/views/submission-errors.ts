import type { FieldErrors, OrderField } from '../../../catalog';
import { REQUEST_MODAL } from '../../ids';
import { UNAVAILABLE_VALUE } from '../../options/option-list';
import { fieldBlockId, type RequestForm } from '../../views/request-modal';

export const NOT_SAVED =
  'Your request could not be saved. Nothing was sent for approval: please submit again.';
export const OUT_OF_DATE = 'This form is out of date: close it and run the command again.';
export const CHOOSE_PRODUCT = 'Choose the product, then what to order, and fill in the fields that appear.';
/** The same form came back with other values after it was stored: the first values stand. */
export function alreadySent(reference: string): string {
  return (
    `This form was already sent for approval as ${reference}, with the values it had then; your changes ` +
    'were not sent. Close this form; to change the request, cancel it from your DM and run the command again.'
  );
}
const UNAVAILABLE = 'This list could not be loaded: open the dropdown again and pick an entry.';

/** Errors Slack can show: keyed by input block_ids present in the view, on the product block otherwise. */
export function inlineErrors(
  errors: FieldErrors,
  form: RequestForm,
  presentBlockIds: ReadonlySet<string>,
): Record<string, string> {
  const inline: Record<string, string> = {};
  const stray: string[] = [];
  for (const [field, message] of Object.entries(errors) as [OrderField, string][]) {
    const blockId = fieldBlockId(field, form.meta);
    if (presentBlockIds.has(blockId)) inline[blockId] = message;
    else stray.push(message);
  }
  if (stray.length > 0) inline[REQUEST_MODAL.blocks.product] = stray.join(' ');
  return inline;
}

/** The "List unavailable" entry stands in for a value: never let it through as one. */
export function unavailableErrors(form: RequestForm): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, entry] of Object.entries(form.entries) as [OrderField, { value: string }][]) {
    if (entry.value === UNAVAILABLE_VALUE) errors[field] = UNAVAILABLE;
  }
  return errors;
}
