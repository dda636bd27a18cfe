import type { OpenAPIV3 } from 'openapi-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeValid, makeFakeSource, type FakeSource } from '../../src/mock/fake-values.js';
import { fakeFromSchema } from '../../src/mock/schema-faker.js';
import { SchemaValidator } from '../../src/engine/validator-ajv.js';

let source: FakeSource;
let v30: SchemaValidator;
let v31: SchemaValidator;
beforeAll(async () => {
  source = await makeFakeSource(11);
  v30 = await SchemaValidator.create({ version: '3.0' });
  v31 = await SchemaValidator.create({ version: '3.1' });
});

/** Schemas real documents use, each generated 30 times from a seeded faker; every value must validate. */
const CASES: Array<[string, object, '3.0' | '3.1']> = [
  [
    'formats',
    {
      type: 'object',
      required: ['a', 'b', 'c', 'd', 'e'],
      properties: {
        a: { type: 'string', format: 'date-time' },
        b: { type: 'string', format: 'email' },
        c: { type: 'string', format: 'uuid' },
        d: { type: 'string', format: 'uri' },
        e: { type: 'string', format: 'date' },
      },
    },
    '3.0',
  ],
  ['patterns with classes, alternation and anchors', { type: 'string', pattern: '^(ab|cd)-[A-Z]{2}\\d{3}$' }, '3.0'],
  [
    'bounds',
    {
      type: 'object',
      required: ['n', 'm', 's'],
      properties: {
        n: { type: 'integer', minimum: 5, maximum: 7 },
        m: { type: 'number', exclusiveMinimum: true, minimum: 0, maximum: 1 },
        s: { type: 'string', minLength: 30, maxLength: 31 },
      },
    },
    '3.0',
  ],
  ['multipleOf within bounds', { type: 'integer', minimum: 10, maximum: 100, multipleOf: 7 }, '3.0'],
  [
    'enums and nullable',
    {
      type: 'object',
      required: ['e', 'n'],
      properties: { e: { type: 'string', enum: ['a', 'b'], nullable: true }, n: { type: 'string', nullable: true } },
    },
    '3.0',
  ],
  [
    'allOf merged, with a oneOf inside kept alongside its siblings',
    {
      allOf: [
        { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
        {
          oneOf: [
            { type: 'object', required: ['cat'], properties: { cat: { type: 'boolean' } } },
            { type: 'object', required: ['dog'], properties: { dog: { type: 'string' } } },
          ],
        },
      ],
    },
    '3.0',
  ],
  [
    'nullable without a type (allOf)',
    { nullable: true, allOf: [{ type: 'object', required: ['x'], properties: { x: { type: 'string' } } }] },
    '3.0',
  ],
  [
    'unique arrays of enums',
    { type: 'array', uniqueItems: true, minItems: 2, items: { type: 'string', enum: ['a', 'b', 'c'] } },
    '3.0',
  ],
  [
    '3.1 type arrays, const and prefixItems',
    {
      type: 'object',
      required: ['t', 'c', 'p'],
      properties: {
        t: { type: ['integer', 'null'] },
        c: { const: 'fixed' },
        p: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'boolean' }], items: false },
      },
    },
    '3.1',
  ],
];

describe('fakeFromSchema', () => {
  it.each(CASES)('generates valid values for %s', (_name, schema, version) => {
    const validator = version === '3.1' ? v31 : v30;
    for (let i = 0; i < 30; i++) {
      const value = fakeValid(schema, source, (s, v) => validator.errors(s, v), {
        useExamples: false,
      });
      expect(validator.errors(schema, value), JSON.stringify(value)).toEqual([]);
    }
  });

  it('stops a recursive schema at its required properties', () => {
    const node: OpenAPIV3.SchemaObject = {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' } },
    };
    node.properties!.children = { type: 'array', items: node };
    const value = fakeFromSchema(node, source.faker);
    expect(v30.errors(node, value)).toEqual([]);
  });

  it('leaves out writeOnly properties in responses and readOnly ones in requests', () => {
    const schema: OpenAPIV3.SchemaObject = {
      type: 'object',
      required: ['id', 'password'],
      properties: { id: { type: 'string', readOnly: true }, password: { type: 'string', writeOnly: true } },
    };
    expect(Object.keys(fakeFromSchema(schema, source.faker) as object)).toEqual(['id']);
    expect(Object.keys(fakeFromSchema(schema, source.faker, { direction: 'request' }) as object)).toEqual(['password']);
  });

  it('is reproducible for a seed', async () => {
    const schema: OpenAPIV3.SchemaObject = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'integer' } },
    };
    const [one, two] = await Promise.all([makeFakeSource(5), makeFakeSource(5)]);
    expect(fakeFromSchema(schema, one.faker)).toEqual(fakeFromSchema(schema, two.faker));
  });
});
