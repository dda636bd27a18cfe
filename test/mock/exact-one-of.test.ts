import type { OpenAPIV3 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { SchemaValidator } from '../../src/engine/validator-ajv.js';
import { mockOperationResponse } from '../../src/mock/mock-response.js';

/** Neon's email server: a standard one (host and port required) or a shared one, whose schema is open. */
const SERVER: OpenAPIV3.SchemaObject = {
  oneOf: [
    { type: 'object', required: ['host', 'port'], properties: { host: { type: 'string' }, port: { type: 'integer' } } },
    { type: 'object', properties: { sender: { type: 'string' } } },
  ],
};
const operation = (example?: unknown): OpenAPIV3.OperationObject => ({
  operationId: 'getServer',
  responses: {
    '200': { description: 'OK', content: { 'application/json': { schema: SERVER, ...(example ? { example } : {}) } } },
  },
});

const loose = await SchemaValidator.create({ version: '3.0' });
const exact = await SchemaValidator.create({ version: '3.0', strict: true });
const tools = {
  validate: (schema: object, value: unknown) => loose.errors(schema, value),
  prefer: (schema: object, value: unknown) => exact.errors(schema, value),
};

describe('the mock on a oneOf whose branches overlap', () => {
  it('checks oneOf as anyOf by default, and as exactly one when strict', () => {
    const standard = { host: 'smtp.example.com', port: 25 };
    expect(loose.errors(SERVER, standard)).toEqual([]);
    expect(exact.errors(SERVER, standard).map((e) => e.keyword)).toEqual(['oneOf']);
  });

  it('answers a body that matches exactly one branch, for every seed', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { body } = await mockOperationResponse(operation(), { seed }, tools);
      expect(exact.errors(SERVER, body), JSON.stringify(body)).toEqual([]);
    }
  });

  it('passes over an example that matches two branches when a generated body matches one', async () => {
    const { body } = await mockOperationResponse(operation({ host: 'smtp.example.com', port: 25 }), { seed: 3 }, tools);
    expect(exact.errors(SERVER, body)).toEqual([]);
  });

  it('passes over an example null that only a lenient reading of nullable allows', async () => {
    // GitHub's suggestion `target_value`: `nullable` beside a `oneOf`, with no `type` of its own.
    const target: OpenAPIV3.SchemaObject = { nullable: true, oneOf: [{ type: 'string' }, { type: 'integer' }] };
    const suggestion: OpenAPIV3.OperationObject = {
      operationId: 'getSuggestion',
      responses: {
        '200': {
          description: 'OK',
          content: {
            'application/json': {
              schema: { type: 'object', required: ['target_value'], properties: { target_value: target } },
              example: { target_value: null },
            },
          },
        },
      },
    };
    expect(loose.errors(target, null)).toEqual([]);
    expect(exact.errors(target, null)).not.toEqual([]);
    const { body } = await mockOperationResponse(suggestion, { seed: 1 }, tools);
    expect((body as { target_value: unknown }).target_value).not.toBeNull();
    expect(exact.errors(target, (body as { target_value: unknown }).target_value)).toEqual([]);
  });
});
