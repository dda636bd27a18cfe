import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/engine/create-api.js';
import { loadSpec } from '../../src/engine/load-spec.js';
import { createMockServer, type MockServer } from '../../src/mock-server.js';

/** Query parameters written `style: form, explode: false`, of each kind of schema. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: Unexploded query, version: 1.0.0 }
paths:
  /search:
    get:
      operationId: search
      parameters:
        - { name: page, in: query, style: form, explode: false, schema: { type: integer, maximum: 100 } }
        - { name: filter, in: query, style: form, explode: false, schema: { type: string, maxLength: 9 } }
        - { name: ids, in: query, style: form, explode: false, schema: { type: array, items: { type: integer } } }
        - name: point
          in: query
          style: form
          explode: false
          schema: { type: object, properties: { x: { type: integer }, y: { type: integer } } }
      responses:
        '200': { description: OK, content: { application/json: { schema: { type: object }, example: {} } } }
`;

let dir: string;
let file: string;
let mock: MockServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pers-mock-query-styles-'));
  file = join(dir, 'openapi.yaml');
  await writeFile(file, DOCUMENT);
  mock = await createMockServer({ spec: file, db: ':memory:', records: 0, logLevel: 'silent' });
});
afterAll(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

const status = async (query: string) => (await mock.app.inject({ method: 'GET', url: `/search?${query}` })).statusCode;

describe('query parameters written form, explode false', () => {
  it.each([
    ['an integer', 'page=90'],
    ['a string holding a comma', 'filter=a,b'],
    ['an array', 'ids=1,2'],
    ['an object', 'point=x,1,y,2'],
  ])('%s is accepted as written (%s)', async (_kind, query) => {
    expect(await status(query)).toBe(200);
  });

  it.each([
    ['an integer over its maximum', 'page=101'],
    ['a string over its maxLength', 'filter=a,b,c,d,e,f'],
    ['an array item that is not an integer', 'ids=1,x'],
    ['an object member that is not an integer', 'point=x,1,y,z'],
  ])('%s is still refused (%s)', async (_kind, query) => {
    expect(await status(query)).toBe(400);
  });

  it('reach the operation as the values OpenAPI says they are', async () => {
    const api = await createApi(await loadSpec(file));
    await api.init();
    const validation = api.validator.validateRequest(
      { method: 'get', path: '/search', query: 'page=90&filter=a,b&ids=1,2&point=x,1,y,2', headers: {} },
      'search',
    );
    expect(validation.errors).toBeFalsy();
    expect(validation.coerced?.query).toEqual({ page: 90, filter: 'a,b', ids: [1, 2], point: { x: 1, y: 2 } });
  });
});

/** Object-valued query parameters written `style: form` exploded, the default. */
const EXPLODED = `
openapi: 3.0.3
info: { title: Exploded query, version: 1.0.0 }
paths:
  /search:
    get:
      operationId: search
      parameters:
        - { name: limit, in: query, schema: { type: integer } }
        - name: point
          in: query
          schema:
            type: object
            properties: { x: { type: integer }, y: { type: integer } }
            additionalProperties: false
        - { name: token, in: query, schema: { nullable: true, oneOf: [{}] } }
      responses:
        '200': { description: OK, content: { application/json: { schema: { type: object }, example: {} } } }
`;

describe('object query parameters written form, exploded', () => {
  let explodedFile: string;
  beforeAll(async () => {
    explodedFile = join(dir, 'exploded.yaml');
    await writeFile(explodedFile, EXPLODED);
  });

  const validate = async (query: string) => {
    const api = await createApi(await loadSpec(explodedFile));
    await api.init();
    return api.validator.validateRequest({ method: 'get', path: '/search', query, headers: {} }, 'search');
  };

  it('read their properties back from the pairs no parameter declares', async () => {
    const validation = await validate('limit=5&x=1&y=2&contract=%7B%22run%22%3A1%7D');
    expect(validation.errors).toBeFalsy();
    expect(validation.coerced?.query).toEqual({ limit: 5, point: { x: 1, y: 2 }, token: { contract: '{"run":1}' } });
  });

  it('still refuse a property value its schema forbids', async () => {
    const validation = await validate('x=1&y=z');
    expect(validation.errors?.map((e) => e.instancePath)).toEqual(['/query/point/y']);
  });
});
