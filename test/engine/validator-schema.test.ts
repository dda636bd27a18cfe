import { describe, expect, it } from 'vitest';
import { SchemaValidator } from '../../src/engine/validator-ajv.js';
import { decycle } from '../../src/engine/validator-schema.js';

describe('decycle', () => {
  it('keeps an enum list shared by two schemas a list in both, and a property named enum a schema', () => {
    const colours = ['red', 'green'];
    const shared = { type: 'string', enum: colours };
    const schema = {
      type: 'object',
      properties: { a: { type: 'string', enum: colours }, b: shared, c: shared, enum: { type: 'integer' } },
    };
    expect(decycle(schema)).toEqual({
      type: 'object',
      properties: {
        a: { type: 'string', enum: ['red', 'green'] },
        b: { type: 'string', enum: ['red', 'green'] },
        c: { $ref: '#/properties/b' },
        enum: { type: 'integer' },
      },
    });
  });

  it('turns a cycle into a $ref, which the validator follows', async () => {
    const node: Record<string, unknown> = { type: 'object', properties: { name: { type: 'string' } } };
    (node.properties as Record<string, unknown>).children = { type: 'array', items: node };
    const validator = await SchemaValidator.create({ version: '3.0' });
    expect(validator.errors(node, { name: 'a', children: [{ name: 'b', children: [] }] })).toEqual([]);
    expect(validator.errors(node, { name: 'a', children: [{ name: 7 }] })).not.toEqual([]);
  });

  it('validates a document whose schemas share one enum list (as YAML aliases and dereferencing make)', async () => {
    const statuses = ['open', 'closed'];
    const schema = {
      type: 'object',
      properties: { now: { type: 'string', enum: statuses }, then: { type: 'string', enum: statuses } },
    };
    const validator = await SchemaValidator.create({ version: '3.0' });
    expect(validator.errors(schema, { now: 'open', then: 'closed' })).toEqual([]);
    expect(validator.errors(schema, { now: 'ajar' })).not.toEqual([]);
  });

  it('keeps a properties map and a required list shared by two schemas (a $ref with siblings) in both', () => {
    const properties = { value: { type: 'number' } };
    const required = ['value'];
    const schema = {
      type: 'object',
      properties: {
        length: { title: 'Length', type: 'object', properties, required },
        width: { title: 'Width', type: 'object', properties, required },
      },
    };
    expect(decycle(schema)).toEqual({
      type: 'object',
      properties: {
        length: { title: 'Length', type: 'object', properties: { value: { type: 'number' } }, required: ['value'] },
        width: {
          title: 'Width',
          type: 'object',
          properties: { value: { $ref: '#/properties/length/properties/value' } },
          required: ['value'],
        },
      },
    });
  });
});

describe('additionalProperties beside allOf', () => {
  // ShipEngine's `link`: the properties live in an allOf part, the outer schema forbids others.
  const href = { type: 'object', additionalProperties: false, properties: { href: { type: 'string' } } };
  const link = { type: 'object', additionalProperties: false, required: ['href'], allOf: [href] };

  it('takes the parts’ properties as declared, and still refuses the undeclared ones', async () => {
    const validator = await SchemaValidator.create({ version: '3.0' });
    expect(validator.errors(link, { href: 'https://example.com' })).toEqual([]);
    expect(validator.errors(link, { href: 'https://example.com', other: 1 })).not.toEqual([]);
    expect(validator.errors(link, { href: 7 })).not.toEqual([]);
    expect(validator.errors(link, {})).not.toEqual([]);
  });

  it('reads a part that decycling left as a $ref, and parts of parts', async () => {
    const validator = await SchemaValidator.create({ version: '3.0' });
    const declared = { properties: { href: { type: 'string' } } };
    const schema = {
      type: 'object',
      properties: {
        first: { allOf: [declared] },
        second: {
          type: 'object',
          additionalProperties: false,
          allOf: [declared, { allOf: [{ properties: { rel: {} } }] }],
        },
      },
    };
    expect(validator.errors(schema, { first: { href: 'a' }, second: { href: 'b', rel: 'next' } })).toEqual([]);
    expect(validator.errors(schema, { second: { href: 'b', other: 1 } })).not.toEqual([]);
  });
});

describe('schemas shared by a document', () => {
  // As swagger-parser leaves them: every use of a component is the component object itself.
  const tag: Record<string, unknown> = { type: 'object', required: ['id', 'name'] };
  const owner: Record<string, unknown> = {
    type: 'object',
    required: ['login'],
    properties: {
      login: { type: 'string' },
      nickname: { type: 'string', nullable: true },
      tags: { type: 'array', items: tag },
    },
  };
  tag.properties = { id: { type: 'integer', readOnly: true }, name: { type: 'string' }, owner };
  const named = { type: 'object', properties: { name: { type: 'string' } } };
  const repository = {
    allOf: [named],
    additionalProperties: false,
    required: ['owner'],
    properties: { owner, topics: { type: 'array', items: tag } },
  };
  const sharedSchemas = { 'simple/user ~1': owner, tag, named, repository };

  it('validates each use of a shared schema as if it were written out, cycles between them included', async () => {
    const validator = await SchemaValidator.create({ version: '3.0', sharedSchemas });
    const user = { login: 'octo', nickname: null, tags: [{ id: 1, name: 'a', owner: { login: 'cat' } }] };
    expect(validator.errors(repository, { name: 'hello', owner: user, topics: [] })).toEqual([]);
    expect(validator.errors({ type: 'array', items: owner }, [user])).toEqual([]);
    expect(validator.errors(repository, { name: 'hello', owner: { login: 7 } })).not.toEqual([]);
    expect(validator.errors(repository, { owner: user, stars: 3 })).not.toEqual([]);
    expect(validator.errors(tag, { id: 1, name: 'a', owner: { tags: [] } })).not.toEqual([]);
  });

  it('reads each shared schema in the direction of its validator', async () => {
    const requests = await SchemaValidator.create({ version: '3.0', sharedSchemas }, 'request');
    const responses = await SchemaValidator.create({ version: '3.0', sharedSchemas }, 'response');
    const withoutId = { login: 'octo', tags: [{ name: 'a' }] };
    expect(requests.errors({ type: 'array', items: owner }, [withoutId])).toEqual([]);
    expect(responses.errors({ type: 'array', items: owner }, [withoutId])).not.toEqual([]);
  });
});
