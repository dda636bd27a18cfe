import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, projectKey, startTestMock, validBody, type TestMock } from '../helpers/test-mock.js';
import type { PersErrorBody, Violation } from '../../src/errors.js';

let mock: TestMock;
beforeAll(async () => {
  mock = await startTestMock();
});
afterAll(() => mock.close());

const PERS_ERROR_FIELDS = [
  'status',
  'title',
  'detail',
  'message',
  'code',
  'category',
  'timestamp',
  'correlationId',
  'retryable',
  'domain',
];

function expectPersError(
  response: { statusCode: number; json(): unknown; headers: Record<string, unknown> },
  status: number,
  code: string,
) {
  const body = response.json() as PersErrorBody & { details: { violations: Violation[] } };
  expect(response.statusCode).toBe(status);
  expect(Object.keys(body)).toEqual(expect.arrayContaining(PERS_ERROR_FIELDS));
  expect(body).toMatchObject({ status, code });
  expect(body.correlationId).toBe(response.headers['x-correlation-id']);
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(js|ts):\d+/);
  return body;
}

const post = (payload: string | object | undefined, headers: Record<string, string> = {}) =>
  mock.request({ method: 'POST', url: '/trigger-sources', headers: { ...bearer(mock.first), ...headers }, payload });

describe('request errors in the PERS shape', () => {
  it('lists every violation of an invalid body, with target and details', async () => {
    const body = expectPersError(
      await post({ type: 'NFC', name: 7, description: 12, metadata: 'x' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.category).toBe('VALIDATION');
    expect(body.retryable).toBe(false);
    const paths = body.details.violations.map((v) => `${v.location}${v.path}`);
    expect(paths).toEqual(expect.arrayContaining(['body/type', 'body/name', 'body/description', 'body/metadata']));
    expect(body.target).toBe(body.details.violations[0].path.slice(1));
  });

  it('reports missing required fields by name', async () => {
    const body = expectPersError(await post({}), 400, 'VALIDATION_FAILED');
    expect(body.details.violations.map((v) => v.path).sort()).toEqual(['/name', '/type']);
  });

  it.each([
    ['malformed JSON', '{"type": "QR_CODE",', 'MALFORMED_JSON'],
    ['truncated JSON', '{"type": "QR', 'MALFORMED_JSON'],
    ['a JSON array', '[]', 'VALIDATION_FAILED'],
    ['a JSON string', '"QR_CODE"', 'VALIDATION_FAILED'],
    ['an empty name', '{"type":"QR_CODE","name":""}', 'VALIDATION_FAILED'],
  ])('answers %s with a 400', async (_label, payload, code) => {
    expectPersError(await post(payload, { 'content-type': 'application/json' }), 400, code);
  });

  it('answers an empty JSON body with a 400', async () => {
    expectPersError(await post('', { 'content-type': 'application/json' }), 400, 'MALFORMED_JSON');
  });

  it('answers a missing body with a 400 saying one is required', async () => {
    const body = expectPersError(await post(undefined), 400, 'VALIDATION_FAILED');
    expect(body.detail).toMatch(/body is required/);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
    'answers content type %s with a 415',
    async (type) => {
      expectPersError(await post('type=QR_CODE', { 'content-type': type }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    },
  );

  it('answers a body over 1 MiB with a 413', async () => {
    const huge = JSON.stringify({ ...validBody, description: 'x'.repeat(1024 * 1024) });
    expectPersError(await post(huge, { 'content-type': 'application/json' }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('rejects __proto__ keys in a body', async () => {
    const response = await post('{"type":"QR_CODE","name":"x","metadata":{"__proto__":{"polluted":true}}}', {
      'content-type': 'application/json',
    });
    const body = expectPersError(response, 400, 'MALFORMED_JSON');
    expect(body.detail).toBe('The request body uses a forbidden key (__proto__ or constructor.prototype)');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('routing errors', () => {
  it('answers an unknown route with a 404', async () => {
    expectPersError(await mock.request({ method: 'GET', url: '/campaigns' }), 404, 'ROUTE_NOT_FOUND');
  });

  it('answers an unknown trigger source with a 404 in the documented shape', async () => {
    const body = expectPersError(
      await mock.request({ method: 'GET', url: '/trigger-sources/source-12345', headers: projectKey(mock.first) }),
      404,
      'TRIGGER_SOURCE_NOT_FOUND',
    );
    expect(body).toMatchObject({ title: 'Resource Not Found', category: 'DOMAIN_RULE', domain: 'trigger-source' });
  });

  it.each([
    ['PATCH', '/trigger-sources/abc', 'GET, PUT, DELETE'],
    ['DELETE', '/trigger-sources', 'GET, POST'],
    ['PUT', '/v2/trigger-sources', 'GET, POST'],
  ] as const)('answers %s %s with a 405 and an Allow header', async (method, url, allow) => {
    const response = await mock.request({ method, url, headers: bearer(mock.first) });
    expectPersError(response, 405, 'METHOD_NOT_ALLOWED');
    expect(response.headers.allow).toBe(allow);
  });
});

describe('correlation ids', () => {
  it('echoes an incoming x-correlation-id on success and error responses', async () => {
    const ok = await mock.request({
      method: 'GET',
      url: '/trigger-sources',
      headers: { ...projectKey(mock.first), 'x-correlation-id': 'trace-42' },
    });
    expect(ok.headers['x-correlation-id']).toBe('trace-42');
    const failed = await mock.request({
      method: 'GET',
      url: '/trigger-sources',
      headers: { 'x-correlation-id': 'trace-43' },
    });
    expect(failed.json().correlationId).toBe('trace-43');
  });

  it('generates one when none (or an unsafe one) is sent', async () => {
    const a = await mock.request({ method: 'GET', url: '/nope' });
    const b = await mock.request({
      method: 'GET',
      url: '/nope',
      headers: { 'x-correlation-id': 'bad id with spaces' },
    });
    expect(a.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers['x-correlation-id']).not.toBe(b.headers['x-correlation-id']);
  });
});

describe('documents and CORS', () => {
  it('serves the document at /openapi.json and /openapi.yaml and a docs UI at /docs', async () => {
    const json = await mock.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(json.json().paths['/trigger-sources'].post.operationId).toBe('TriggerSourcesController_createTriggerSource');
    const yaml = await mock.app.inject({ method: 'GET', url: '/openapi.yaml' });
    expect(yaml.headers['content-type']).toMatch(/yaml/);
    expect(yaml.body).toContain('TriggerSourcesController_getTriggerSources');
    const docs = await mock.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toMatch(/swagger-ui/i);
  });

  it.each(['PUT', 'DELETE'])('answers a cross-origin preflight for %s', async (method) => {
    const response = await mock.app.inject({
      method: 'OPTIONS',
      url: '/v2/trigger-sources/some-id',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': method,
        'access-control-request-headers': 'authorization',
      },
    });
    expect(response.statusCode).toBe(204);
    expect(String(response.headers['access-control-allow-methods']).split(/, */)).toContain(method);
  });

  it('answers a cross-origin preflight for x-project-key and Authorization', async () => {
    const response = await mock.app.inject({
      method: 'OPTIONS',
      url: '/v2/trigger-sources',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,x-project-key,content-type',
      },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(String(response.headers['access-control-allow-headers']).toLowerCase()).toContain('x-project-key');
    expect(String(response.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
    expect(String(response.headers['access-control-allow-methods'])).toContain('POST');
  });

  it('sends CORS headers on actual responses and exposes the correlation id', async () => {
    const response = await mock.request({
      method: 'GET',
      url: '/trigger-sources',
      headers: { ...projectKey(mock.first), origin: 'http://localhost:5173' },
    });
    expect(response.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(String(response.headers['access-control-expose-headers'])).toContain('x-correlation-id');
  });

  it('sends no x-powered-by or server banner', async () => {
    const response = await mock.request({ method: 'GET', url: '/trigger-sources', headers: projectKey(mock.first) });
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers.server).toBeUndefined();
  });
});
