import { beforeAll, describe, expect, it } from 'vitest';
import { generateValidValue, generateValue, type ValueCheck } from '../../../src/engine/generation/generate-value.js';
import { createRandom, type Random } from '../../../src/engine/generation/random.js';
import { SchemaValidator } from '../../../src/engine/validator-ajv.js';

let random: Random;
let exact: SchemaValidator;
let exclusive: ValueCheck;
let lenient: ValueCheck;
beforeAll(async () => {
  random = await createRandom(23);
  exact = await SchemaValidator.create({ version: '3.0', strict: true });
  exclusive = (schema, value) => exact.errors(schema, value);
  const anyBranch = await SchemaValidator.create({ version: '3.0' });
  lenient = (schema, value) => anyBranch.errors(schema, value);
});

const flat = {
  type: 'object',
  properties: { string: { type: 'string' }, boolean: { type: 'boolean' }, number: { type: 'number' } },
};
const nested = {
  type: 'object',
  properties: { single: flat, tags: { type: 'array', items: { type: 'string' } }, primitive: { type: 'string' } },
};

/** How many of the branches accept the value, oneOf checked as written inside them too. */
function matching(branches: object[], value: unknown): number {
  return branches.filter((branch) => exact.errors(branch, value).length === 0).length;
}

describe('generateValue with an exclusive check', () => {
  it('finds the one open branch that an empty object alone belongs to, however many branches come first', () => {
    // GitHub's event payloads: sixteen kinds, each requiring its own fields but one, `{ type: object }`.
    const kinds = ['ref', 'action', 'issue', 'comment', 'forkee', 'pages', 'member', 'push_id', 'release'];
    const branches = [
      ...kinds.map((field) => ({ type: 'object', required: [field], properties: { [field]: { type: 'string' } } })),
      { title: 'PublicEvent', type: 'object' },
    ];
    for (let seed = 1; seed <= 10; seed++) {
      const value = generateValue({ oneOf: branches }, { random: random.fork(`events ${seed}`), exclusive });
      expect(matching(branches, value), JSON.stringify(value)).toBe(1);
    }
  });

  it('makes a value that exactly one of several overlapping branches accepts', () => {
    // Every object here fits all the open-object branches, and an empty array all the array ones:
    // only a non-empty array of strings belongs to one branch alone.
    const branches = [
      {
        oneOf: [
          { type: 'array', items: nested },
          { type: 'object', properties: { flat } },
        ],
      },
      { type: 'array', items: { type: 'string' } },
      { type: 'array', items: flat },
      flat,
      nested,
    ];
    const schema = { oneOf: branches };
    for (const fill of ['random', 'minimal', 'full'] as const) {
      for (let i = 0; i < 20; i++) {
        const value = generateValue(schema, { random, fill, examples: false, exclusive });
        expect(matching(branches, value), `${fill}: ${JSON.stringify(value)}`).toBe(1);
        expect(exact.errors(schema, value)).toEqual([]);
      }
    }
  });

  it('leaves out an optional property whose branches no value can tell apart', () => {
    const same = { type: 'object', properties: { status: { type: 'string', enum: ['on', 'off'] } } };
    const schema = {
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'integer' },
        either: { oneOf: [same, same] },
        metadata: { nullable: true, oneOf: [{ type: 'object' }, flat, flat] },
      },
    };
    for (let i = 0; i < 20; i++) {
      const value = generateValue(schema, { random, fill: 'full', examples: false, exclusive }) as object;
      expect(Object.keys(value)).toEqual(['id']);
      expect(exact.errors(schema, value)).toEqual([]);
    }
  });

  it('is the stricter check generateValidValue is given', () => {
    const same = { type: 'object', properties: { a: { type: 'string' } } };
    const schema = {
      type: 'object',
      required: ['id'],
      properties: { id: { type: 'integer' }, either: { oneOf: [same, same] }, note: { type: 'string' } },
    };
    for (let i = 0; i < 20; i++) {
      const value = generateValidValue(schema, { random, examples: false }, lenient, exclusive);
      expect(exact.errors(schema, value), JSON.stringify(value)).toEqual([]);
    }
  });
});
