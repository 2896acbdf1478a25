/**
 * The Partner API's words as people say them. `orderStatus` values are the guide's (its list is cut off
 * after "con…": an unknown value is shown as it comes).
 */
const ORDER_STATUS: Record<string, string> = {
  succeed: 'Completed',
  pending: 'Waiting for payment in the Partner Portal',
  failed: 'Failed',
  cancelled: 'Cancelled',
  invalid: 'Invalid',
  refunded: 'Refunded',
};

export function orderStatusText(status: string): string {
  return ORDER_STATUS[status] ?? status;
}

/** The body fields of Create an Order a refusal may name, as the modal labels them. */
const BODY_FIELDS: [RegExp, string][] = [
  [/^billingId$/, 'billing contact'],
  [/^productNo$/, 'PBX serial number'],
  [/^(partnerId|assignId)$/, 'subordinate customer'],
  [/^poNumber$/, 'PO number'],
  [/^serviceList\[\d+\]\.quantity$/, 'quantity'],
  [/^serviceList\[\d+\]\.(billingCycle|multiCycle)$/, 'term'],
];

/**
 * The modal's name for a field Yeastar refused; `lineLabel` names what a `serviceList[i].serviceId` is on
 * this request (its plan or its service).
 */
export function fieldLabel(
  field: string,
  lineLabel: (index: number) => string | undefined,
): string | undefined {
  const line = /^serviceList\[(\d+)\]\.(serviceId|connectionPlanId)$/.exec(field);
  if (line) return line[2] === 'connectionPlanId' ? 'plan' : lineLabel(Number(line[1]));
  return BODY_FIELDS.find(([pattern]) => pattern.test(field))?.[1];
}

/** "Monthly", "1 year, billed annually", "3 years, billed annually": a billing cycle and its term. */
export function termLabel(billingCycle: string, multiCycle: number | undefined): string {
  if (billingCycle === 'monthly') return 'Monthly';
  if (billingCycle === 'once') return 'One-time payment';
  const years = Math.max(1, multiCycle ?? 0);
  return `${years} year${years === 1 ? '' : 's'}, billed ${billingCycle}`;
}

/** The term a row fixes, in words: "Free trial" where a trial names no billing cycle. */
export function fixedTermLabel(
  term: { billingCycle?: string; multiCycle?: number },
  purchaseType: string,
): string | undefined {
  if (term.billingCycle) return termLabel(term.billingCycle, term.multiCycle);
  return purchaseType === 'trial' ? 'Free trial' : undefined;
}

const DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "20 May 2027": a date where Slack's date tokens do not render (option texts). */
export function plainDate(epochMs: number): string {
  return DAY.format(new Date(epochMs));
}

/** "the current number of extensions" → "extensions": what a renewal count counts, if the rule says. */
export function countedUnit(current: string): string | undefined {
  return /^the current number of (.+)$/.exec(current)?.[1];
}
