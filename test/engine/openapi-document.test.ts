import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenAPIV3 } from 'openapi-types';
import { describe, expect, it } from 'vitest';

const document = (await SwaggerParser.validate('openapi.yaml')) as OpenAPIV3.Document;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);

interface ExampleCase {
  where: string;
  schema: object;
  example: unknown;
}

/** Every example in the document with the schema it illustrates: schema-level, parameter and media examples. */
function collectExamples(
  node: unknown,
  where: string,
  out: ExampleCase[] = [],
  seen = new Set<unknown>(),
): ExampleCase[] {
  if (typeof node !== 'object' || node === null || seen.has(node)) return out;
  seen.add(node);
  const n = node as Record<string, unknown>;
  if ('schema' in n && typeof n.schema === 'object' && n.schema !== null) {
    const schema = n.schema;
    if ('example' in n) out.push({ where: `${where} (example)`, schema, example: n.example });
    for (const [name, ex] of Object.entries(n.examples ?? {})) {
      out.push({ where: `${where} (examples.${name})`, schema, example: (ex as { value: unknown }).value });
    }
  } else if ('example' in n && ('type' in n || 'allOf' in n || 'properties' in n)) {
    const { example, ...schema } = n;
    out.push({ where, schema, example });
  }
  for (const [key, value] of Object.entries(n)) {
    if (key !== 'example' && key !== 'examples') collectExamples(value, `${where}/${key}`, out, seen);
  }
  return out;
}

const examples = collectExamples(document, '#');
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  (['get', 'post', 'put', 'delete'] as const).filter((m) => item?.[m]).map((m) => ({ path, method: m, op: item![m]! })),
);

describe('openapi.yaml', () => {
  it('is OpenAPI 3.0.3 for PERS 2.0.13', () => {
    expect(document.openapi).toBe('3.0.3');
    expect(document.info.version).toBe('2.0.13');
  });

  it('has many examples to check', () => {
    expect(examples.length).toBeGreaterThan(30);
  });

  it.each(examples.map((e) => [e.where, e] as const))(
    'example at %s is valid against its schema',
    (_where, { schema, example }) => {
      const validate = ajv.compile(schema);
      expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    },
  );

  it.each([
    ['post', '/trigger-sources', 'TriggerSourcesController_createTriggerSource', 'authJWT', '201'],
    ['get', '/trigger-sources', 'TriggerSourcesController_getTriggerSources', 'projectKey', '200'],
    ['get', '/trigger-sources/{id}', 'TriggerSourcesController_getTriggerSource', 'projectKey', '200'],
    ['put', '/trigger-sources/{id}', 'TriggerSourcesController_updateTriggerSource', 'authJWT', '200'],
    ['delete', '/trigger-sources/{id}', 'TriggerSourcesController_deleteTriggerSource', 'authJWT', '200'],
  ])('%s %s is %s, secured by %s, succeeding with %s', (method, path, operationId, scheme, status) => {
    const op = operations.find((o) => o.method === method && o.path === path)!.op;
    expect(op.operationId).toBe(operationId);
    expect(op.security).toEqual([{ [scheme]: [] }]);
    expect(Object.keys(op.responses).filter((s) => s.startsWith('2'))).toEqual([status]);
    expect(op.responses['401']).toBeDefined();
  });

  it('gives every error response the shared PersError body', () => {
    const persError = document.components!.schemas!.PersError;
    for (const { op } of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        expect((response as OpenAPIV3.ResponseObject).content!['application/json'].schema).toBe(persError);
      }
    }
  });

  it('marks every departure from the published types with x-published-as', () => {
    const schemas = document.components!.schemas! as Record<string, OpenAPIV3.SchemaObject>;
    const fields: Array<[string, string]> = [
      ['CreateTriggerSourceDto', 'description'],
      ['CreateTriggerSourceDto', 'businessId'],
      ['TriggerSourceResponseDto', 'description'],
      ['TriggerSourceResponseDto', 'businessId'],
      ['TriggerSourceResponseDto', 'createdAt'],
      ['TriggerSourceResponseDto', 'updatedAt'],
      ['TriggerSourceAnalyticsDto', 'lastEngagedAt'],
      ['TriggerSourceAnalyticsDto', 'firstEngagedAt'],
    ];
    for (const [schema, field] of fields) {
      const property = schemas[schema].properties![field] as OpenAPIV3.SchemaObject & Record<string, unknown>;
      expect(property.type, `${schema}.${field}`).toBe('string');
      expect(property['x-published-as'], `${schema}.${field}`).toMatchObject({ type: 'object' });
    }
  });

  it('documents every list query parameter with its enum', () => {
    const listOp = operations.find((o) => o.method === 'get' && o.path === '/trigger-sources')!.op;
    const params = Object.fromEntries(
      (listOp.parameters as OpenAPIV3.ParameterObject[]).map((p) => [p.name, p.schema as OpenAPIV3.SchemaObject]),
    );
    expect(Object.keys(params)).toEqual([
      'type',
      'businessId',
      'campaignId',
      'active',
      'limit',
      'page',
      'sortBy',
      'sortOrder',
    ]);
    expect(params.type.enum).toEqual(['QR_CODE', 'API_WEBHOOK']);
    expect(params.sortBy.enum).toEqual(['name', 'createdAt', 'type']);
    expect(params.sortOrder.enum).toEqual(['ASC', 'DESC']);
  });
});
