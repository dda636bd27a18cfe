import { base, en, Faker } from '@faker-js/faker';
import { beforeAll, describe, expect, it } from 'vitest';
import { invalidBodies, invalidParameters } from '../../src/engine/generation/invalid-values.js';
import { Random } from '../../src/engine/generation/random.js';
import { requestValue, validBodies } from '../../src/contract/probes/probe-context.js';
import { jsonSchemaOf } from '../../src/contract/resource-model.js';
import { DocumentSchemas } from '../../src/contract/document-schemas.js';
import type { OperationSpec } from '../../src/engine/operation-index.js';
import type { SchemaObject } from '../../src/contract/types.js';
import { checkContext, OP } from './helpers/exchanges.js';

let create: OperationSpec;
let list: OperationSpec;
let schema: SchemaObject;
const validator = await DocumentSchemas.create({ version: '3.0' });
/** What the runner draws from for `--seed N` (createRandom without its lazy import). */
const seeded = (seed: number) => new Random(new Faker({ locale: [en, base] }), seed);

beforeAll(async () => {
  const { spec } = await checkContext();
  create = spec.operation(OP.create);
  list = spec.operation(OP.list);
  schema = jsonSchemaOf(create.requestBody!.content)!;
});

describe('valid inputs generated from the document', () => {
  it('are the same for the same seed and differ for another', () => {
    expect(validBodies(schema, seeded(42), validator)).toEqual(validBodies(schema, seeded(42), validator));
    expect(validBodies(schema, seeded(42), validator)).not.toEqual(validBodies(schema, seeded(43), validator));
  });

  it('conform to the request schema for every seed tried, and cover minimal, full and null variants', () => {
    for (let seed = 0; seed < 200; seed++) {
      const bodies = validBodies(schema, seeded(seed), validator);
      for (const body of bodies) expect(validator.problems(schema, body.value)).toEqual([]);
      expect(bodies.map((b) => b.variant)).toEqual(expect.arrayContaining(['full', 'minimal', 'nulls']));
    }
    const minimal = validBodies(schema, seeded(1), validator).find((b) => b.variant === 'minimal')!;
    expect(Object.keys(minimal.value).sort()).toEqual(['name', 'type']);
  });

  it("make strings a person can recognise as the runner's", () => {
    const full = validBodies(schema, seeded(5), validator).find((b) => b.variant === 'full')!;
    expect(full.value.name).toMatch(/^contract/);
  });
});

describe('invalid inputs generated from the document', () => {
  it('each break the body schema, and cover every kind the document allows', () => {
    const valid = validBodies(schema, seeded(3), validator)[0].value;
    const cases = invalidBodies(schema, valid, create, validator);
    for (const c of cases.filter((c) => c.kind === 'json'))
      expect(validator.isValid(schema, (c as { value: unknown }).value)).toBe(false);
    const descriptions = cases.map((c) => c.description);
    expect(descriptions).toEqual(
      expect.arrayContaining([
        'body /name: missing (required)',
        'body /type: missing (required)',
        'body /type: value outside the enum',
        'body /name: wrong type (12345 where string is documented)',
        'body /name: null (not nullable)',
        'body /name: shorter than minLength 1',
        'body /name: longer than maxLength 255',
        'body /description: longer than maxLength 2000',
        'body /metadata: wrong type ("not-an-object" where object is documented)',
        'no body (the body is required)',
        'body is not JSON (malformed JSON sent as application/json)',
        'body sent as text/plain',
      ]),
    );
    expect(descriptions).not.toContain('body /description: null (not nullable)');
  });

  it('include out-of-range and malformed limit and page, and values outside enums, all invalid once coerced', () => {
    const cases = invalidParameters(list.parameters, validator);
    expect(cases.map((c) => c.description)).toEqual(
      expect.arrayContaining([
        'query limit=0: below minimum 1',
        'query limit=101: above maximum 100',
        'query limit=1.5: not an integer',
        'query limit=abc: not a number',
        'query page=0: below minimum 1',
        'query sortBy=NOT_name: outside the enum',
        'query sortOrder=NOT_ASC: outside the enum',
        'query type=NOT_QR_CODE: outside the enum',
        'query active=maybe: not a boolean',
      ]),
    );
    for (const c of cases) expect(validator.isValidRaw(c.param.schema, c.raw!)).toBe(false);
  });
});

describe("constraints of pers-mock's own (x-published-as)", () => {
  const additionsOf = (cases: Array<{ description: string; addition?: string }>) =>
    Object.fromEntries(cases.map((c) => [c.description, c.addition]));

  it('mark what only the document itself forbids, and say what the published document says', () => {
    const parameters = additionsOf(invalidParameters(list.parameters, validator));
    const published = 'the published document says {"type":"number"} (x-published-as)';
    expect(parameters['query limit=0: below minimum 1']).toBe(
      `the constraint it breaks (minimum: 1) is pers-mock's own: ${published}`,
    );
    expect(parameters['query limit=101: above maximum 100']).toContain('(maximum: 100)');
    expect(parameters['query limit=1.5: not an integer']).toBe(
      `the constraint it breaks (type: "integer") is pers-mock's own: ${published}`,
    );
    expect(parameters['query page=0: below minimum 1']).toContain("is pers-mock's own");
    const valid = validBodies(schema, seeded(3), validator)[0].value;
    const bodies = additionsOf(invalidBodies(schema, valid, create, validator));
    expect(bodies['body /name: shorter than minLength 1']).toContain('(minLength: 1)');
    expect(bodies['body /name: longer than maxLength 255']).toContain('{"type":"string"}');
  });

  it('leave what the published document forbids too as a plain failure', () => {
    const parameters = additionsOf(invalidParameters(list.parameters, validator));
    expect(parameters['query limit=abc: not a number']).toBeUndefined();
    expect(parameters['query sortBy=NOT_name: outside the enum']).toBeUndefined();
    const valid = validBodies(schema, seeded(3), validator)[0].value;
    const bodies = additionsOf(invalidBodies(schema, valid, create, validator));
    expect(bodies['body /name: wrong type (12345 where string is documented)']).toBeUndefined();
    expect(bodies['body /type: value outside the enum']).toBeUndefined();
  });
});

describe('generated identifiers', () => {
  it('look like ids, not sentences: businessId in bodies and as a filter, path ids', () => {
    for (let seed = 0; seed < 20; seed++) {
      for (const body of validBodies(schema, seeded(seed), validator)) {
        const businessId = body.value.businessId;
        if (typeof businessId === 'string') expect(businessId).toMatch(/^contract-[0-9a-f]{12}$/);
      }
    }
    expect(requestValue({ type: 'string' }, seeded(1), 'full', 'campaignId')).toMatch(/^contract-[0-9a-f]{12}$/);
    expect(requestValue({ type: 'string' }, seeded(1), 'full', 'id')).toMatch(/^contract-[0-9a-f]{12}$/);
    expect(requestValue({ type: 'string', format: 'uuid' }, seeded(1), 'full', 'id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(requestValue({ type: 'string' }, seeded(1), 'full', 'paid')).toMatch(/^contract /);
  });
});
