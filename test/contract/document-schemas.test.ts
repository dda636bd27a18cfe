import { describe, expect, it } from 'vitest';
import { DocumentSchemas } from '../../src/contract/document-schemas.js';

const schemas = await DocumentSchemas.create({ version: '3.0' });

describe('the runner judges OpenAPI 3.0 schemas with their nullable semantics', () => {
  it.each([
    ['nullable without a type accepts null', { nullable: true }, null, true],
    ['nullable without a type keeps its other keywords', { nullable: true, minLength: 2 }, 'x', false],
    ['nullable with an enum accepts null', { type: 'string', enum: ['A', 'B'], nullable: true }, null, true],
    ['nullable with an enum still rejects other values', { type: 'string', enum: ['A'], nullable: true }, 'C', false],
    ['a type without nullable rejects null', { type: 'string' }, null, false],
    [
      'nullable object properties accept null',
      { properties: { a: { type: 'object', nullable: true } } },
      { a: null },
      true,
    ],
  ])('%s', (_label, schema, value, valid) => {
    expect(schemas.problems(schema, value).length === 0).toBe(valid);
    expect(schemas.isValid(schema, value)).toBe(valid);
  });

  it('reads query and header values as the strings they are, coerced to the schema type', () => {
    expect(schemas.isValidRaw({ type: 'integer', minimum: 1 }, '3')).toBe(true);
    expect(schemas.isValidRaw({ type: 'integer', minimum: 1 }, '0')).toBe(false);
    expect(schemas.isValidRaw({ type: 'boolean' }, 'maybe')).toBe(false);
  });

  it('does not require a readOnly property in what the runner sends, but does in responses', () => {
    const schema = { type: 'object', required: ['id'], properties: { id: { type: 'string', readOnly: true } } };
    expect(schemas.isValid(schema, {})).toBe(true);
    expect(schemas.problems(schema, {})).toEqual(["(root) must have required property 'id'"]);
  });
});
