import type { SchemaObject } from '../operation-index.js';
import type { Random } from './random.js';
import { allowsNull, declaredType, isNullSchema, mergeAllOf, withBranch } from './schema-shape.js';
import { NO_FINITE_VALUE, smallestValid } from './smallest-values.js';
import { generateString, numberOr, type Vocabulary } from './text-values.js';

/**
 * How much of a schema to fill: only what is required (arrays at their minimum), every property
 * (nullable ones with a value), every property with the optional nullable ones null, or a seeded
 * mix that thins out deeper down.
 */
export type Fill = 'minimal' | 'full' | 'nulls' | 'random';

export interface GenerateOptions {
  random: Random;
  /** A request leaves out `readOnly` properties, a response `writeOnly` ones (default response). */
  direction?: 'request' | 'response';
  /** Default `random`. */
  fill?: Fill;
  /** Default `realistic`. */
  vocabulary?: Vocabulary;
  /** Use the schema's own `example`/`examples` where it has them (default true). */
  examples?: boolean;
  /** The property or parameter the value is for (marked ids look like ids). */
  name?: string;
  /** Told about what cannot be generated as documented, such as a pattern that does not compile. */
  warn?: (message: string) => void;
  /**
   * The errors of a value with `oneOf` checked as written (exactly one branch). With it, a value
   * made for a `oneOf` is kept only when no other branch accepts it too: another branch is
   * tried, and an optional property whose `oneOf` no value fits is left out.
   */
  exclusive?: ValueCheck;
}

/** The schema errors of a value; none means valid. */
export type ValueCheck = (schema: object, value: unknown) => unknown[];

/**
 * Nesting beyond this gets the smallest value of its type. Cycles stop long before (see
 * valueOf); this bounds a chain of required properties that never ends, while leaving room for
 * documents that nest deeply without recursing (Figma's fills sit 9 levels down).
 */
const MAX_DEPTH = 16;
/**
 * Values generated as the fill says for one body; past it, the rest is filled minimally
 * (required properties, shortest arrays). Bodies of large documents' deep, widely shared schemas
 * stay a few hundred kilobytes instead of growing with every level.
 */
const FILLED_VALUES = 3000;
/**
 * Past this many values, even what the schema requires (long `minItems`, wide required objects)
 * gets the smallest value of its type: such a body may fail its schema, but it is made in time.
 */
const MAX_VALUES = 30_000;
const ATTEMPTS = 6;
/**
 * `oneOf` branches tried, as the fill says, for a value only one of them accepts; the others are
 * then tried with their smallest values only (an open branch's `{}` is the one value GitHub's
 * sixteen event payloads, every other branch requiring something, leave to it alone).
 */
const EXCLUSIVE_BRANCHES = 6;

interface Walk {
  options: GenerateOptions;
  random: Random;
  vocabulary: Vocabulary;
  hidden: 'readOnly' | 'writeOnly';
  /** The schemas being generated, outermost first: meeting one again is a cycle. */
  ancestors: Set<object>;
  /** Values made so far. */
  made: number;
  /** `oneOf`s for which no value matching exactly one branch was found (see exclusiveOneOf). */
  inexact: number;
}

/**
 * A value valid against a (dereferenced) OpenAPI 3.0/3.1 schema: its examples (unless told not
 * to), `const` and enums first, then formats, patterns, bounds, `nullable` and 3.1 type arrays,
 * `oneOf`/`anyOf` (one branch merged with its siblings, discriminator set) and `allOf` (merged).
 * A recursive schema met again inside itself is filled minimally, so a cycle is never expanded;
 * nesting stops at a fixed depth. The same Random state gives the same value.
 */
export function generateValue(schema: object | undefined, options: GenerateOptions): unknown {
  const walk: Walk = {
    options,
    random: options.random,
    vocabulary: options.vocabulary ?? 'realistic',
    hidden: options.direction === 'request' ? 'readOnly' : 'writeOnly',
    ancestors: new Set(),
    made: 0,
    inexact: 0,
  };
  return valueOf(walk, schema as SchemaObject | undefined, options.fill ?? 'random', 0, options.name);
}

/**
 * A generated value that passes `check`: the schema's examples are tried first (unless
 * `examples` is false), then fresh values, a few times; the last try is returned even if it
 * still fails (a schema the generator cannot satisfy). With `prefer`, a stricter check, a value
 * that passes both is sought, else the first that passes `check` is kept; it also steers the
 * choice of `oneOf` branches (GenerateOptions.exclusive) unless the options name another check.
 */
