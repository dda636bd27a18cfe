import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMock, type TestMock } from '../helpers/test-mock.js';

let mock: TestMock;
beforeAll(async () => {
  mock = await startTestMock();
});
afterAll(() => mock.close());

const get = (url: string, headers: Record<string, string> = {}) => mock.app.inject({ method: 'GET', url, headers });

describe('the document and the API reference', () => {
  it('serves the document as JSON and as the same YAML', async () => {
    const json = await get('/openapi.json');
    const yaml = await get('/openapi.yaml');
    expect(yaml.headers['content-type']).toBe('application/yaml');
    expect(parse(yaml.body)).toEqual(json.json());
    expect((await get('/docs/yaml')).body).toBe(yaml.body);
    expect((await get('/docs/json')).json()).toEqual(json.json());
  });

  it.each([
    ['the Host header the request came with', { host: 'sandbox.example:8080' }, 'http://sandbox.example:8080'],
    ['the listening address when the Host header is not a plain host', { host: 'a b/c' }, 'http://127.0.0.1'],
  ])('names this server first, at %s, and production second', async (_name, headers, origin) => {
    const { servers } = (await get('/openapi.json', headers)).json<{ servers: Array<{ url: string }> }>();
    expect(servers.map((server) => server.url)).toEqual([expect.stringContaining(origin), 'https://api.pers.ninja/v2']);
    expect(parse((await get('/openapi.yaml', headers)).body).servers).toEqual(
      (await get('/docs/json', headers)).json<{ servers: unknown }>().servers,
    );
  });

  it('answers under /docs as any other route: correlation id, CORS headers, HEAD', async () => {
    const page = await get('/docs/', { origin: 'http://localhost:5173', 'x-correlation-id': 'docs-1' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['x-correlation-id']).toBe('docs-1');
    expect(page.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const head = await mock.app.inject({ method: 'HEAD', url: '/docs/static/swagger-ui.css' });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(Number(head.headers['content-length'])).toBeGreaterThan(10_000);
  });

  it('passes on redirects, conditional requests and ranges of the static files', async () => {
    const redirect = await get('/docs/static/index.html');
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe('/docs/');
    expect(redirect.headers['content-type']).toBeUndefined();
    const css = await get('/docs/static/swagger-ui.css');
    expect((await get('/docs/static/swagger-ui.css', { 'if-none-match': String(css.headers.etag) })).statusCode).toBe(
      304,
    );
    const range = await get('/docs/static/swagger-ui.css', { range: 'bytes=0-9' });
    expect(range.statusCode).toBe(206);
    expect(range.body).toBe(css.body.slice(0, 10));
  });

  it.each([
    ['a missing static file', '/docs/static/nope.js', {}, 404, 'ROUTE_NOT_FOUND'],
    ['a path the reference does not have', '/docs/nope', {}, 404, 'ROUTE_NOT_FOUND'],
    ['a range past the end of a file', '/docs/static/swagger-ui.css', { range: 'bytes=99999999-' }, 400, 'BAD_REQUEST'],
  ])('answers %s with a PERS error', async (_case, url, headers, status, code) => {
    const response = await get(url, headers);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ status, code, correlationId: response.headers['x-correlation-id'] });
  });
});
