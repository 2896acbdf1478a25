import type { PlainTextOption } from '@slack/types';
import { truncate } from '../mrkdwn';
import type { ListLookup } from './list-cache';

/** Slack's caps for an options answer (spec §1.8). */
export const MAX_OPTIONS = 100;
export const MAX_OPTION_TEXT = 75;

/**
 * The values of the one entry a list offers when it has nothing to pick: it could not be loaded in time,
 * the Partner API answered without what the list needs (only an admin can find out why), or it only
 * says why there is nothing (a message). No Yeastar ID or serial number looks like them, so submission
 * tells them apart and refuses each with what to do.
 */
export const UNAVAILABLE_VALUE = 'unavailable';
export const UNREADABLE_VALUE = 'unreadable';
export const MESSAGE_VALUE = 'message';
export const UNAVAILABLE_TEXT = 'List unavailable — try again in a moment';
export const UNREADABLE_TEXT = 'List unavailable, run npm run doctor';

/** What submission says of a stand-in entry that was picked. */
export const STAND_IN_REFUSALS: Record<string, string> = {
  [UNAVAILABLE_VALUE]: 'This list could not be loaded: open the dropdown again and pick an entry.',
  [UNREADABLE_VALUE]:
    "Yeastar's answer lacks what this list needs: ask your admin to run npm run doctor, then try again.",
  [MESSAGE_VALUE]: 'That entry only says why there is nothing to pick yet: do what it says, then pick again.',
};

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
    return toOption({ label: UNREADABLE_TEXT, value: UNREADABLE_VALUE });
  }
  return unavailableOption;
}
