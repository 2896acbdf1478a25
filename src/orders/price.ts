import { z } from 'zod';

/**
 * What Yeastar said an order costs when it was asked: the sum of its lines' prices, in one currency, or
 * `unavailable` when any line's price could not be read in time. The app never makes one up.
 */
export type Price = { status: 'read'; amount: string; currency: string } | { status: 'unavailable' };

export const UNAVAILABLE: Price = { status: 'unavailable' };

const priceSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('read'),
    amount: z.string().regex(/^\d+(\.\d+)?$/),
    currency: z.string().min(1),
  }),
  z.object({ status: z.literal('unavailable') }),
]);

/**
 * Kept in the request's details: `price` as last read (at submission, or at an approval that found it
 * changed), and `priceBefore`, the one it replaced, while a fresh approval is asked for, with
 * `approvalWithdrawn`, who had given a first approval at that old price (which no longer counts).
 */
const storedSchema = z.object({
  price: priceSchema.optional().catch(undefined),
  priceBefore: priceSchema.optional().catch(undefined),
  approvalWithdrawn: z.string().optional().catch(undefined),
});

export interface StoredPrices {
  price?: Price;
  priceBefore?: Price;
  approvalWithdrawn?: string;
}

export function storedPrices(details: Record<string, unknown>): StoredPrices {
  const { price, priceBefore, approvalWithdrawn } = storedSchema.parse(details);
  return {
    ...(price && { price }),
    ...(priceBefore && { priceBefore }),
    ...(approvalWithdrawn && { approvalWithdrawn }),
  };
}

/** The details without what pricing stored: what the requester asked for. */
export function withoutPrices(details: Record<string, unknown>): Record<string, unknown> {
  const { price: _price, priceBefore: _before, approvalWithdrawn: _withdrawn, ...asked } = details;
  return asked;
}

/** The same amount in the same currency ("120.0" is "120.00"); two prices that could not be read agree too. */
export function samePrice(a: Price, b: Price): boolean {
  if (a.status === 'unavailable' || b.status === 'unavailable') return a.status === b.status;
  return a.currency === b.currency && addAmounts([a.amount]) === addAmounts([b.amount]);
}

/** Decimal amounts added exactly (no floating point), with at least two decimals: "1200.5" → "1200.50". */
export function addAmounts(amounts: readonly string[]): string {
  const decimals = Math.max(2, ...amounts.map((a) => a.split('.')[1]?.length ?? 0));
  const scaled = amounts.reduce((sum, amount) => {
    const [whole = '0', fraction = ''] = amount.split('.');
    return sum + BigInt(whole + fraction.padEnd(decimals, '0'));
  }, 0n);
  const digits = scaled.toString().padStart(decimals + 1, '0');
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** Whether decimal amount `a` is more than `b`, exactly. */
export function amountAbove(a: string, b: string): boolean {
  const [x = '0', y = '0'] = [a, b].map((n) => addAmounts([n]));
  const decimals = Math.max(x.length - x.indexOf('.'), y.length - y.indexOf('.')) - 1;
  const scaled = (n: string) => {
    const [whole = '0', fraction = ''] = n.split('.');
    return BigInt(whole + fraction.padEnd(decimals, '0'));
  };
  return scaled(x) > scaled(y);
}

/** "USD 1200.00", or that Yeastar gave none: how people are shown a price. */
export function priceText(price: Price): string {
  return price.status === 'read' ? `${price.currency} ${price.amount}` : 'price not available from Yeastar';
}
