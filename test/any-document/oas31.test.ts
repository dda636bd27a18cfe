import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer } from '../../src/mock-server.js';
import { loadSpec } from '../../src/engine/load-spec.js';

const OAS31 = `
openapi: 3.1.0
info: { title: OpenAPI 3.1 features, version: 1.0.0 }
paths:
  /things:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name, kind, point]
              properties:
                name: { type: [string, 'null'] }
                kind: { const: gadget }
                point: { type: array, prefixItems: [{ type: number }, { type: number }], items: false }
                size: { type: integer, exclusiveMinimum: 0 }
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema:
                type: object
                required: [id, label]
                properties:
                  id: { type: string, format: uuid }
                  label: { type: string, examples: [A documented label] }
webhooks:
  thingCreated:
    post:
      requestBody: { content: { application/json: { schema: { type: object } } } }
      responses: { '200': { description: OK } }
`;

const WEBHOOKS_ONLY = `
openapi: 3.1.0
info: { title: Webhooks only, version: 1.0.0 }
webhooks:
  newPet:
    post:
      requestBody: { content: { application/json: { schema: { type: object } } } }
      responses: { '200': { description: OK } }
`;

const QUIRKS_30 = `
openapi: 3.0.3
info: { title: Constructs the mock cannot fully honour, version: 1.0.0 }
components:
  securitySchemes:
    digest: { type: http, scheme: digest }
paths:
  /reports/{ids}:
    get:
      parameters:
        - { name: ids, in: path, required: true, schema: { type: array, items: { type: integer } } }
      callbacks:
        done:
          '{$request.query.callback}':
            post: { responses: { '200': { description: OK } } }
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  when: { type: string, format: stardate }
  /broken:
    post:
      requestBody:
        content:
          application/json:
            schema: { type: object, properties: { code: { type: string, pattern: '(unclosed' } } }
      responses: { '200': { description: OK, content: { application/json: { example: { ok: true } } } } }
  /digest:
    get:
      security: [{ digest: [] }]
      responses: { '200': { description: OK } }
`;

let dir: string;
const file = (name: string) => join(dir, name);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pers-mock-oas31-'));
  await writeFile(file('oas31.yaml'), OAS31);
  await writeFile(file('webhooks.yaml'), WEBHOOKS_ONLY);
  await writeFile(file('quirks.yaml'), QUIRKS_30);
  await writeFile(
    file('swagger.json'),
    JSON.stringify({
      swagger: '2.0',
      info: { title: 'old', version: '1' },
      basePath: '/v1',
      paths: {
        '/pets': {
          post: {
            consumes: ['application/json'],
            produces: ['application/json'],
            parameters: [{ in: 'body', name: 'pet', required: true, schema: { $ref: '#/definitions/Pet' } }],
            responses: { 201: { description: 'created', schema: { $ref: '#/definitions/Pet' } } },
          },
        },
      },
      definitions: {
        Pet: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, tag: { type: 'string' } } },
      },
    }),
  );
  await writeFile(file('swagger-1.2.json'), JSON.stringify({ swagger: '1.2', info: { title: 'older' }, paths: {} }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('OpenAPI 3.1 through openapi-backend (JSON Schema 2020-12)', () => {
  it('validates type arrays, const, prefixItems and numeric exclusiveMinimum, and answers from schema examples', async () => {
    const mock = await createMockServer({ spec: file('oas31.yaml'), db: ':memory:', records: 0, logLevel: 'silent' });
    try {
      const post = (payload: object) => mock.app.inject({ method: 'POST', url: '/things', payload });
      const ok = await post({ name: null, kind: 'gadget', point: [1.5, 2], size: 1 });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), label: 'A documented label' });
      const bad = await post({ name: 7, kind: 'widget', point: [1, 2, 3], size: 0 });
      expect(bad.statusCode).toBe(400);
      expect(
        bad
          .json()
          .details.violations.map((v: { path: string; keyword: string }) => `${v.path} ${v.keyword}`)
          .sort(),
      ).toEqual(['/kind const', '/name type', '/point items', '/size exclusiveMinimum']);
      expect(mock.warnings).toContainEqual({
        pointer: '#/webhooks',
        message: '1 webhook(s) are documented; the mock does not send webhooks',
      });
    } finally {
      await mock.close();
    }
  });

  it('loads a document with webhooks and no paths, warning about both, and answers 404', async () => {
    const mock = await createMockServer({
      spec: file('webhooks.yaml'),
      db: ':memory:',
      records: 0,
      logLevel: 'silent',
    });
    try {
      expect(mock.warnings.map((w) => w.pointer)).toEqual(['#/webhooks', '#/paths']);
      const response = await mock.app.inject({ method: 'GET', url: '/pets' });
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('ROUTE_NOT_FOUND');
    } finally {
      await mock.close();
    }
  });
});