export function generateValidValue(
  schema: object | undefined,
  options: GenerateOptions,
  check?: ValueCheck,
  prefer?: ValueCheck,
): unknown {
  let value: unknown;
  let acceptable: { value: unknown } | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    value = generateValue(schema, {
      exclusive: prefer,
      ...options,
      examples: options.examples !== false && attempt < 2,
    });
    if (!schema || !check) break;
    if (check(schema, value).length > 0) continue;
    if (!prefer || prefer(schema, value).length === 0) return value;
    acceptable ??= { value };
  }
  return acceptable ? acceptable.value : value;
}

const NULL_BRANCH = Symbol('null');

function valueOf(walk: Walk, schema: SchemaObject | undefined, fill: Fill, depth: number, name?: string): unknown {
  if (!schema || typeof schema !== 'object') return null;
  const merged = schema.allOf ? mergeAllOf(schema) : schema;
  const branches = merged.oneOf as SchemaObject[] | undefined;
  if (walk.options.exclusive && branches && branches.length > 1 && depth <= MAX_DEPTH && walk.made < FILLED_VALUES)
    return exclusiveOneOf(walk, schema, merged, branches, fill, depth, name);
  return valueOfFlat(walk, schema, flatten(walk, merged, fill), fill, depth, name);
}

/**
 * A value for one `oneOf` branch that no other branch accepts: branches overlap in real documents
 * (open objects, a branch listed twice), so each candidate is checked against all of them, and
 * the next branch (or a fuller fill of the same one) is tried. When none fits, the first value
 * is kept and counted as inexact, for an optional property holding it to be left out.
 */
function exclusiveOneOf(
  walk: Walk,
  schema: SchemaObject,
  merged: SchemaObject,
  branches: SchemaObject[],
  fill: Fill,
  depth: number,
  name?: string,
): unknown {
  const exclusive = walk.options.exclusive!;
  const inexact = walk.inexact;
  let first: { value: unknown } | undefined;
  const fills: readonly Fill[] = fill === 'minimal' ? ['minimal', 'random'] : [fill, fill];
  for (const [place, index] of branchOrder(walk, branches, fill).entries()) {
    for (const tryFill of place < EXCLUSIVE_BRANCHES ? fills : (['minimal'] as const)) {
      const value = isNullSchema(branches[index])
        ? null
        : valueOfFlat(walk, schema, withBranch(merged, branches, index), tryFill, depth, name);
      walk.inexact = inexact;
      if (branches.filter((branch) => exclusive(branch, value).length === 0).length === 1) return value;
      first ??= { value };
      if (isNullSchema(branches[index])) break;
    }
  }
  walk.inexact = inexact + 1;
  return first?.value;
}

/** The branch a fill would pick first (see flatten), then the others in the document's order. */
function branchOrder(walk: Walk, branches: SchemaObject[], fill: Fill): number[] {
  const nonNull = branches.map((_, i) => i).filter((i) => !isNullSchema(branches[i]));
  const nulls = branches.map((_, i) => i).filter((i) => isNullSchema(branches[i]));
  const start = fill === 'random' && nonNull.length > 0 ? walk.random.pick(nonNull) : nonNull[0];
  const nullFirst = fill === 'random' && nulls.length > 0 && walk.random.chance(0.1);
  const rest = nonNull.filter((i) => i !== start);
  return nullFirst ? [...nulls, ...nonNull] : [...(start === undefined ? [] : [start]), ...rest, ...nulls];
}

function valueOfFlat(
  walk: Walk,
  schema: SchemaObject,
  flat: SchemaObject | typeof NULL_BRANCH,
  fill: Fill,
  depth: number,
  name?: string,
): unknown {
  if (flat === NULL_BRANCH) return null;
  if (depth > MAX_DEPTH) return cutOff(walk, schema, flat);
  if (walk.made >= MAX_VALUES) return smallestValue(flat);
  walk.made++;
  if (walk.options.examples !== false) {
    if (flat.example !== undefined) return structuredClone(flat.example);
    if (Array.isArray(flat.examples) && flat.examples.length > 0)
      return structuredClone(walk.random.pick(flat.examples as unknown[]));
  }
  if (flat.const !== undefined) return structuredClone(flat.const);
  if (Array.isArray(flat.enum) && flat.enum.length > 0) return structuredClone(enumValue(walk, flat.enum, fill));
  const cycle = walk.ancestors.has(schema);
  const within: Fill = cycle || walk.made > FILLED_VALUES ? 'minimal' : fill;
  walk.ancestors.add(schema);
  try {
    return valueOfType(walk, flat, within, depth, name);
  } finally {
    if (!cycle) walk.ancestors.delete(schema);
  }
}

