import type { OpenAPIV3 } from 'openapi-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateValidValue, generateValue } from '../../../src/engine/generation/generate-value.js';
import { createRandom, type Random } from '../../../src/engine/generation/random.js';
import { SchemaValidator } from '../../../src/engine/validator-ajv.js';

type Schema = OpenAPIV3.SchemaObject;

let random: Random;
let v30: SchemaValidator;
let v31: SchemaValidator;
beforeAll(async () => {
  random = await createRandom(11);
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
    'a property several allOf parts declare, each with its own constraints',
    {
      allOf: [
        {
          type: 'object',
          required: ['country', 'daily'],
          properties: {
            country: { type: 'string' },
            daily: { type: 'object', properties: { limit: { type: 'number' } } },
          },
        },
        {
          type: 'object',
          properties: {
            country: { enum: ['GBR', 'IMN'] },
            daily: { type: 'object', required: ['count'], properties: { count: { type: 'number' } } },
          },
        },
      ],
    },
    '3.0',
  ],
  [
    'a pattern whose repetitions can outgrow maxLength',
    { type: 'string', minLength: 1, maxLength: 25, pattern: '^se(-[a-z0-9]+)+$' },
    '3.0',
  ],
  ['numbers with an integer format', { type: 'number', format: 'int32', minimum: 0, maximum: 5000 }, '3.0'],
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

describe('generateValue', () => {
  it.each(CASES)('generates valid values for %s', (_name, schema, version) => {
    const validator = version === '3.1' ? v31 : v30;
    for (let i = 0; i < 30; i++) {
      const value = generateValidValue(schema, { random, examples: false }, (s, v) => validator.errors(s, v));
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
    const value = generateValue(node, { random });
    expect(v30.errors(node, value)).toEqual([]);
  });

  it('leaves out writeOnly properties in responses and readOnly ones in requests', () => {
    const schema: OpenAPIV3.SchemaObject = {
      type: 'object',
      required: ['id', 'password'],
      properties: { id: { type: 'string', readOnly: true }, password: { type: 'string', writeOnly: true } },
    };
    expect(Object.keys(generateValue(schema, { random }) as object)).toEqual(['id']);
    expect(Object.keys(generateValue(schema, { random, direction: 'request' }) as object)).toEqual(['password']);
  });

  it('never makes null of a nullable without a type, which OpenAPI 3.0.3 says has no effect', async () => {
    const part = { type: 'object', required: ['x'], properties: { x: { type: 'string' } } };
    const schema = {
      type: 'object',
      required: ['owner'],
      properties: { owner: { allOf: [part], nullable: true, readOnly: true } },
    };
    const seeded = await createRandom(2);
    for (let i = 0; i < 40; i++)
      expect((generateValue(schema, { random: seeded }) as { owner: unknown }).owner).not.toBeNull();
  });

  it('is reproducible for a seed', async () => {
    const schema: OpenAPIV3.SchemaObject = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'integer' } },
    };
    const [one, two] = await Promise.all([createRandom(5), createRandom(5)]);
    expect(generateValue(schema, { random: one })).toEqual(generateValue(schema, { random: two }));
  });
});

describe('generateValue on schemas that could run away', () => {
  it('never expands a cycle: a tree whose nodes require children stays small and valid', () => {
    const node: OpenAPIV3.SchemaObject = { type: 'object', required: ['name', 'children'], properties: {} };
    node.properties = {
      name: { type: 'string' },
      children: { type: 'array', items: node },
      parent: node,
    };
    for (const fill of ['random', 'full'] as const) {
      const value = generateValue(node, { random, fill, examples: false });
      expect(v30.errors(node, value), fill).toEqual([]);
      expect(JSON.stringify(value).length, fill).toBeLessThan(2_000);
    }
  });

  it('stops an unsatisfiable required chain at a fixed depth instead of overflowing the stack', () => {
    const chain: OpenAPIV3.SchemaObject = { type: 'object', required: ['next'], properties: {} };
    chain.properties = { next: chain };
    let depth = 0;
    for (let value = generateValue(chain, { random }) as { next?: unknown }; value?.next; depth++) value = value.next;
    expect(depth).toBeLessThanOrEqual(17);
  });

  it.each<[string, (node: Schema) => Schema]>([
    [
      'a required oneOf whose first branch recurses',
      (node: Schema) => ({ oneOf: [node, { type: 'string' as const }] }),
    ],
    [
      'a required array of at least one such oneOf',
      (node: Schema) => ({
        type: 'array' as const,
        minItems: 1,
        items: { oneOf: [node, { type: 'integer' as const }] },
      }),
    ],
    [
      'a required nullable link to a node with required properties of its own',
      (node: Schema) => ({ type: 'object' as const, nullable: true, required: ['next'], properties: { next: node } }),
    ],
  ])('ends %s, where the depth runs out, with a value the schema accepts', (_name, link) => {
    const node: Schema = { type: 'object', required: ['id', 'link'], properties: { id: { type: 'string' } } };
    node.properties!.link = link(node);
    for (const fill of ['minimal', 'random', 'full'] as const) {
      for (let i = 0; i < 10; i++) {
        const value = generateValue(node, { random, fill, examples: false });
        expect(v30.errors(node, value), `${fill}: ${JSON.stringify(value)}`).toEqual([]);
      }
    }
  });

  it('warns, naming the schema, when no finite value is valid', () => {
    const tree: Schema = { title: 'TreeNode', type: 'object', required: ['id', 'parent'], properties: {} };
    tree.properties = { id: { type: 'string' }, parent: tree };
    const warnings = new Set<string>();
    generateValue(tree, { random, warn: (message) => warnings.add(message) });
    expect([...warnings]).toEqual([expect.stringContaining('no finite value matches the schema "TreeNode"')]);
  });

  it('bounds a body whose schema asks for a huge one, and makes it quickly', () => {
    const leaf = {
      type: 'object',
      properties: Object.fromEntries([...'abcdefghij'].map((k) => [k, { type: 'string' }])),
    };
    const wide = (items: object) => ({ type: 'array', minItems: 40, maxItems: 60, items });
    const schema = wide(wide(wide(wide(leaf))));
    const started = performance.now();
    const text = JSON.stringify(generateValue(schema, { random }));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(text.length).toBeLessThan(2_000_000);
  });
});

