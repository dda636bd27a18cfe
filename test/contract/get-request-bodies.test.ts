import type { OpenAPIV3 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { ExchangeLog } from '../../src/contract/exchange-log.js';
import { SpecIndex } from '../../src/engine/operation-index.js';
import { servedDocument } from './helpers/served-document.js';

/** oas-examples' response-schemas: a GET documented with a request body, which OpenAPI 3.0 says to ignore. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: GET bodies, version: '1' }
paths:
  /anything/object:
    get:
      operationId: getObject
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, properties: { primitive: { type: string } } }
      responses:
        '200':
          description: OK
          content: { application/json: { schema: { type: object, properties: { primitive: { type: string } } } } }
`;

const body: OpenAPIV3.RequestBodyObject = { content: { 'application/json': { schema: { type: 'object' } } } };
const document = (openapi: string): OpenAPIV3.Document => ({
  openapi,
  info: { title: 'bodies', version: '1' },
  paths: {
    '/things': {
      get: { operationId: 'getThings', requestBody: body, responses: {} },
      head: { operationId: 'headThings', requestBody: body, responses: {} },
      delete: { operationId: 'deleteThings', requestBody: body, responses: {} },
    },
  },
});

describe('the operation index', () => {
  it('ignores the request body of an OpenAPI 3.0 GET or HEAD, and keeps a DELETE one', () => {
    const index = new SpecIndex(document('3.0.3'));
    expect(index.operation('getThings').requestBody).toBeUndefined();
    expect(index.operation('headThings').requestBody).toBeUndefined();
    expect(index.operation('deleteThings').requestBody).toEqual({
      required: false,
      content: { 'application/json': { type: 'object' } },
    });
  });

  it('keeps the request body of an OpenAPI 3.1 GET, which 3.1 permits', () => {
    expect(new SpecIndex(document('3.1.0')).operation('getThings').requestBody).toBeDefined();
  });
});

describe('the runner and the mock on a GET documented with a body', () => {
  const served = servedDocument('get-request-bodies', DOCUMENT);

  it('send no body and expect none: the run finds nothing, and the mock answers a bodiless GET', async () => {
    const log = new ExchangeLog();
    const result = await served.check({ log });
    expect(result.failures).toEqual([]);
    const gets = log.entries().filter((e) => e.request.method === 'GET');
    expect(gets.length).toBeGreaterThan(0);
    expect(gets.filter((e) => e.request.body !== undefined && e.request.body !== '')).toEqual([]);
    expect((await served.mock.app.inject({ method: 'GET', url: '/anything/object' })).statusCode).toBe(200);
  });
});
