import { z } from 'zod';

/**
 * Answers of another shape than the app expects, as a live API may send them: a field left out, one
 * added, or one of another kind. `field` is a path in `result`, as the doctor names it without its
 * `result` prefix: `[].billingContactId` (every entry of a list), `planList[].planId`, `results[].productNo`.
 */
export const shapeChangeSchema = z.strictObject({
  /** The API path whose answers change, exactly as requested (no query string). */
  endpoint: z.string().startsWith('/'),
  field: z
    .string()
    .regex(/^(\[\]|[A-Za-z_]\w*)(\.?(\[\]|[A-Za-z_]\w*))*$/, 'a path such as [].billingContactId'),
  change: z.enum(['drop', 'add', 'retype']),
});
export type ShapeChange = z.infer<typeof shapeChangeSchema>;

/** A field's value of another JSON kind than it had. */
function retyped(value: unknown): unknown {
  if (typeof value === 'string') return true;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  return value === null ? 0 : 'retyped';
}

function apply(node: unknown, steps: readonly string[], change: ShapeChange['change']): void {
  const [step, ...rest] = steps;
  if (step === undefined || typeof node !== 'object' || node === null) return;
  if (step === '[]') {
    if (Array.isArray(node)) for (const element of node) apply(element, rest, change);
    return;
  }
  const record = node as Record<string, unknown>;
  if (rest.length > 0) apply(record[step], rest, change);
  else if (change === 'add') record[step] = 'added by the sandbox';
  else if (!(step in record)) return;
  else if (change === 'drop') delete record[step];
  else record[step] = retyped(record[step]);
}

/** The result with every change armed for this path applied, on a copy. */
export function reshape(path: string, result: unknown, changes: readonly ShapeChange[]): unknown {
  const mine = changes.filter((c) => c.endpoint === path);
  if (mine.length === 0) return result;
  const copy = structuredClone(result);
  for (const { field, change } of mine) apply(copy, field.match(/\[\]|[^.[\]]+/g) ?? [], change);
  return copy;
}
