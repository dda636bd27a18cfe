import type { Faker } from '@faker-js/faker';
import type { OpenAPIV3 } from 'openapi-types';

type Schema = OpenAPIV3.SchemaObject;

const MAX_DEPTH = 8;

export interface FakeOptions {
  /** Use the schema's own `example`/`examples` where it has them (default true). */
  useExamples?: boolean;
}

/**
 * A value valid against a (dereferenced) OpenAPI 3.0/3.1 schema, made up with faker: its
 * examples (unless told not to) and enums first, then formats, bounds, patterns, `nullable`,
 * `oneOf`/`anyOf` (one branch) and `allOf` (merged). Deterministic for a seeded faker.
 */
export function fakeFromSchema(schema: Schema | undefined, faker: Faker, options: FakeOptions = {}, depth = 0): unknown {
  if (!schema || depth > MAX_DEPTH) return null;
  const next = (child: Schema | undefined) => fakeFromSchema(child, faker, options, depth + 1);
  if (schema.allOf) return next(mergeAllOf(schema));
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches?.length) return next(faker.helpers.arrayElement(branches) as Schema);
  if (options.useExamples !== false) {
    if (schema.example !== undefined) return structuredClone(schema.example);
    const examples = (schema as { examples?: unknown[] }).examples;
    if (Array.isArray(examples) && examples.length > 0) return structuredClone(faker.helpers.arrayElement(examples));
  }
  const constant = (schema as { const?: unknown }).const;
  if (constant !== undefined) return constant;
  if (schema.enum?.length) return faker.helpers.arrayElement(schema.enum);
  switch (typeOf(schema)) {
    case 'string':
      return fakeString(schema, faker);
    case 'integer':
      return fakeNumber(schema, faker, true);
    case 'number':
      return fakeNumber(schema, faker, false);
    case 'boolean':
      return faker.datatype.boolean();
    case 'array':
      return fakeArray(schema as OpenAPIV3.ArraySchemaObject, faker, next);
    case 'null':
      return null;
    default:
      return fakeObject(schema, faker, next, depth);
  }
}

/** The schema's type, reading 3.1 type arrays (`['string', 'null']`) as their non-null member. */
function typeOf(schema: Schema): string {
  const type = schema.type as string | string[] | undefined;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') ?? 'null';
  if (type) return type;
  if (schema.properties || schema.additionalProperties) return 'object';
  if ((schema as { items?: unknown }).items) return 'array';
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

function fakeString(schema: Schema, faker: Faker): string {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Math.max(min, 24);
  const byFormat: Record<string, () => string> = {
    'date-time': () => faker.date.recent({ days: 90 }).toISOString(),
    date: () => faker.date.recent({ days: 90 }).toISOString().slice(0, 10),
    time: () => faker.date.recent().toISOString().slice(11, 19),
    email: () => faker.internet.email(),
    uuid: () => faker.string.uuid(),
    uri: () => faker.internet.url(),
    url: () => faker.internet.url(),
    hostname: () => faker.internet.domainName(),
    ipv4: () => faker.internet.ipv4(),
    ipv6: () => faker.internet.ipv6(),
    byte: () => Buffer.from(faker.lorem.word()).toString('base64'),
    password: () => faker.internet.password(),
  };
  const formatted = schema.format ? byFormat[schema.format]?.() : undefined;
  if (formatted !== undefined) return formatted;
  if (schema.pattern) {
    try {
      return faker.helpers.fromRegExp(new RegExp(schema.pattern));
    } catch {
      // A pattern faker cannot expand falls through to plain text.
    }
  }
  const text = faker.lorem.words({ min: 1, max: 4 });
  return fitLength(text, min, max, faker);
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
  const value = integer ? faker.number.int({ min: Math.ceil(min), max: Math.floor(max) }) : faker.number.float({ min, max, fractionDigits: 2 });
  const step = schema.multipleOf;
  return step ? Math.round(value / step) * step : value;
}

type Next = (child: Schema | undefined) => unknown;

function fakeArray(schema: OpenAPIV3.ArraySchemaObject, faker: Faker, next: Next): unknown[] {
  const min = schema.minItems ?? 1;
  const max = Math.max(min, Math.min(schema.maxItems ?? 3, min + 3));
  return Array.from({ length: faker.number.int({ min, max }) }, () => next(schema.items as Schema));
}

/** Required properties always; optional ones too near the top, and about half of them deeper down. */
function fakeObject(schema: Schema, faker: Faker, next: Next, depth: number): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  const required = new Set(schema.required ?? []);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const prop = property as Schema;
    if (prop.writeOnly) continue;
    if (!required.has(name) && depth > 2 && !faker.datatype.boolean(0.5)) continue;
    value[name] = prop.nullable && faker.datatype.boolean(0.1) ? null : next(prop);
  }
  return value;
}
