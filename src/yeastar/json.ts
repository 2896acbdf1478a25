import { isInteger, isSafeNumber, parse, stringify } from 'lossless-json';

/**
 * Lossless JSON for the Partner API. Yeastar IDs are 19-digit integers: `JSON.parse` rounds them and
 * `JSON.stringify(3197218168379846218)` prints `3197218168379846000`, which would order for the wrong
 * billing contact. Integers beyond 2^53 therefore parse to `bigint`, and `bigint` values are written
 * back as raw JSON integers.
 */
function parseNumber(text: string): number | bigint {
  if (isInteger(text) && !isSafeNumber(text)) return BigInt(text);
  return Number(text);
}

/** Parses JSON text; integers that a double cannot hold exactly come back as `bigint`. */
export function parseJson(text: string): unknown {
  return parse(text, null, parseNumber);
}

/** Serialises to JSON; `bigint` values become raw integer literals. */
export function stringifyJson(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new TypeError('value cannot be serialised to JSON');
  return text;
}

/** A decimal ID kept as text inside the app, as a raw JSON integer on the wire. */
export function jsonInteger(id: string): bigint {
  if (!/^\d{1,19}$/.test(id)) throw new TypeError(`not a decimal ID: ${JSON.stringify(id)}`);
  return BigInt(id);
}
