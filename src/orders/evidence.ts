import type { KnownOrder, ListedOrder } from './ports';

/**
 * What a search of Query Order List proves about one request's order. Finding the order proves it was
 * placed. Not finding it proves nothing by itself: the guide never promises that the list echoes the
 * `poNumber` sent, so absence counts only when the whole list was read, every entry shows a reference
 * field, and that field is seen to echo the orders this app placed and knows.
 */

export interface Sought {
  /** The request's reference, part of every `poNumber` the app sends. */
  reference: string;
  /** The `poNumber` of the body as sent, when it is known. */
  poNumber?: string;
}

export interface Search {
  /** Every entry read, in list order. */
  orders: ListedOrder[];
  /** The last page was read. */
  complete: boolean;
}

export type Judgement =
  | { kind: 'found'; order: ListedOrder }
  | { kind: 'absent' }
  | { kind: 'unknown'; reason: string };

const REFERENCE_FIELDS = ['poNumber', 'customReferenceNo'] as const;
type ReferenceField = (typeof REFERENCE_FIELDS)[number];

/** The `poNumber` an order body carries, read from the exact text sent. */
export function sentPoNumber(orderBody: string | undefined): string | undefined {
  if (orderBody === undefined) return undefined;
  // Plain JSON.parse is enough: only the poNumber string is read, never a 19-digit ID.
  const body = JSON.parse(orderBody) as { poNumber?: unknown };
  return typeof body.poNumber === 'string' ? body.poNumber : undefined;
}

/** The field shows this request's reference: exactly the sent `poNumber`, or text containing the reference. */
function shows(value: string | undefined, sought: Sought): boolean {
  if (value === undefined || value === '') return false;
  return value === sought.poNumber || value.includes(sought.reference);
}

/** The order shows the sought reference in one of its reference fields. */
export function carries(order: ListedOrder, sought: Sought): boolean {
  return REFERENCE_FIELDS.some((field) => shows(order[field], sought));
}

/** A field echoes when every order the app placed and finds in the list shows its reference there. */
function echoes(field: ReferenceField, search: Search, known: ReadonlyMap<string, KnownOrder>): boolean {
  const seen = search.orders.filter((o) => known.has(o.orderNo));
  return (
    seen.length > 0 &&
    seen.every((o) => {
      const k = known.get(o.orderNo) as KnownOrder;
      return shows(o[field], { reference: k.reference, poNumber: sentPoNumber(k.orderBody) });
    })
  );
}

export function judge(search: Search, sought: Sought, known: readonly KnownOrder[]): Judgement {
  const order = search.orders.find((o) => carries(o, sought));
  if (order) return { kind: 'found', order };
  if (!search.complete) {
    return { kind: 'unknown', reason: 'the app could not read the whole order list, so absence is unproven' };
  }
  const listed = REFERENCE_FIELDS.filter((field) => search.orders.every((o) => o[field] !== undefined));
  if (listed.length === 0) {
    return {
      kind: 'unknown',
      reason: 'the Partner API’s order list does not show the PO number of its orders',
    };
  }
  const byOrderNo = new Map(known.map((k) => [k.orderNo, k]));
  if (!listed.some((field) => echoes(field, search, byOrderNo))) {
    return {
      kind: 'unknown',
      reason:
        'the app has not seen the Partner API’s order list show the PO number of orders it placed, so it ' +
        'cannot rely on an order’s absence',
    };
  }
  return { kind: 'absent' };
}
