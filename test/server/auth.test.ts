import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { projectKey, startTestMock, validBody, type TestMock } from '../helpers/test-mock.js';

let mock: TestMock;
afterEach(() => mock?.close());

const sign = (claims: Record<string, unknown>, secret = 'anything', expiresInSeconds = 3600) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
    .sign(new TextEncoder().encode(secret));

const create = (headers: Record<string, string>) =>
  mock.request({ method: 'POST', url: '/trigger-sources', headers, payload: validBody });

describe('projectKey operations', () => {
  it.each([
    ['no x-project-key header', {}, 'PROJECT_KEY_MISSING'],
    ['an unknown project key', { 'x-project-key': 'pk_unknown' }, 'PROJECT_KEY_INVALID'],
  ])('answer %s with a 401', async (_label, headers, code) => {
    mock = await startTestMock();
    for (const url of ['/trigger-sources', '/trigger-sources/some-id']) {
      const response = await mock.request({ method: 'GET', url, headers });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code, category: 'SECURITY' });
    }
  });

  it('answer before validating: a bad query without a key is a 401, not a 400', async () => {
    mock = await startTestMock();
    const response = await mock.request({ method: 'GET', url: '/trigger-sources?limit=0' });
    expect(response.statusCode).toBe(401);
  });
});

describe('authJWT operations (default: any well-formed, unexpired JWT)', () => {
  it.each([
    ['no Authorization header', {}, 'AUTH_TOKEN_MISSING'],
    ['a non-Bearer scheme', { authorization: 'Basic dXNlcjpwYXNz' }, 'AUTH_TOKEN_INVALID'],
    ['a token that is not a JWT', { authorization: 'Bearer not-a-jwt' }, 'AUTH_TOKEN_INVALID'],
    ['Bearer with no token', { authorization: 'Bearer ' }, 'AUTH_TOKEN_INVALID'],
  ])('answer %s with a 401', async (_label, headers, code) => {
    mock = await startTestMock();
    for (const request of [
      { method: 'POST' as const, url: '/trigger-sources', payload: validBody },
      { method: 'PUT' as const, url: '/trigger-sources/x', payload: validBody },
      { method: 'DELETE' as const, url: '/trigger-sources/x' },
    ]) {
      const response = await mock.request({ ...request, headers });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code, category: 'SECURITY', retryable: false });
    }
  });

  it('answer an expired JWT with a 401 of its own code', async () => {
    mock = await startTestMock();
    const token = await sign({ tenantId: mock.first.id }, 'x', -60);
    const response = await create({ authorization: `Bearer ${token}` });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('AUTH_TOKEN_EXPIRED');
  });

  it('accept a JWT signed with any key, and never echo the token in the error', async () => {
    mock = await startTestMock();
    const token = await sign({ sub: 'someone' }, 'some-other-secret');
    expect((await create({ authorization: `Bearer ${token}` })).statusCode).toBe(201);
    const expired = await sign({}, 'x', -1);
    const failed = await create({ authorization: `Bearer ${expired}` });
    expect(failed.body).not.toContain(expired);
  });
});

describe('with --jwt-secret', () => {
  it('verify the HS256 signature', async () => {
    mock = await startTestMock({ jwtSecret: 'team-secret' });
    const good = await sign({ tenantId: mock.first.id }, 'team-secret');
    const forged = await sign({ tenantId: mock.first.id }, 'wrong-secret');
    expect((await create({ authorization: `Bearer ${good}` })).statusCode).toBe(201);
    const rejected = await create({ authorization: `Bearer ${forged}` });
    expect(rejected.statusCode).toBe(401);
    expect(rejected.json().code).toBe('AUTH_TOKEN_INVALID');
    const expired = await create({ authorization: `Bearer ${await sign({}, 'team-secret', -5)}` });
    expect(expired.json().code).toBe('AUTH_TOKEN_EXPIRED');
  });
});

describe('the tenant of a request', () => {
  const tenantOfCreated = async (headers: Record<string, string>) => {
    const created = await create(headers);
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    for (const tenant of mock.tenants.all) if (await mock.store.get(tenant.id, id)) return tenant.id;
    return undefined;
  };

  it('is the x-project-key tenant when the header is present', async () => {
    mock = await startTestMock();
    const token = await sign({});
    expect(await tenantOfCreated({ authorization: `Bearer ${token}`, ...projectKey(mock.second) })).toBe(
      mock.second.id,
    );
  });

  it('else the tenant named by a tenantId claim', async () => {
    mock = await startTestMock();
    expect(await tenantOfCreated({ authorization: `Bearer ${await sign({ tenantId: mock.second.id })}` })).toBe(
      mock.second.id,
    );
  });

  it('else the first tenant (also when the claim names no known tenant)', async () => {
    mock = await startTestMock();
    expect(await tenantOfCreated({ authorization: `Bearer ${await sign({})}` })).toBe(mock.first.id);
    expect(await tenantOfCreated({ authorization: `Bearer ${await sign({ tenantId: 'elsewhere' })}` })).toBe(
      mock.first.id,
    );
  });

  it('is a 403 when the JWT names another tenant than the project key', async () => {
    mock = await startTestMock();
    const token = await sign({ tenantId: mock.first.id });
    const response = await create({ authorization: `Bearer ${token}`, ...projectKey(mock.second) });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'TENANT_MISMATCH', category: 'SECURITY' });
  });

  it('is a 401 when a JWT operation carries an unknown project key', async () => {
    mock = await startTestMock();
    const response = await create({ authorization: `Bearer ${await sign({})}`, 'x-project-key': 'pk_nobody' });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('PROJECT_KEY_INVALID');
  });
});

describe('dev credentials', () => {
  it('GET /__mock/credentials gives each tenant a project key and a JWT that work', async () => {
    mock = await startTestMock();
    const { tenants } = (await mock.app.inject({ method: 'GET', url: '/__mock/credentials' })).json();
    expect(tenants).toHaveLength(2);
    for (const tenant of tenants) {
      const created = await create({ authorization: `Bearer ${tenant.jwt}` });
      expect(created.statusCode).toBe(201);
      const listed = await mock.request({
        method: 'GET',
        url: '/trigger-sources',
        headers: { 'x-project-key': tenant.projectKey },
      });
      expect(listed.json().map((s: { id: string }) => s.id)).toContain(created.json().id);
      const expired = await create({ authorization: `Bearer ${tenant.expiredJwt}` });
      expect(expired.json().code).toBe('AUTH_TOKEN_EXPIRED');
    }
  });

  it('are the same on every start, so they can be kept in a .env file', async () => {
    mock = await startTestMock();
    const first = (await mock.app.inject({ method: 'GET', url: '/__mock/credentials' })).body;
    const again = await startTestMock();
    expect((await again.app.inject({ method: 'GET', url: '/__mock/credentials' })).body).toBe(first);
    await again.close();
  });
});
