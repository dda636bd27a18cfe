import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock-server.js';

/** One operation per scheme, and requirements that combine them (AND within one, OR between several). */
const DOCUMENT = `
openapi: 3.1.0
info: { title: Security, version: 1.0.0 }
components:
  securitySchemes:
    headerKey: { type: apiKey, in: header, name: X-API-Key }
    queryKey: { type: apiKey, in: query, name: api_key }
    cookieKey: { type: apiKey, in: cookie, name: session }
    bearer: { type: http, scheme: bearer }
    basic: { type: http, scheme: basic }
    oauth: { type: oauth2, flows: { clientCredentials: { tokenUrl: 'https://auth.example/token', scopes: { read: Read } } } }
    oidc: { type: openIdConnect, openIdConnectUrl: 'https://auth.example/.well-known/openid-configuration' }
paths:
${['headerKey', 'queryKey', 'cookieKey', 'bearer', 'basic', 'oauth', 'oidc']
  .map(
    (name) =>
      `  /${name}:\n    get:\n      security: [{ ${name}: [] }]\n      responses: { '200': { description: OK, ` +
      `content: { application/json: { schema: { type: object }, example: { ok: true } } } } }`,
  )
  .join('\n')}
  /both:
    get:
      security: [{ headerKey: [], bearer: [] }]
      responses: { '200': { description: OK, content: { application/json: { example: { ok: true } } } } }
  /either:
    get:
      security: [{ headerKey: [] }, { basic: [] }]
      responses: { '200': { description: OK, content: { application/json: { example: { ok: true } } } } }
  /optional:
    get:
      security: [{}, { bearer: [] }]
      responses: { '200': { description: OK, content: { application/json: { example: { ok: true } } } } }
  /undefined-scheme:
    get:
      security: [{ nowhere: [] }]
      responses: { '200': { description: OK, content: { application/json: { example: { ok: true } } } } }
`;

let dir: string;
let mock: MockServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pers-mock-security-'));
  await writeFile(join(dir, 'openapi.yaml'), DOCUMENT);
  mock = await createMockServer({ spec: join(dir, 'openapi.yaml'), db: ':memory:', records: 0, logLevel: 'silent' });
});
afterAll(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

const get = async (url: string, headers: Record<string, string> = {}) => {
  const response = await mock.app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, body: response.json() };
};
const basic = `Basic ${Buffer.from('ann:secret').toString('base64')}`;

describe('security schemes of any document are enforced', () => {
  it.each([
    ['/headerKey', {}, { 'x-api-key': 'k' }, 'header X-API-Key'],
    ['/queryKey', {}, {}, 'query api_key'],
    ['/cookieKey', {}, { cookie: 'session=abc' }, 'cookie session'],
    ['/bearer', {}, { authorization: 'Bearer t' }, 'Authorization: Bearer'],
    ['/basic', {}, { authorization: basic }, 'Authorization: Basic'],
    ['/oauth', {}, { authorization: 'Bearer t' }, "'oauth', oauth2"],
    ['/oidc', {}, { authorization: 'Bearer t' }, "'oidc', openIdConnect"],
  ])(
    '%s: without the credential a PERS 401 CREDENTIALS_MISSING that says what is needed, with it a 200',
    async (url, without, withIt, needed) => {
      const missing = await get(url, without);
      expect(missing.status).toBe(401);
      expect(missing.body).toMatchObject({
        status: 401,
        code: 'CREDENTIALS_MISSING',
        category: 'SECURITY',
        retryable: false,
        correlationId: expect.any(String),
      });
      expect(missing.body.detail).toContain(needed);
      const target = url === '/queryKey' ? `${url}?api_key=k` : url;
      expect(await get(target, withIt)).toEqual({ status: 200, body: { ok: true } });
    },
  );

  it.each([
    ['/bearer', 'Basic abc', "must be 'Bearer <credentials>'"],
    ['/bearer', 'Bearer', "must be 'Bearer <credentials>'"],
    ['/basic', 'Basic not-base64!', "base64 of 'user:password'"],
    ['/basic', `Basic ${Buffer.from('no-colon').toString('base64')}`, "base64 of 'user:password'"],
  ])('%s with Authorization %j is a PERS 401 CREDENTIALS_INVALID', async (url, authorization, detail) => {
    const response = await get(url, { authorization });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('CREDENTIALS_INVALID');
    expect(response.body.detail).toContain(detail);
  });

  it('needs every scheme of a requirement (AND)', async () => {
    expect((await get('/both', { 'x-api-key': 'k' })).body.code).toBe('CREDENTIALS_MISSING');
    expect((await get('/both', { 'x-api-key': 'k', authorization: 'Bearer t' })).status).toBe(200);
  });

  it('needs one of several requirements (OR), and lists them all when none is met', async () => {
    const none = await get('/either');
    expect(none.body).toMatchObject({
      code: 'CREDENTIALS_MISSING',
      detail: "This operation needs one of: header X-API-Key ('headerKey'); or Authorization: Basic … ('basic')",
    });
    expect((await get('/either', { authorization: basic })).status).toBe(200);
    expect((await get('/either', { 'x-api-key': 'k' })).status).toBe(200);
  });

  it('lets an anonymous alternative ({}) through', async () => {
    expect((await get('/optional')).status).toBe(200);
  });

  it('does not enforce a scheme the document never defines, and warns about it', async () => {
    expect((await get('/undefined-scheme')).status).toBe(200);
    expect(mock.warnings).toContainEqual({
      pointer: '#/components/securitySchemes',
      message: "security requirement names 'nowhere', which is not defined; it is not enforced",
    });
  });

  it('checks credentials before validating the request, as for PERS', async () => {
    const response = await get('/headerKey?unknown=1');
    expect(response.body.code).toBe('CREDENTIALS_MISSING');
  });
});
