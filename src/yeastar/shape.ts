import type { z } from 'zod';

/**
 * What a Partner API answer looks like, and how it differs from the schemas, told by keys and kinds only:
 * never a value, so an admin can share it and no ID, name or token travels with it.
 */

/** A JSON value's shape: the kind of a scalar, an object's keys with theirs, an array's elements merged. */
export type Shape = string | Shape[] | { [key: string]: Shape };

/** `string`, `number` (integers parsed as bigint too), `boolean`, `null`, `array` or `object`. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'bigint') return 'number';
  return typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return kindOf(value) === 'object';
}

function mergeShapes(a: Shape, b: Shape): Shape {
  if (Array.isArray(a) && Array.isArray(b)) {
    const [first, second] = [a[0], b[0]];
    if (first === undefined || second === undefined) return first === undefined ? b : a;
    return [mergeShapes(first, second)];
  }
  if (typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const merged: Record<string, Shape> = { ...a };
    for (const [key, shape] of Object.entries(b))
      merged[key] = key in merged ? mergeShapes(merged[key] as Shape, shape) : shape;
    return merged;
  }
  const kinds = new Set([...topKinds(a), ...topKinds(b)]);
  return [...kinds].sort().join('|');
}

function topKinds(shape: Shape): string[] {
  if (typeof shape === 'string') return shape.split('|');
  return [Array.isArray(shape) ? 'array' : 'object'];
}

export function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) return value.length === 0 ? [] : [value.map(shapeOf).reduce(mergeShapes)];
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, shapeOf(v)]));
  return kindOf(value);
}

/** One way an answer differs from its schema. `fatal`: the schema refuses the answer, so the app cannot use it. */
export interface FieldDifference {
  /** e.g. `result[].billingContactId` (`[]`: every element of a list). */
  path: string;
  problem: 'missing' | 'unexpected' | 'type';
  /** For `type`: what was documented and what came, by kind. */
  detail?: string;
  fatal: boolean;
}

export function describeDifference(d: FieldDifference): string {
  const what = d.problem === 'unexpected' ? 'not documented' : d.problem;
  return `${d.path}: ${what}${d.detail ? ` (${d.detail})` : ''}`;
}

/** The parts of a zod schema this walk reads (zod 4 keeps them on `_zod.def`). */
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  values?: unknown[];
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Wrappers that change what may be absent or how a value is fixed, not what it is. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);
/** Wrappers that let a field be absent. */
const ABSENT_OK = new Set(['optional', 'default', 'prefault', 'catch']);

/** The schema under its wrappers, and whether the field it describes may be absent. */
function unwrap(schema: z.ZodType): { core: z.ZodType; optional: boolean } {
  let core = schema;
  let optional = false;
  for (;;) {
    const def = defOf(core);
    if (def.type === 'pipe' && def.in) core = def.in;
    else if (WRAPPERS.has(def.type) && def.innerType) {
      optional ||= ABSENT_OK.has(def.type);
      core = def.innerType;
    } else return { core, optional };
  }
}

const SCALAR_KINDS: Record<string, string> = {
  string: 'string',
  number: 'number',
  int: 'number',
  bigint: 'number',
  boolean: 'boolean',
  enum: 'string',
  null: 'null',
  object: 'object',
  record: 'object',
  array: 'array',
};

/** The kinds a schema documents (null included where it is nullable); undefined when anything goes. */
function documentedKinds(schema: z.ZodType): Set<string> | undefined {
  const kinds = new Set<string>();
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.type === 'nullable') kinds.add('null');
    if (def.type === 'pipe' && def.in) current = def.in;
    else if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else break;
  }
  const def = defOf(current);
  if (def.type === 'union') {
    for (const option of def.options ?? []) {
      const inner = documentedKinds(option);
      if (!inner) return undefined;
      for (const kind of inner) kinds.add(kind);
    }
    return kinds;
  }
  if (def.type === 'literal') {
    for (const value of def.values ?? []) kinds.add(kindOf(value));
    return kinds;
  }
  const kind = SCALAR_KINDS[def.type];
  if (!kind) return undefined;
  kinds.add(kind);
  return kinds;
}

/** Differences the schema's own structure shows: undocumented keys, absent required ones, other kinds. */
function walk(schema: z.ZodType, value: unknown, path: string, out: FieldDifference[]): void {
  const { core } = unwrap(schema);
  const def = defOf(core);
  if (def.type === 'object' && def.shape && isRecord(value)) {
    for (const key of Object.keys(value)) {
      if (!(key in def.shape)) out.push({ path: `${path}.${key}`, problem: 'unexpected', fatal: false });
    }
    for (const [key, field] of Object.entries(def.shape))
      compareField(field, value[key], `${path}.${key}`, out);
  } else if (def.type === 'array' && def.element && Array.isArray(value)) {
    for (const element of value) compareField(def.element, element, `${path}[]`, out);
  }
}

function compareField(schema: z.ZodType, value: unknown, path: string, out: FieldDifference[]): void {
  if (value === undefined) {
    if (!unwrap(schema).optional) out.push({ path, problem: 'missing', fatal: false });
    return;
  }
  const kinds = documentedKinds(schema);
  if (kinds && !kinds.has(kindOf(value))) {
    const documented = [...kinds].sort((a, b) => Number(a === 'null') - Number(b === 'null'));
    const detail = `documented as ${documented.join(' or ')}, got ${kindOf(value)}`;
    out.push({ path, problem: 'type', detail, fatal: false });
    return;
  }
  walk(schema, value, path, out);
}

function pathOf(root: string, segments: readonly PropertyKey[]): string {
  return segments.reduce<string>(
    (path, s) => (typeof s === 'number' ? `${path}[]` : `${path}.${String(s)}`),
    root,
  );
}

function valueAt(value: unknown, segments: readonly PropertyKey[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** What the schema refuses, by path: a required field absent, or one of another kind or form. */
export function fatalDifferences(schema: z.ZodType, value: unknown, root = 'result'): FieldDifference[] {
  const checked = schema.safeParse(value);
  if (checked.success) return [];
  const found = new Map<string, FieldDifference>();
  for (const issue of checked.error.issues) {
    const path = pathOf(root, issue.path);
    const actual = valueAt(value, issue.path);
    const difference: FieldDifference =
      actual === undefined
        ? { path, problem: 'missing', fatal: true }
        : { path, problem: 'type', detail: `not as documented: got ${kindOf(actual)}`, fatal: true };
    if (!found.has(path)) found.set(path, difference);
  }
  return [...found.values()];
}

/**
 * Every way `value` differs from `schema`, each path once: what the app cannot use (`fatal`) and what it
 * tolerates (an undocumented key, a field of another kind it can do without or read all the same).
 */
export function compareWithSchema(schema: z.ZodType, value: unknown, root = 'result'): FieldDifference[] {
  const walked: FieldDifference[] = [];
  compareField(schema, value, root, walked);
  const byPath = new Map(walked.map((d) => [d.path, d]));
  for (const d of fatalDifferences(schema, value, root)) {
    const seen = byPath.get(d.path);
    byPath.set(d.path, seen ? { ...seen, fatal: true } : d);
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}
