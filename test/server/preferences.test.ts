import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, projectKey, startTestMock, validBody, type TestMock } from '../helpers/test-mock.js';

let mock: TestMock;
beforeEach(async () => {
  mock = await startTestMock();
});
afterEach(() => mock.close());

const list = (headers: Record<string, string> = {}, query = '') =>
  mock.request({ method: 'GET', url: `/trigger-sources${query}`, headers: { ...projectKey(mock.first), ...headers } });
const liveCount = () => mock.store.countLive();

describe('Prefer: code', () => {
  it("answers with the documented example of that status, in the PERS error shape with this request's id", async () => {
    const response = await list({ prefer: 'code=401', 'x-correlation-id': 'forced-1' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ status: 401, code: 'PROJECT_KEY_MISSING', correlationId: 'forced-1' });
    expect(Date.now() - Date.parse(response.json().timestamp)).toBeLessThan(5000);
  });

  it.each([
    ['GET', '/trigger-sources', 'PROJECT_KEY_MISSING'],
    ['GET', '/trigger-sources/x', 'PROJECT_KEY_MISSING'],
    ['POST', '/trigger-sources', 'AUTH_TOKEN_MISSING'],
    ['PUT', '/trigger-sources/x', 'AUTH_TOKEN_MISSING'],
    ['DELETE', '/trigger-sources/x', 'AUTH_TOKEN_MISSING'],
  ] as const)('forces on %s %s the 401 of its own credential, %s', async (method, url, code) => {
    const headers = method === 'GET' ? projectKey(mock.first) : bearer(mock.first);
    const response = await mock.request({ method, url, headers: { ...headers, prefer: 'code=401' } });
    expect(response.json()).toMatchObject({ status: 401, code });
  });

  it('forces a 503 on any operation, retryable', async () => {
    const response = await mock.request({
      method: 'GET',
      url: '/trigger-sources/anything',
      headers: { ...projectKey(mock.first), prefer: 'code=503' },
    });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
  });

  it('never changes state, even for a forced 201 on create', async () => {
    const before = liveCount();
    const response = await mock.request({
      method: 'POST',
      url: '/trigger-sources',
      headers: { ...bearer(mock.first), prefer: 'code=201' },
      payload: validBody,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().id).toBe('source-12345');
    const deleted = await mock.request({
      method: 'DELETE',
      url: '/trigger-sources/whatever',
      headers: { ...bearer(mock.first), prefer: 'code=200' },
    });
    expect(deleted.statusCode).toBe(200);
    expect(liveCount()).toBe(before);
  });

  it('still checks credentials first, but skips request validation', async () => {
    const noKey = await mock.request({
      method: 'GET',
      url: '/trigger-sources?limit=0',
      headers: { prefer: 'code=200' },
    });
    expect(noKey.statusCode).toBe(401);
    const badQuery = await list({ prefer: 'code=200' }, '?limit=0');
    expect(badQuery.statusCode).toBe(200);
  });

  it('rejects an undocumented status with a 400 naming the documented ones', async () => {
    const response = await list({ prefer: 'code=418' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'MOCK_PREFERENCE_INVALID', target: 'code' });
    expect(response.json().detail).toContain('documented: 200, 400, 401, 500, 503');
  });
});

describe('Prefer: example and dynamic', () => {
  it('picks a named example', async () => {
    const response = await mock.request({
      method: 'GET',
      url: '/trigger-sources/x',
      headers: { ...projectKey(mock.first), prefer: 'example=neverUsed' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: 'Window Poster QR Code', analytics: null });
    expect((await list({ prefer: 'example=empty' })).json()).toEqual([]);
  });

  it('rejects an unknown example with a 400 listing the named ones', async () => {
    const response = await list({ prefer: 'example=nope' });
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toContain('documented examples: triggerSources, empty');
  });

  it('generates a schema-valid body with dynamic=true, reproducibly with seed', async () => {
    const a = await list({ prefer: 'dynamic=true, seed=7' });
    const b = await list({ prefer: 'dynamic=true, seed=7' });
    const c = await list({ prefer: 'dynamic=true, seed=8' });
    expect(a.statusCode).toBe(200);
    expect(a.json()).toEqual(b.json());
    expect(a.json()).not.toEqual(c.json());
    expect(a.json()[0].name).not.toBe('Main Entrance QR Code');
  });
});

describe('Prefer: delay and state', () => {
  it('delays that one response', async () => {
    const started = Date.now();
    const delayed = await list({ prefer: 'delay=300' });
    expect(delayed.statusCode).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('answers a list as if the tenant had none with state=empty, without touching state', async () => {
    expect((await list({ prefer: 'state=empty' })).json()).toEqual([]);
    expect((await list()).json()).toHaveLength(25);
  });

  it.each(['delay=-5', 'delay=999999', 'delay=soon', 'state=full', 'dynamic=yes', 'code=abc', 'seed=x'])(
    'rejects %s with a 400',
    async (prefer) => {
      const response = await list({ prefer });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('MOCK_PREFERENCE_INVALID');
    },
  );

  it('ignores preferences it does not know', async () => {
    expect((await list({ prefer: 'return=minimal, respond-async' })).statusCode).toBe(200);
  });
});

describe('the same preferences as query parameters', () => {
  it.each([
    ['/trigger-sources/x?__code=404', 404],
    ['/trigger-sources?__example=empty', 200],
    ['/trigger-sources/x?__example=webhook', 200],
    ['/trigger-sources/x?__dynamic=true&__seed=1', 200],
    ['/trigger-sources?__delay=10', 200],
  ])('%s works and is stripped before validation', async (url, status) => {
    const response = await mock.request({ method: 'GET', url, headers: projectKey(mock.first) });
    expect(response.statusCode).toBe(status);
  });

  it('empties a list with __state=empty and keeps the real query parameters', async () => {
    expect((await list({}, '?__state=empty&limit=5')).json()).toEqual([]);
    expect((await list({}, '?__delay=1&limit=5')).json()).toHaveLength(5);
    expect((await list({}, '?__delay=1&limit=0')).statusCode).toBe(400);
  });
});