describe('generateValue on patterns, formats, enums and branches', () => {
  it('matches a pattern with a word boundary, which randexp leaves out of what it makes', () => {
    // Bandwidth's imageUrls: the TLD must end at a word boundary, then anything URL-like.
    const pattern =
      '^$|(https?:\\/\\/)?(www\\.)?[-a-zA-Z0-9@:%._\\+~#=]{1,253}\\.[a-z]{2,6}\\b([-a-zA-Z0-9@:%_\\+.~#()?&//=]*)';
    const schema = { type: 'string', minLength: 1, maxLength: 500, pattern };
    for (let i = 0; i < 30; i++) {
      const value = generateValue(schema, { random, direction: 'request', vocabulary: 'marked' });
      expect(v30.errors(schema, value), JSON.stringify(value)).toEqual([]);
    }
  });

  it('compiles patterns without the u flag, as the validator does', () => {
    const schema = { type: 'string', pattern: '^[\\w-.]{3,12}$' };
    expect(() => new RegExp(schema.pattern, 'u')).toThrow();
    for (let i = 0; i < 20; i++) expect(v30.errors(schema, generateValue(schema, { random }))).toEqual([]);
  });

  it('skips a pattern JavaScript cannot compile, with a warning that names it, and still answers', () => {
    const warnings: string[] = [];
    const value = generateValue({ type: 'string', pattern: '(?i)^[a-z]+$' }, { random, warn: (m) => warnings.push(m) });
    expect(typeof value).toBe('string');
    expect(warnings).toEqual([expect.stringContaining('"(?i)^[a-z]+$"')]);
  });

  it.each(['realistic', 'marked'] as const)('writes every format the validator checks, %s', (vocabulary) => {
    const formats = ['date-time', 'date', 'time', 'duration', 'email', 'idn-email', 'uuid', 'uri', 'url', 'iri']
      .concat(['uri-reference', 'iri-reference', 'uri-template', 'hostname', 'idn-hostname', 'ipv4', 'ipv6'])
      .concat(['byte', 'password', 'json-pointer', 'relative-json-pointer', 'regex']);
    for (const format of formats) {
      const schema = { type: 'string', format };
      const value = generateValue(schema, { random, vocabulary });
      expect(v30.errors(schema, value), `${format}: ${String(value)}`).toEqual([]);
    }
  });

  it('gives 3.0 nullable enums a listed value, or null where the fill asks for nulls', () => {
    const schema = {
      type: 'object',
      properties: { state: { type: 'string', enum: ['on', 'off', null], nullable: true } },
    };
    for (let i = 0; i < 20; i++)
      expect(['on', 'off', null]).toContain((generateValue(schema, { random }) as { state: unknown }).state);
    expect(generateValue(schema, { random, fill: 'full' })).toEqual({ state: 'on' });
    expect(generateValue(schema, { random, fill: 'nulls' })).toEqual({ state: null });
  });

  it('sets the discriminator to the value that names the chosen branch', () => {
    const cat = {
      title: 'Cat',
      type: 'object',
      required: ['kind', 'meows'],
      properties: { kind: { type: 'string' }, meows: { type: 'boolean' } },
    };
    const dog = {
      title: 'Dog',
      type: 'object',
      required: ['kind', 'barks'],
      properties: { kind: { type: 'string' }, barks: { type: 'boolean' } },
    };
    const schema = {
      oneOf: [cat, dog],
      discriminator: {
        propertyName: 'kind',
        mapping: { dog: '#/components/schemas/Dog', cat: '#/components/schemas/Cat' },
      },
    };
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const value = generateValue(schema, { random, examples: false }) as Record<string, unknown>;
      seen.add(String(value.kind));
      expect(value.kind).toBe('meows' in value ? 'cat' : 'dog');
    }
    expect(seen).toEqual(new Set(['cat', 'dog']));
  });

  it('fills minimally, fully, or with the optional nullable properties null', () => {
    const schema = {
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'integer', minimum: 3, maximum: 3 },
        note: { type: 'string', nullable: true },
        tags: { type: 'array', items: { type: 'string' } },
      },
    };
    expect(generateValue(schema, { random, fill: 'minimal' })).toEqual({ id: 3 });
    const full = generateValue(schema, { random, fill: 'full' }) as Record<string, unknown>;
    expect(Object.keys(full)).toEqual(['id', 'note', 'tags']);
    expect(typeof full.note).toBe('string');
    expect((generateValue(schema, { random, fill: 'nulls' }) as Record<string, unknown>).note).toBeNull();
  });

  it('never makes null of a nullable without a type, which OpenAPI 3.0.3 does not make nullable', () => {
    const content = { type: 'object', required: ['v'], properties: { v: { type: 'string' } } };
    const schema = {
      type: 'object',
      properties: { sender: { nullable: true, oneOf: [content] }, note: { type: 'string', nullable: true } },
    };
    const nulls = generateValue(schema, { random, fill: 'nulls' }) as Record<string, unknown>;
    expect(nulls.note).toBeNull();
    expect(nulls.sender).toEqual({ v: expect.any(String) });
  });
});
