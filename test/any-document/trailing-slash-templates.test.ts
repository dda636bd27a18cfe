import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock-server.js';

/** authentik's path templates, which end in `/`. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: trailing slashes, version: 1.0.0 }
paths:
  /admin/apps/:
    get:
      operationId: listApps
      responses:
        '200':
          description: OK
          content: { application/json: { schema: { type: array, items: { type: string } } } }
  /core/users/{id}/:
    get:
      operationId: getUser
      parameters:
        - { in: path, name: id, required: true, schema: { type: integer } }
      responses:
        '200':
          description: OK
          content: { application/json: { schema: { type: object, properties: { id: { type: integer } } } } }
`;

let dir: string;
let mock: MockServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trailing-slash-templates-'));
  await writeFile(join(dir, 'openapi.yaml'), DOCUMENT);
  mock = await createMockServer({ spec: join(dir, 'openapi.yaml'), db: ':memory:', logLevel: 'silent' });
});
afterAll(async () => {
  await mock.app.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a path template ending in /', () => {
  it.each(['/admin/apps/', '/admin/apps'])('answers %s', async (url) => {
    const answer = await mock.app.inject({ method: 'GET', url });
    expect(answer.statusCode).toBe(200);
    expect(Array.isArray(answer.json())).toBe(true);
  });

  it('reads its path parameters', async () => {
    expect((await mock.app.inject({ method: 'GET', url: '/core/users/7/' })).statusCode).toBe(200);
    expect((await mock.app.inject({ method: 'GET', url: '/core/users/seven/' })).statusCode).toBe(400);
  });
});
