import { afterEach, describe, expect, it } from 'vitest';
import { corsOriginPolicy, isLoopbackHost } from '../../src/server/exposure.js';
import { startTestMock, type TestMock } from '../helpers/test-mock.js';

let mock: TestMock;
afterEach(() => mock?.close());

const preflight = (origin: string) =>
  mock.app.inject({
    method: 'OPTIONS',
    url: '/trigger-sources',
    headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-project-key' },
  });

describe('admin endpoints', () => {
  it('are open on loopback without an admin token', async () => {
    mock = await startTestMock();
    expect((await mock.app.inject({ method: 'GET', url: '/__mock/credentials' })).statusCode).toBe(200);
  });

  it('need x-admin-token when --admin-token is set (health stays open)', async () => {
    mock = await startTestMock({ adminToken: 's3cret' });
    const denied = await mock.app.inject({ method: 'POST', url: '/__mock/reset' });
    expect(denied.statusCode).toBe(401);
    expect(denied.json()).toMatchObject({ code: 'ADMIN_TOKEN_INVALID', category: 'SECURITY' });
    expect(denied.body).not.toContain('s3cret');
    const wrong = await mock.app.inject({
      method: 'GET',
      url: '/__mock/credentials',
      headers: { 'x-admin-token': 'guess' },
    });
    expect(wrong.statusCode).toBe(401);
    const allowed = await mock.app.inject({
      method: 'GET',
      url: '/__mock/credentials',
      headers: { 'x-admin-token': 's3cret' },
    });
    expect(allowed.statusCode).toBe(200);
    expect((await mock.app.inject({ method: 'GET', url: '/__mock/health' })).statusCode).toBe(200);
  });

  it('are refused on a reachable address without an admin token', async () => {
    mock = await startTestMock({ host: '0.0.0.0' });
    const refused = await mock.app.inject({ method: 'GET', url: '/__mock/credentials' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('ADMIN_ENDPOINT_DISABLED');
    expect((await mock.app.inject({ method: 'GET', url: '/__mock/health' })).statusCode).toBe(200);
  });
});

describe('CORS origins', () => {
  it('allow any origin on loopback by default', async () => {
    mock = await startTestMock();
    expect((await preflight('https://app.example.com')).headers['access-control-allow-origin']).toBe(
      'https://app.example.com',
    );
  });

  it('allow only loopback origins by default on a reachable address', async () => {
    mock = await startTestMock({ host: '0.0.0.0' });
    expect((await preflight('http://localhost:5173')).headers['access-control-allow-origin']).toBe(
      'http://localhost:5173',
    );
    expect((await preflight('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allow exactly the configured origins with --cors-origin', async () => {
    mock = await startTestMock({ corsOrigins: ['https://app.example.com'] });
    expect((await preflight('https://app.example.com')).headers['access-control-allow-origin']).toBe(
      'https://app.example.com',
    );
    expect((await preflight('http://localhost:5173')).headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('isLoopbackHost and corsOriginPolicy', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
  ])('%s is loopback: %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  it('treats * as any origin', () => {
    expect(corsOriginPolicy(['*'], '0.0.0.0')('https://anything.example')).toBe(true);
  });
});
