import type { FieldErrors, OrderField } from '../../../catalog';
import { STAND_IN_REFUSALS } from '../../options/option-list';
import {
  type EnteredOrderField,
  errorInput,
  FIELD_INPUTS,
  type ModalInput,
  type RequestForm,
} from '../../views/request-modal';

export const NOT_SAVED =
  'Your request could not be saved. Nothing was sent for approval: please submit again.';
export const OUT_OF_DATE = 'This form is out of date: close it and run the command again.';
export const CHOOSE_PRODUCT = 'Choose the product, then what to order, and fill in the fields that appear.';
export const CHOOSE_HOLDING = 'Choose what to renew.';
export const HOLDINGS_UNAVAILABLE =
  'What the customer holds could not be looked up just now: choose what to renew again in a moment.';
export function noLongerHeld(who: string): string {
  return `${who} no longer holds this, or its count changed: choose what to renew again.`;
}
/** The same form came back with other values after it was stored: the first values stand. */
export function alreadySent(reference: string): string {
  return (
    `This form was already sent for approval as ${reference}, with the values it had then; your changes ` +
    'were not sent. Close this form; to change the request, cancel it from your DM and run the command again.'
  );
}

export const CURRENT_PLAN_UNAVAILABLE =
  'The current plan could not be looked up in time: press Ask for approval again in a moment.';

type Errors = { response_action: 'errors'; errors: Record<string, string> };

/** Where an error about the whole request goes: what to renew or the product, else the first input. */
function anchorBlockId(form: RequestForm): string {
  const { blockIds } = form;
  return blockIds.holding ?? blockIds.product ?? Object.values(blockIds)[0] ?? 'customer';
}

export function anchorError(form: RequestForm, message: string): Errors {
  return { response_action: 'errors', errors: { [anchorBlockId(form)]: message } };
}

/** For a view the app cannot read at all: the error goes under its first input. */
export function firstBlockError(view: { state: { values: Record<string, unknown> } }, message: string) {
  return { [Object.keys(view.state.values)[0] ?? 'customer']: message };
}

/** Errors Slack can show: each under its field's input, or under the anchor when the field has none. */
export function inlineErrors(errors: FieldErrors, form: RequestForm): Errors {
  const inline: Record<string, string> = {};
  const stray: string[] = [];
  for (const [field, message] of Object.entries(errors) as [OrderField, string][]) {
    const blockId = form.blockIds[errorInput(field)];
    if (!blockId) stray.push(message);
    else inline[blockId] = inline[blockId] ? `${inline[blockId]} ${message}` : message;
  }
  if (stray.length > 0) {
    const anchor = anchorBlockId(form);
    inline[anchor] = [inline[anchor], ...stray].filter(Boolean).join(' ');
  }
  return { response_action: 'errors', errors: inline };
}

/** The "List unavailable" entries stand in for a value: never let one through as one. */
export function unavailableErrors(form: RequestForm): Errors | undefined {
  const picked: [ModalInput, string | undefined][] = [
    ...(Object.entries(form.entries) as [EnteredOrderField, { value: string }][]).map(
      ([field, entry]): [ModalInput, string] => [FIELD_INPUTS[field], entry.value],
    ),
    ['holding', form.holdingKey],
  ];
  const errors: Record<string, string> = {};
  for (const [input, value] of picked) {
    const blockId = form.blockIds[input];
    const refusal = value === undefined ? undefined : STAND_IN_REFUSALS[value];
    if (refusal && blockId) errors[blockId] = refusal;
  }
  return Object.keys(errors).length > 0 ? { response_action: 'errors', errors } : undefined;
}
