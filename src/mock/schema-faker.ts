import type { Faker } from '@faker-js/faker';
import type { OpenAPIV3 } from 'openapi-types';

type Schema = OpenAPIV3.SchemaObject & {
  const?: unknown;
  examples?: unknown[];
  prefixItems?: Schema[];
};

const MAX_DEPTH = 8;

/** A regular-expression string generator (randexp's shape), so patterns get values that match them. */
export type PatternGenerator = new (pattern: RegExp) => {
  max: number;
  randInt: (min: number, max: number) => number;
  gen(): string;
};

export interface FakeOptions {
  /** Use the schema's own `example`/`examples` where it has them (default true). */
  useExamples?: boolean;
  /** A response leaves out `writeOnly` properties, a request `readOnly` ones (default response). */
  direction?: 'request' | 'response';
  /** Generates strings for `pattern`s; without it faker's simpler generator is used. */
  patterns?: PatternGenerator;
}

/**
 * A value valid against a (dereferenced) OpenAPI 3.0/3.1 schema, made up with faker: its
 * examples (unless told not to), `const` and enums first, then formats, bounds, patterns,
 * `nullable` and 3.1 type arrays, `oneOf`/`anyOf` (one branch, merged with its siblings) and
 * `allOf` (merged). Recursive schemas stop at a fixed depth with the smallest valid value.
 * Deterministic for a seeded faker.
 */
export function fakeFromSchema(
  schema: Schema | undefined,
  faker: Faker,
  options: FakeOptions = {},
  depth = 0,
): unknown {
  if (!schema || typeof schema !== 'object') return null;
  const flat = flatten(schema, faker);
  if (flat === NULL_BRANCH) return null;
  if (depth > MAX_DEPTH) return smallestValue(flat);
  const next = (child: Schema | undefined) => fakeFromSchema(child, faker, options, depth + 1);
  if (options.useExamples !== false) {
    if (flat.example !== undefined) return structuredClone(flat.example);
    if (Array.isArray(flat.examples) && flat.examples.length > 0)
      return structuredClone(faker.helpers.arrayElement(flat.examples));
  }
  if (flat.const !== undefined) return structuredClone(flat.const);
  if (flat.enum?.length)
    return structuredClone(
      faker.helpers.arrayElement(
        flat.enum.filter((v) => v !== null).length ? flat.enum.filter((v) => v !== null) : flat.enum,
      ),
    );
  switch (typeOf(flat)) {
    case 'string':
      return fakeString(flat, faker, options);
    case 'integer':
      return fakeNumber(flat, faker, true);
    case 'number':
      return fakeNumber(flat, faker, false);
    case 'boolean':
      return faker.datatype.boolean();
    case 'array':
      return fakeArray(flat, faker, next);
    case 'null':
      return null;
    default:
      return fakeObject(flat, faker, options, next, depth);
  }
}

const NULL_BRANCH = Symbol('null');

/**
 * Resolves `allOf` (merged) and `oneOf`/`anyOf` (one non-null branch, mostly, merged with the rest)
 * into one schema.
 */
function flatten(schema: Schema, faker: Faker): Schema | typeof NULL_BRANCH {
  let flat = schema.allOf ? mergeAllOf(schema) : schema;
  for (let i = 0; i < 4; i++) {
    const branches = (flat.oneOf ?? flat.anyOf) as Schema[] | undefined;
    if (!branches?.length) break;
    const nonNull = branches.filter((branch) => !isNullSchema(branch));
    if (nonNull.length === 0 || (nonNull.length < branches.length && faker.datatype.boolean(0.1))) return NULL_BRANCH;
    const { oneOf: _oneOf, anyOf: _anyOf, ...rest } = flat;
    flat = mergeAllOf({ ...rest, allOf: [faker.helpers.arrayElement(nonNull)] });
  }
  return flat;
}

function isNullSchema(schema: Schema): boolean {
  return (
    (schema.type as string) === 'null' ||
    (Array.isArray(schema.enum) && schema.enum.length === 1 && schema.enum[0] === null)
  );
}

/** The schema's type, reading 3.1 type arrays (`['string', 'null']`) as their non-null member. */
function typeOf(schema: Schema): string {
  const type = schema.type as string | string[] | undefined;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') ?? 'null';
  if (type) return type;
  if (schema.properties || schema.additionalProperties) return 'object';
  if ((schema as { items?: unknown }).items || schema.prefixItems) return 'array';
  if (schema.format || schema.pattern || schema.minLength !== undefined) return 'string';
  return 'object';
}

function mergeAllOf(schema: Schema): Schema {
  const { allOf, ...rest } = schema;
  const merged: Schema = { ...rest };
  for (const part of (allOf ?? []) as Schema[]) {
    const flat = part.allOf ? mergeAllOf(part) : part;
    Object.assign(merged, { ...flat, ...merged });
    merged.properties = { ...flat.properties, ...merged.properties };
    merged.required = [...new Set([...(flat.required ?? []), ...(merged.required ?? [])])];
  }
  return merged;
}

function smallestValue(schema: Schema): unknown {
  const types: string[] = [schema.type ?? typeOf(schema)].flat();
  if (types.includes('null') || schema.nullable) return null;
  switch (types[0]) {
    case 'array':
      return [];
    case 'string':
      return 'x'.repeat(schema.minLength ?? 1);
    case 'integer':
    case 'number':
      return schema.minimum ?? 0;
    case 'boolean':
      return false;
    default:
      return {};
  }
}

