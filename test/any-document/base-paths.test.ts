import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock-server.js';

const ok = `responses: { '200': { description: OK, content: { application/json: { example: { ok: true } } } } }`;

/** A document whose own paths carry the version, and one whose servers URL does. */
const VERSIONED_PATHS = `
openapi: 3.0.3
info: { title: Versioned paths, version: '1' }
paths:
  /v2/things: { get: { ${ok} } }
  /things-at-root: { get: { ${ok} } }
`;
const VERSIONED_SERVER = `
openapi: 3.0.3
info: { title: Versioned server, version: '1' }
servers: [{ url: 'https://api.example.com/api/{version}', variables: { version: { default: v3 } } }]
paths:
  /things: { get: { ${ok} } }
`;

let dir: string;
const mocks: MockServer[] = [];
const serve = async (name: string, text: string) => {
  await writeFile(join(dir, name), text);
  const mock = await createMockServer({ spec: join(dir, name), db: ':memory:', records: 0, logLevel: 'silent' });
  mocks.push(mock);
  return async (url: string) => (await mock.app.inject({ method: 'GET', url })).statusCode;
};
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pers-mock-base-paths-'));
});
afterAll(async () => {
  await Promise.all(mocks.map((mock) => mock.close()));
  await rm(dir, { recursive: true, force: true });
});

describe('base paths', () => {
  it("serves a document's own /v2 paths as written, and adds no /v2 alias to other documents", async () => {
    const get = await serve('versioned-paths.yaml', VERSIONED_PATHS);
    expect(await get('/v2/things')).toBe(200);
    expect(await get('/things')).toBe(404);
    expect(await get('/things-at-root')).toBe(200);
    expect(await get('/v2/things-at-root')).toBe(404);
  });

  it('serves a document at the root and under the path of its servers URL, variables at their defaults', async () => {
    const get = await serve('versioned-server.yaml', VERSIONED_SERVER);
    expect(await get('/things')).toBe(200);
    expect(await get('/api/v3/things')).toBe(200);
    expect(await get('/v2/things')).toBe(404);
    expect(mocks.at(-1)!.basePaths).toEqual(['/api/v3']);
  });

  it('keeps /v2 for the PERS document, from its production servers URL', async () => {
    const mock = await createMockServer({ db: ':memory:', logLevel: 'silent' });
    mocks.push(mock);
    expect(mock.basePaths).toEqual(['/v2']);
    const list = await mock.app.inject({ method: 'GET', url: '/v2/trigger-sources' });
    expect(list.statusCode).toBe(401);
    expect(list.json().code).toBe('PROJECT_KEY_MISSING');
  });
});
