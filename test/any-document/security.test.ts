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

/** The request parts that carry a scheme's dev credential. */
function presenting(name: string, value?: string): { query: string; headers: Record<string, string> } {
  const credential = mock.schemeCredentials[name];
  const given = value ?? credential.value;
  if (credential.in === 'query') return { query: `?${credential.name}=${given}`, headers: {} };
  if (credential.in === 'cookie') return { query: '', headers: { cookie: `${credential.name}=${given}` } };
  if (credential.header === undefined) return { query: '', headers: { [credential.name]: given } };
  const header = value === undefined ? credential.header : `${credential.header.split(' ')[0]} ${value}`;
  return { query: '', headers: { authorization: header } };
}

const SCHEMES = ['headerKey', 'queryKey', 'cookieKey', 'bearer', 'basic', 'oauth', 'oidc'];

describe('security schemes of any document are enforced', () => {
  it.each([
    ['headerKey', 'header X-API-Key'],
    ['queryKey', 'query api_key'],
    ['cookieKey', 'cookie session'],
    ['bearer', 'Authorization: Bearer'],
    ['basic', 'Authorization: Basic'],
    ['oauth', "'oauth', oauth2"],
    ['oidc', "'oidc', openIdConnect"],
  ])(
    '%s: without a credential a PERS 401 CREDENTIALS_MISSING saying what is needed; with its dev credential a 200',
    async (name, needed) => {
      const missing = await get(`/${name}`);
      expect(missing.status).toBe(401);
      expect(missing.body).toMatchObject({
        status: 401,
        code: 'CREDENTIALS_MISSING',
        category: 'SECURITY',
        retryable: false,
        correlationId: expect.any(String),
      });
      expect(missing.body.detail).toContain(needed);
      const { query, headers } = presenting(name);
      expect(await get(`/${name}${query}`, headers)).toEqual({ status: 200, body: { ok: true } });
    },
  );

  it.each(SCHEMES)('%s: any credential but its dev credential is a 401 CREDENTIALS_INVALID', async (name) => {
    const { query, headers } = presenting(name, name === 'basic' ? Buffer.from('ann:secret').toString('base64') : 'k');
    const response = await get(`/${name}${query}`, headers);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('CREDENTIALS_INVALID');
    expect(response.body.detail).toContain(`the dev credential of security scheme '${name}'`);
    expect(response.body.detail).toContain('GET /__mock/credentials');
  });

  it('refuses the right token under the wrong Authorization scheme', async () => {
    const token = mock.schemeCredentials.bearer.value;
    expect((await get('/bearer', { authorization: `Basic ${token}` })).body.code).toBe('CREDENTIALS_INVALID');
    expect((await get('/bearer', { authorization: `bearer ${token}` })).status).toBe(200);
  });

  it('derives dev credentials from the seed: the same on every start, others for another seed', async () => {
    const again = await createMockServer({
      spec: join(dir, 'openapi.yaml'),
      db: ':memory:',
      records: 0,
      logLevel: 'silent',
    });
    const other = await createMockServer({
      spec: join(dir, 'openapi.yaml'),
      db: ':memory:',
      records: 0,
      seed: 7,
      logLevel: 'silent',
    });
    try {
      expect(again.schemeCredentials).toEqual(mock.schemeCredentials);
      expect(other.schemeCredentials.headerKey.value).not.toBe(mock.schemeCredentials.headerKey.value);
      expect(Object.keys(mock.schemeCredentials).sort()).toEqual([...SCHEMES].sort());
      expect(mock.schemeCredentials.headerKey.value).toMatch(/^key_headerkey_[0-9a-f]{20}$/);
      expect(mock.schemeCredentials.bearer.value).toMatch(/^tok_bearer_[0-9a-f]{32}$/);
      expect(mock.schemeCredentials.basic.value).toMatch(/^dev_basic:[0-9a-f]{16}$/);
    } finally {
      await Promise.all([again.close(), other.close()]);
    }
  });

  it('lists them at GET /__mock/credentials, where they can be used as given', async () => {
    const listed = (await mock.app.inject({ method: 'GET', url: '/__mock/credentials' })).json();
    expect(listed.schemes).toEqual(mock.schemeCredentials);
    expect(listed.tenantSchemes).toEqual([]);
    expect((await get('/basic', { authorization: listed.schemes.basic.header })).status).toBe(200);
  });

  it('needs every scheme of a requirement (AND)', async () => {
    const key = presenting('headerKey').headers;
    expect((await get('/both', key)).body.code).toBe('CREDENTIALS_MISSING');
    expect((await get('/both', { ...key, ...presenting('bearer').headers })).status).toBe(200);
  });

  it('needs one of several requirements (OR), and lists them all when none is met', async () => {
    const none = await get('/either');
    expect(none.body).toMatchObject({
      code: 'CREDENTIALS_MISSING',
      detail: "This operation needs one of: header X-API-Key ('headerKey'); or Authorization: Basic … ('basic')",
    });
    expect((await get('/either', presenting('basic').headers)).status).toBe(200);
    expect((await get('/either', presenting('headerKey').headers)).status).toBe(200);
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
