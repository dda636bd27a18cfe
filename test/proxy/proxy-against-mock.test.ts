import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMockServer } from '../../src/start-mock-server.js';
import { parseViolations, startProxy, type TestProxy } from './proxy-helpers.js';

let mock: RunningMockServer;
let proxy: TestProxy;
beforeAll(async () => {
  mock = await startMockServer({ seed: 7, records: 5 });
  proxy = await startProxy({ upstream: mock.url });
});
afterAll(async () => {
  await proxy.close();
  await mock.close();
});

const key = () => ({ 'x-project-key': mock.credentials.projectKey });
const jwt = () => ({ authorization: `Bearer ${mock.credentials.jwt}` });
const json = () => ({ ...jwt(), 'content-type': 'application/json' });

describe('pers-mock proxy in front of the mock', () => {
  it('forwards a whole trigger-source lifecycle unchanged and finds no violations', async () => {
    const through = async (path: string, init: RequestInit) => {
      const response = await fetch(`${proxy.url}${path}`, init);
      expect(response.headers.get('x-pers-mock-violations'), `${init.method ?? 'GET'} ${path}`).toBe('0');
      return response;
    };
    const created = await through('/trigger-sources', {
      method: 'POST',
      headers: json(),
      body: JSON.stringify({ type: 'QR_CODE', name: 'Through the proxy' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(
      ((await (await through(`/trigger-sources/${id}`, { headers: key() })).json()) as { name: string }).name,
    ).toBe('Through the proxy');
    expect(
      ((await (await through('/v2/trigger-sources?limit=100', { headers: key() })).json()) as unknown[]).length,
    ).toBe(6);
    expect(
      (
        await through(`/trigger-sources/${id}`, {
          method: 'PUT',
          headers: json(),
          body: JSON.stringify({ type: 'API_WEBHOOK', name: 'Renamed' }),
        })
      ).status,
    ).toBe(200);
    expect((await through(`/trigger-sources/${id}`, { method: 'DELETE', headers: jwt() })).status).toBe(200);
    const gone = await through(`/trigger-sources/${id}`, { headers: key() });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { code: string }).code).toBe('TRIGGER_SOURCE_NOT_FOUND');
  });

  it("reports the client's own mistakes as request violations, and still forwards them", async () => {
    const response = await fetch(`${proxy.url}/trigger-sources?limit=abc&sortBy=colour`, { headers: key() });
    expect(response.status).toBe(400);
    const { count, entries } = parseViolations(response.headers.get('x-pers-mock-violations'));
    expect(count).toBe(2);
    expect(entries).toEqual([
      { at: 'request.query/limit', message: 'must be integer' },
      { at: 'request.query/sortBy', message: 'must be equal to one of the allowed values: name, createdAt, type' },
    ]);
  });

  it('streams what the document does not describe, reporting the route', async () => {
    const response = await fetch(`${proxy.url}/openapi.yaml`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/yaml');
    expect((await response.text()).startsWith('openapi: 3.0.3')).toBe(true);
    expect(parseViolations(response.headers.get('x-pers-mock-violations')).entries).toEqual([
      { at: 'request.route', message: 'the document has no operation for GET /openapi.yaml' },
    ]);
  });

  it('answers CORS preflights for every forwarded method and exposes the violations header to scripts', async () => {
    const preflight = await fetch(`${proxy.url}/trigger-sources/x`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'DELETE',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('DELETE');
    const response = await fetch(`${proxy.url}/trigger-sources`, {
      headers: { ...key(), origin: 'http://localhost:5173' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-expose-headers')).toContain('x-pers-mock-violations');
  });

  it("passes the client's correlation id to the upstream and back", async () => {
    const response = await fetch(`${proxy.url}/trigger-sources`, {
      headers: { ...key(), 'x-correlation-id': 'trace-42' },
    });
    expect(response.headers.get('x-correlation-id')).toBe('trace-42');
  });

  it('sums up what it saw by operation', () => {
    const report = proxy.recorder.report();
    const byOperation = Object.fromEntries(report.operations.map((o) => [o.operation, o]));
    expect(byOperation['GET /trigger-sources (TriggerSourcesController_getTriggerSources)']).toMatchObject({
      violating: 1,
    });
    expect(byOperation['POST /trigger-sources (TriggerSourcesController_createTriggerSource)']).toMatchObject({
      exchanges: 1,
      violating: 0,
      violations: [],
    });
    expect(byOperation['GET /openapi.yaml (undocumented)']).toMatchObject({ exchanges: 1, violating: 1 });
    expect(report.upstream).toBe(mock.url);
  });
});