function valueOfType(walk: Walk, schema: SchemaObject, fill: Fill, depth: number, name?: string): unknown {
  const type = declaredType(schema) ?? (walk.vocabulary === 'marked' ? 'string' : 'object');
  switch (type) {
    case 'string':
      return generateString(schema, {
        random: walk.random,
        vocabulary: walk.vocabulary,
        long: fill === 'full',
        name,
        warn: walk.options.warn,
      });
    case 'integer':
      return generateNumber(schema, walk.random, true);
    case 'number':
      // An `int32`/`int64` number is an integer (the validator's formats say so too).
      return generateNumber(schema, walk.random, schema.format === 'int32' || schema.format === 'int64');
    case 'boolean':
      return fill === 'full' ? true : walk.random.chance(0.5);
    case 'array':
      return generateArray(walk, schema, fill, depth);
    case 'null':
      return null;
    default:
      return generateObject(walk, schema, fill, depth);
  }
}

/** Non-null values first: a value is what a reader of the example wants to see. */
function enumValue(walk: Walk, values: unknown[], fill: Fill): unknown {
  const nonNull = values.filter((v) => v !== null);
  const candidates = nonNull.length ? nonNull : values;
  return fill === 'random' ? walk.random.pick(candidates) : candidates[0];
}

/**
 * Resolves the `oneOf`/`anyOf` of a schema (its `allOf` merged) into one schema: a random fill
 * picks a branch (now and then the null one, where there is one), the others take the first
 * non-null branch.
 */
function flatten(walk: Walk, merged: SchemaObject, fill: Fill): SchemaObject | typeof NULL_BRANCH {
  let flat = merged;
  for (let i = 0; i < 4; i++) {
    const branches = (flat.oneOf ?? flat.anyOf) as SchemaObject[] | undefined;
    if (!branches?.length) break;
    const nonNull = branches.filter((branch) => !isNullSchema(branch));
    if (nonNull.length === 0) return NULL_BRANCH;
    if (fill !== 'random') {
      flat = withBranch(flat, branches, branches.indexOf(nonNull[0]));
      continue;
    }
    if (nonNull.length < branches.length && walk.random.chance(0.1)) return NULL_BRANCH;
    flat = withBranch(flat, branches, branches.indexOf(walk.random.pick(nonNull)));
  }
  return flat;
}

/**
 * The value where nesting stops: the smallest the schema accepts (its required properties, null,
 * empty arrays, a branch that ends), or, where its required properties lead back to it without
 * end so that no finite value is valid, the smallest of its type, with a warning.
 */
function cutOff(walk: Walk, schema: SchemaObject, flat: SchemaObject): unknown {
  const scalar = (s: SchemaObject) => valueOfType(walk, s, 'minimal', MAX_DEPTH);
  const value = smallestValid(schema, { scalar, hidden: walk.hidden });
  if (value !== NO_FINITE_VALUE) return value;
  const title = typeof schema.title === 'string' ? ` "${schema.title}"` : '';
  walk.options.warn?.(
    `no finite value matches the schema${title}: its required properties lead back to it without end, ` +
      `so its values stop after ${MAX_DEPTH} levels without them`,
  );
  return smallestValue(flat);
}

function smallestValue(schema: SchemaObject): unknown {
  if (allowsNull(schema)) return null;
  switch (declaredType(schema) ?? 'object') {
    case 'array':
      return [];
    case 'string':
      return 'x'.repeat(numberOr(schema.minLength, 1));
    case 'integer':
    case 'number':
      return numberOr(schema.minimum, 0);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return {};
  }
}

function generateNumber(schema: SchemaObject, random: Random, integer: boolean): number {
  const exclusiveMin = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined;
  const exclusiveMax = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : undefined;
  let min = numberOr(schema.minimum, exclusiveMin ?? 0);
  let max = numberOr(schema.maximum, exclusiveMax ?? Math.max(min, 0) + 1000);
  if (schema.exclusiveMinimum === true || exclusiveMin !== undefined) min += integer ? 1 : 0.01;
  if (schema.exclusiveMaximum === true || exclusiveMax !== undefined) max -= integer ? 1 : 0.01;
  const step = typeof schema.multipleOf === 'number' && schema.multipleOf > 0 ? schema.multipleOf : undefined;
  const { faker } = random;
  if (step) {
    const low = Math.ceil(min / step);
    const high = Math.max(low, Math.floor(max / step));
    return faker.number.int({ min: low, max: high }) * step;
  }
  return integer
    ? faker.number.int({ min: Math.ceil(min), max: Math.max(Math.ceil(min), Math.floor(max)) })
    : faker.number.float({ min, max: Math.max(min, max), fractionDigits: 2 });
}

