import { randomInt } from 'node:crypto';

/** Crockford-style alphabet: no I, L, O or U, so a reference read aloud or retyped stays unambiguous. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 10;

/**
 * A short reference for a request, sent to Yeastar as `poNumber` so a lost Create an Order answer can be
 * found again in Query Order List. 10 random characters give 2^50 values: collisions are not a concern.
 */
export function newReference(): string {
  let suffix = '';
  for (let i = 0; i < LENGTH; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `YOD-${suffix}`;
}
