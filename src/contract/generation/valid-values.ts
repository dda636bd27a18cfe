import type { SchemaObject } from '../types.js';
import type { Prng } from './prng.js';

/**
 * How much of a schema to fill: only what is required, every property (nullable ones with a
 * value), every property with nullable ones null, or a seeded mix.
 */
export type Variant = 'minimal' | 'full' | 'nulls' | 'random';

const FORMAT_VALUES: Record<string, (rng: Prng) => string> = {
  'date-time': (rng) =>
    new Date(Date.UTC(2025, 0, 1) + rng.int(0, 364) * 86_400_000 + rng.int(0, 86_399) * 1000).toISOString(),
  date: (rng) => new Date(Date.UTC(2025, 0, 1) + rng.int(0, 364) * 86_400_000).toISOString().slice(0, 10),
  uuid: (rng) => hex(rng, 8) + '-' + hex(rng, 4) + '-4' + hex(rng, 3) + '-a' + hex(rng, 3) + '-' + hex(rng, 12),
  email: (rng) => `contract.${rng.word(6)}@example.com`,
  uri: (rng) => `https://example.com/${rng.word(8)}`,
  url: (rng) => `https://example.com/${rng.word(8)}`,
  hostname: (rng) => `${rng.word(8)}.example.com`,
  ipv4: (rng) => `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
};

/**
 * A value that conforms to `schema`, chosen by `rng`. Strings are readable and start with
 * `contract`, so anything the runner leaves behind on a real server is recognisable.
 * Returns `undefined` for what it cannot generate (a `pattern` without a matching example).
 */
export function generateValid(schema: SchemaObject, rng: Prng, variant: Variant, name?: string): unknown {
  if (schema.nullable === true && (variant === 'nulls' || (variant === 'random' && rng.chance(0.2)))) return null;
  if (Array.isArray(schema.enum)) return variant === 'full' ? schema.enum[0] : rng.pick(schema.enum);
  const branches = (schema.oneOf ?? schema.anyOf) as SchemaObject[] | undefined;
  if (branches?.length) return generateValid(branches[0], rng, variant, name);
  if (Array.isArray(schema.allOf)) return generateValid(mergeAllOf(schema.allOf as SchemaObject[]), rng, variant, name);
  switch (typeOf(schema)) {
    case 'string':
      return name !== undefined && isIdLike(name) && !schema.format && !schema.pattern
        ? generateId(schema, rng)
        : generateString(schema, rng, variant);
    case 'integer':
      return generateNumber(schema, rng, true);
    case 'number':
      return generateNumber(schema, rng, false);
    case 'boolean':
      return variant === 'full' ? true : rng.chance(0.5);
    case 'array':
      return generateArray(schema, rng, variant);
    case 'object':
      return generateObject(schema, rng, variant);
    default:
      return `contract-${rng.word(6)}`;
  }
}

export function typeOf(schema: SchemaObject): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (schema.properties || schema.additionalProperties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function generateString(schema: SchemaObject, rng: Prng, variant: Variant): string | undefined {
  const format = typeof schema.format === 'string' ? FORMAT_VALUES[schema.format] : undefined;
  if (format) return format(rng);
  if (typeof schema.pattern === 'string') {
    return typeof schema.example === 'string' && new RegExp(schema.pattern, 'u').test(schema.example)
      ? schema.example
      : undefined;
  }
  const min = Math.max(numberOr(schema.minLength, 0), 1);
  const max = Math.max(min, Math.min(numberOr(schema.maxLength, 60), 60));
  const target = variant === 'full' ? max : rng.int(min, Math.max(min, Math.min(max, 32)));
  let text = 'contract';
  while (text.length < target) text += ` ${rng.word(rng.int(3, 8))}`;
  return text.slice(0, target).trimEnd().padEnd(min, 'x');
}

/** `id`, `businessId`, `campaign_id`: a field that holds a reference, not prose. */
export function isIdLike(name: string): boolean {
  return /^(id|ID)$|[a-z0-9](Id|ID)$|_id$/.test(name);
}

/**
 * An identifier-like token for an id field without a format (`contract-` and hex digits), so a
 * server that checks what ids look like sees one; uuids come from `format: uuid`.
 */
function generateId(schema: SchemaObject, rng: Prng): string {
  const min = Math.max(numberOr(schema.minLength, 0), 1);
  const max = Math.max(min, numberOr(schema.maxLength, 64));
  const token = `contract-${hex(rng, 12)}`;
  if (token.length > max) return hex(rng, max);
  return token.padEnd(min, '0');
}

function generateNumber(schema: SchemaObject, rng: Prng, integer: boolean): number {
  let min = numberOr(schema.minimum, 0);
  let max = numberOr(schema.maximum, Math.max(min, 0) + 1000);
  if (schema.exclusiveMinimum === true) min += integer ? 1 : 0.001;
  if (typeof schema.exclusiveMinimum === 'number') min = schema.exclusiveMinimum + (integer ? 1 : 0.001);
  if (schema.exclusiveMaximum === true) max -= integer ? 1 : 0.001;
  if (typeof schema.exclusiveMaximum === 'number') max = schema.exclusiveMaximum - (integer ? 1 : 0.001);
  if (integer) return rng.int(Math.ceil(min), Math.floor(max));
  return Math.round((min + rng.next() * (max - min)) * 100) / 100;
}

function generateArray(schema: SchemaObject, rng: Prng, variant: Variant): unknown[] {
  const min = numberOr(schema.minItems, 0);
  const max = Math.max(min, Math.min(numberOr(schema.maxItems, 3), 3));
  const length = variant === 'minimal' ? min : rng.int(Math.max(min, 1), max);
  const items = (schema.items ?? {}) as SchemaObject;
  return Array.from({ length }, () => generateValid(items, rng, variant === 'nulls' ? 'full' : variant));
}

function generateObject(schema: SchemaObject, rng: Prng, variant: Variant): Record<string, unknown> | undefined {
  const properties = (schema.properties ?? {}) as Record<string, SchemaObject>;
  const required = new Set((schema.required ?? []) as string[]);
  if (Object.keys(properties).length === 0) return freeFormObject(schema, rng, variant);
  const out: Record<string, unknown> = {};
  for (const [name, propertySchema] of Object.entries(properties)) {
    if (propertySchema.readOnly === true) continue;
    const include =
      required.has(name) || variant === 'full' || variant === 'nulls' || (variant === 'random' && rng.chance(0.6));
    if (!include) continue;
    const value = generateValid(
      propertySchema,
      rng,
      required.has(name) && variant === 'nulls' ? 'full' : variant,
      name,
    );
    if (value === undefined) {
      if (required.has(name)) return undefined;
      continue;
    }
    out[name] = value;
  }
  return out;
}

/** An object with no declared properties: its example when it has one, else a small map. */
function freeFormObject(schema: SchemaObject, rng: Prng, variant: Variant): Record<string, unknown> {
  if (variant === 'minimal') return {};
  if (schema.example && typeof schema.example === 'object' && !Array.isArray(schema.example) && variant === 'full') {
    return structuredClone(schema.example) as Record<string, unknown>;
  }
  if (schema.additionalProperties === false) return {};
  return { contract: { run: rng.word(6), index: rng.int(1, 99) } };
}

function mergeAllOf(schemas: SchemaObject[]): SchemaObject {
  const merged: SchemaObject = { type: 'object', properties: {}, required: [] };
  for (const part of schemas) {
    Object.assign(merged.properties as object, part.properties ?? {});
    (merged.required as string[]).push(...((part.required ?? []) as string[]));
  }
  return merged;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

function hex(rng: Prng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += rng.int(0, 15).toString(16);
  return out;
}