function generateArray(walk: Walk, schema: SchemaObject, fill: Fill, depth: number): unknown[] {
  const items = schema.items as SchemaObject | undefined;
  const itemFill: Fill = fill === 'nulls' ? 'full' : fill;
  const next = (child: SchemaObject | undefined) => valueOf(walk, child, itemFill, depth + 1);
  const prefix = ((schema.prefixItems ?? []) as SchemaObject[]).map((item) => next(item));
  const minItems = numberOr(schema.minItems, fill === 'minimal' ? 0 : 1);
  const min = Math.max(minItems, prefix.length);
  const max = Math.max(min, Math.min(numberOr(schema.maxItems, 3), min + 3));
  const length = typeof items !== 'object' ? prefix.length : fill === 'minimal' ? min : walk.random.int(min, max);
  const values = [...prefix, ...Array.from({ length: length - prefix.length }, () => next(items))];
  if (!schema.uniqueItems) return values;
  const unique = [...new Map(values.map((v) => [JSON.stringify(v), v])).values()];
  return unique.length >= numberOr(schema.minItems, 0) ? unique : values;
}

/**
 * Required properties always; optional ones as the fill says (a random fill takes all of them
 * near the top, about half a little deeper, none deep down).
 */
function generateObject(walk: Walk, schema: SchemaObject, fill: Fill, depth: number): Record<string, unknown> {
  const { random } = walk;
  const value: Record<string, unknown> = {};
  const properties = (schema.properties ?? {}) as Record<string, SchemaObject>;
  const required = new Set((schema.required ?? []) as string[]);
  const next = (child: SchemaObject | undefined, childFill: Fill, name?: string) =>
    valueOf(walk, child, childFill, depth + 1, name);
  for (const [name, property] of Object.entries(properties)) {
    if (property?.[walk.hidden]) continue;
    const isRequired = required.has(name);
    if (!isRequired && !includesOptional(fill, depth, random)) continue;
    const inexact = walk.inexact;
    value[name] = isNull(property, isRequired, fill, random)
      ? null
      : next(property, fill === 'nulls' && isRequired ? 'full' : fill, name);
    if (!isRequired && walk.inexact > inexact) {
      delete value[name];
      walk.inexact = inexact;
    }
  }
  const extra = schema.additionalProperties;
  // A required name without a property schema (a document slip) still gets a value where extra properties are allowed.
  for (const name of required) {
    if (!(name in value) && !(name in properties) && extra !== false)
      value[name] = typeof extra === 'object' ? next(extra as SchemaObject, fill, name) : random.faker.lorem.word();
  }
  const freeForm = Object.keys(properties).length === 0;
  if (walk.vocabulary === 'marked' && freeForm && extra !== false && fill !== 'minimal') {
    value.contract =
      typeof extra === 'object' ? next(extra as SchemaObject, fill) : { run: random.word(6), index: random.int(1, 99) };
  }
  const wanted = Math.max(numberOr(schema.minProperties, 0), freeForm && typeof extra === 'object' ? 1 : 0);
  for (let i = 0; Object.keys(value).length < wanted && i < wanted + 3; i++) {
    value[`${random.faker.lorem.word()}${i}`] =
      typeof extra === 'object' ? next(extra as SchemaObject, fill) : random.faker.lorem.word();
  }
  return value;
}

function includesOptional(fill: Fill, depth: number, random: Random): boolean {
  if (fill === 'minimal') return false;
  if (fill !== 'random') return true;
  return depth <= 4 && (depth <= 2 || random.chance(0.5));
}

/** Whether a nullable property is null: optional ones in a `nulls` fill, now and then in a random one. */
function isNull(property: SchemaObject | undefined, isRequired: boolean, fill: Fill, random: Random): boolean {
  if (!property || !allowsNull(property)) return false;
  if (fill === 'nulls') return !isRequired;
  return fill === 'random' && random.chance(0.1);
}