describe('constructs the mock cannot fully honour', () => {
  it('are warned about at load, each with its JSON pointer', async () => {
    const { warnings } = await loadSpec(file('quirks.yaml'));
    expect(warnings).toEqual(
      expect.arrayContaining([
        {
          pointer: '#/paths/~1reports~1{ids}/get/callbacks',
          message: 'callbacks are documented; the mock does not call them',
        },
        {
          pointer: '#/paths/~1reports~1{ids}/get/parameters/ids',
          message: "path parameter 'ids' (array) is not deserialized; it is accepted without validation",
        },
        {
          pointer: '#/components/securitySchemes/digest',
          message:
            "security scheme 'digest' (HTTP digest) is not negotiated: its dev credential is accepted as one whole " +
            'Authorization header (GET /__mock/credentials lists it)',
        },
        {
          pointer: '#/paths/~1reports~1{ids}/get/responses/200/content/application~1json/schema/properties/when/format',
          message: "format 'stardate' is unknown to the validator; values are accepted without a format check",
        },
      ]),
    );
  });

  it('degrade instead of crashing: an array path parameter is accepted, a schema Ajv cannot compile is not validated', async () => {
    const mock = await createMockServer({ spec: file('quirks.yaml'), db: ':memory:', records: 0, logLevel: 'silent' });
    try {
      expect((await mock.app.inject({ method: 'GET', url: '/reports/1,2,3' })).statusCode).toBe(200);
      const broken = await mock.app.inject({ method: 'POST', url: '/broken', payload: { code: 'anything' } });
      expect(broken.statusCode).toBe(200);
      expect(broken.json()).toEqual({ ok: true });
      const digest = mock.schemeCredentials.digest.header!;
      expect(digest).toMatch(/^Digest [0-9a-f]{32}$/);
      expect(
        (await mock.app.inject({ method: 'GET', url: '/digest', headers: { authorization: digest } })).statusCode,
      ).toBe(200);
      const guessed = { authorization: 'Digest username="a"' };
      expect((await mock.app.inject({ method: 'GET', url: '/digest', headers: guessed })).json().code).toBe(
        'CREDENTIALS_INVALID',
      );
      expect((await mock.app.inject({ method: 'GET', url: '/digest' })).json().code).toBe('CREDENTIALS_MISSING');
    } finally {
      await mock.close();
    }
  });

  it('serve a Swagger 2.0 document converted to OpenAPI 3.0, and say so', async () => {
    const spec = await loadSpec(file('swagger.json'));
    expect(spec.version).toBe('3.0');
    expect(spec.warnings).toContainEqual({
      pointer: '#/swagger',
      message: 'a Swagger 2.0 document: served and checked as converted to OpenAPI 3.0 by swagger2openapi',
    });
    const mock = await createMockServer({ spec: file('swagger.json'), db: ':memory:', logLevel: 'silent' });
    try {
      const post = (payload: object) =>
        mock.app.inject({ method: 'POST', url: '/v1/pets', headers: { 'content-type': 'application/json' }, payload });
      const created = await post({ name: 'Rex' });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toEqual(expect.objectContaining({ name: expect.any(String) }));
      expect((await post({ tag: 'no name' })).json().code).toBe('VALIDATION_FAILED');
    } finally {
      await mock.close();
    }
  });

  it('refuse a document with another Swagger version, with a clear message', async () => {
    await expect(loadSpec(file('swagger-1.2.json'))).rejects.toThrow(
      /swagger-1\.2\.json: is not a valid OpenAPI document: Unrecognized Swagger version: 1\.2\. Expected 2\.0/,
    );
  });
});
