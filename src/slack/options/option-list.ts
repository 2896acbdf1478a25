import type { PlainTextOption } from '@slack/types';
import { truncate } from '../mrkdwn';
import type { ListLookup } from './list-cache';

/** Slack's caps for an options answer (spec §1.8). */
export const MAX_OPTIONS = 100;
export const MAX_OPTION_TEXT = 75;

/**
 * The value of the one entry offered when a list cannot be loaded in time. No Yeastar ID or serial
 * number looks like it, so submission can tell it apart and refuse it.
 */
export const UNAVAILABLE_VALUE = 'unavailable';
export const UNAVAILABLE_TEXT = 'List unavailable — try again in a moment';
/** The Partner API answers, but not in the shape the list needs: only an admin can find out why. */
export const UNREADABLE_TEXT = 'List unavailable, run npm run doctor';

/** Something a person can pick: a human label and the exact ID (decimal text, never a number). */
export interface Choice {
  label: string;
  value: string;
}

export function toOption(choice: Choice): PlainTextOption {
  return { text: { type: 'plain_text', text: truncate(choice.label, MAX_OPTION_TEXT) }, value: choice.value };
}

/** Type-ahead: case-insensitive substring on the label, at most Slack's 100 entries. */
export function filterChoices(choices: readonly Choice[], query: string): PlainTextOption[] {
  const needle = query.trim().toLowerCase();
  return choices
    .filter((choice) => choice.label.toLowerCase().includes(needle))
    .slice(0, MAX_OPTIONS)
    .map(toOption);
}

export const unavailableOption: PlainTextOption = toOption({
  label: UNAVAILABLE_TEXT,
  value: UNAVAILABLE_VALUE,
});

/** The one entry of a list that could not be loaded, saying whether trying again can help. */
export function unavailableOptionFor(lookup: ListLookup<unknown>): PlainTextOption {
  if (lookup.status === 'unavailable' && lookup.reason === 'unreadable') {
    return toOption({ label: UNREADABLE_TEXT, value: UNAVAILABLE_VALUE });
  }
  return unavailableOption;
}