const BY_FORMAT: Record<string, (faker: Faker) => string> = {
  'date-time': (f) => f.date.recent({ days: 90 }).toISOString(),
  date: (f) => f.date.recent({ days: 90 }).toISOString().slice(0, 10),
  time: (f) => `${f.date.recent().toISOString().slice(11, 19)}Z`,
  duration: (f) => `PT${f.number.int({ min: 1, max: 59 })}M`,
  email: (f) => f.internet.email(),
  'idn-email': (f) => f.internet.email(),
  uuid: (f) => f.string.uuid(),
  uri: (f) => f.internet.url(),
  url: (f) => f.internet.url(),
  iri: (f) => f.internet.url(),
  'uri-reference': (f) => `/${f.lorem.slug(2)}`,
  'iri-reference': (f) => `/${f.lorem.slug(2)}`,
  'uri-template': (f) => `${f.internet.url()}/{id}`,
  hostname: (f) => f.internet.domainName(),
  'idn-hostname': (f) => f.internet.domainName(),
  ipv4: (f) => f.internet.ipv4(),
  ipv6: (f) => f.internet.ipv6(),
  byte: (f) => Buffer.from(f.lorem.word()).toString('base64'),
  binary: (f) => f.string.alphanumeric(16),
  password: (f) => f.internet.password(),
  'json-pointer': (f) => `/${f.lorem.word()}`,
  'relative-json-pointer': () => '0',
  regex: () => '^[a-z]+$',
};

function fakeString(schema: Schema, faker: Faker, options: FakeOptions): string {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Math.max(min, 24);
  const formatted = schema.format ? BY_FORMAT[schema.format]?.(faker) : undefined;
  if (formatted !== undefined) return formatted;
  if (schema.pattern) {
    const matching = fromPattern(schema.pattern, faker, options.patterns);
    if (matching !== undefined) return matching;
  }
  return fitLength(faker.lorem.words({ min: 1, max: 4 }), min, max, faker);
}

function fromPattern(pattern: string, faker: Faker, Generator: PatternGenerator | undefined): string | undefined {
  try {
    const regex = new RegExp(pattern);
    if (!Generator) return faker.helpers.fromRegExp(regex);
    const generator = new Generator(regex);
    generator.max = 8;
    generator.randInt = (low, high) => faker.number.int({ min: low, max: high });
    return generator.gen();
  } catch {
    // A pattern that cannot be expanded falls through to plain text.
    return undefined;
  }
}

function fitLength(text: string, min: number, max: number, faker: Faker): string {
  let value = text;
  while (value.length < min) value += faker.string.alpha(1);
  return value.slice(0, max);
}

function fakeNumber(schema: Schema, faker: Faker, integer: boolean): number {
  const exclusiveMin = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined;
  const exclusiveMax = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : undefined;
  let min = schema.minimum ?? exclusiveMin ?? 0;
  let max = schema.maximum ?? exclusiveMax ?? Math.max(min, 0) + 1000;
  if (schema.exclusiveMinimum === true || exclusiveMin !== undefined) min += integer ? 1 : 0.01;
  if (schema.exclusiveMaximum === true || exclusiveMax !== undefined) max -= integer ? 1 : 0.01;
  const step = schema.multipleOf;
  if (step) {
    const low = Math.ceil(min / step);
    const high = Math.max(low, Math.floor(max / step));
    return faker.number.int({ min: low, max: high }) * step;
  }
  return integer
    ? faker.number.int({ min: Math.ceil(min), max: Math.max(Math.ceil(min), Math.floor(max)) })
    : faker.number.float({ min, max, fractionDigits: 2 });
}

type Next = (child: Schema | undefined) => unknown;

function fakeArray(schema: Schema, faker: Faker, next: Next): unknown[] {
  const items = (schema as OpenAPIV3.ArraySchemaObject).items as Schema | undefined;
  const prefix = (schema.prefixItems ?? []).map((item) => next(item));
  const min = Math.max(schema.minItems ?? 1, prefix.length);
  const max = Math.max(min, Math.min(schema.maxItems ?? 3, min + 3));
  const length = items ? faker.number.int({ min, max }) : prefix.length;
  const values = [...prefix, ...Array.from({ length: length - prefix.length }, () => next(items))];
  if (!schema.uniqueItems) return values;
  const unique = [...new Map(values.map((v) => [JSON.stringify(v), v])).values()];
  return unique.length >= (schema.minItems ?? 0) ? unique : values;
}

/** Required properties always; optional ones too near the top, and about half of them deeper down. */
function fakeObject(
  schema: Schema,
  faker: Faker,
  options: FakeOptions,
  next: Next,
  depth: number,
): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  const required = new Set(schema.required ?? []);
  const hidden = options.direction === 'request' ? 'readOnly' : 'writeOnly';
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const prop = property as Schema;
    if (prop[hidden]) continue;
    // Deeper down, optional properties thin out, and recursive schemas stop at their required ones.
    if (!required.has(name) && (depth > 4 || (depth > 2 && !faker.datatype.boolean(0.5)))) continue;
    value[name] = prop.nullable && faker.datatype.boolean(0.1) ? null : next(prop);
  }
  const extra = schema.additionalProperties;
  // A required name without a property schema (a document slip) still gets a value where extra properties are allowed.
  for (const name of required) {
    if (!(name in value) && !(name in (schema.properties ?? {})) && extra !== false)
      value[name] = typeof extra === 'object' ? next(extra as Schema) : faker.lorem.word();
  }
  const wanted = Math.max(
    schema.minProperties ?? 0,
    Object.keys(schema.properties ?? {}).length === 0 && typeof extra === 'object' ? 1 : 0,
  );
  for (let i = 0; Object.keys(value).length < wanted && i < wanted + 3; i++) {
    value[`${faker.lorem.word()}${i}`] = typeof extra === 'object' ? next(extra as Schema) : faker.lorem.word();
  }
  return value;
}
