import { beforeAll, describe, expect, it } from 'vitest';
import { responseContentType } from '../../src/proxy/checks/response-content-type.js';
import { responseHeadersConformance } from '../../src/proxy/checks/response-headers-conformance.js';
import { statusDocumented } from '../../src/proxy/checks/status-documented.js';
import type { CheckContext, MatchedOperation, ProxyExchange } from '../../src/proxy/exchange.js';
import { SchemaValidator } from '../../src/engine/validator-ajv.js';

const operation: MatchedOperation = {
  operationId: 'getThing',
  method: 'get',
  path: '/things/{id}',
  responses: {
    '200': {
      description: 'OK',
      headers: {
        'X-Rate-Limit': { required: true, schema: { type: 'integer' } },
        ETag: { schema: { type: 'string', minLength: 3 } },
      },
      content: { 'application/json': { schema: { type: 'object' } } },
    },
    '4XX': { description: 'Client error' },
  },
};

let context: CheckContext;
beforeAll(async () => {
  context = { api: undefined as never, schemas: await SchemaValidator.create({ version: '3.0' }) };
});

const exchange = (response: Partial<ProxyExchange['response']>): ProxyExchange => ({
  operation,
  request: { method: 'GET', path: '/things/1', query: '', headers: {}, bodyInspected: true },
  response: {
    status: 200,
    headers: { 'content-type': 'application/json', 'x-rate-limit': '10' },
    bodyInspected: true,
    hasBody: true,
    ...response,
  },
});

describe('proxy checks, called directly', () => {
  it.each([
    [200, []],
    [404, []],
    [500, ['status 500 is not documented (documented: 200, 4XX)']],
  ])('statusDocumented: %s', (status, messages) => {
    expect(statusDocumented(context, exchange({ status })).map((v) => v.message)).toEqual(messages);
  });

  it('responseContentType: a body where none is documented, and an undocumented media type', () => {
    expect(responseContentType(context, exchange({ status: 404 })).map((v) => v.message)).toEqual([
      'status 404 documents no body, but one was sent',
    ]);
    expect(
      responseContentType(context, exchange({ headers: { 'content-type': 'text/html' } })).map((v) => v.message),
    ).toEqual(["content type 'text/html' is not documented for status 200 (documented: application/json)"]);
    expect(responseContentType(context, exchange({ status: 404, hasBody: false }))).toEqual([]);
  });

  it('responseHeadersConformance: a missing required header, and headers read as their declared type', () => {
    expect(responseHeadersConformance(context, exchange({ headers: { etag: 'ab' } }))).toEqual([
      { side: 'response', location: 'header', path: '/X-Rate-Limit', message: 'is required but missing' },
      { side: 'response', location: 'header', path: '/ETag', message: 'must NOT have fewer than 3 characters' },
    ]);
    expect(
      responseHeadersConformance(context, exchange({ headers: { 'x-rate-limit': 'ten' } })).map((v) => v.message),
    ).toEqual(['must be integer']);
    expect(responseHeadersConformance(context, exchange({}))).toEqual([]);
  });
});
