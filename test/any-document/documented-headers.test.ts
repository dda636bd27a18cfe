import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock-server.js';

/**
 * A stateful collection whose every answer, errors included, documents a `RateLimit` header, as
 * the Train Travel API does.
 */
const DOCUMENT = `
openapi: 3.1.0
info: { title: documented headers, version: 1.0.0 }
components:
  headers:
    RateLimit: { schema: { type: string, examples: ['limit=10, remaining=0, reset=10'] } }
  schemas:
    Booking:
      type: object
      required: [passenger]
      properties: { id: { type: string, readOnly: true }, passenger: { type: string } }
paths:
  /bookings:
    post:
      operationId: createBooking
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: '#/components/schemas/Booking' } } }
      responses:
        '201':
          description: Created
          headers: { RateLimit: { $ref: '#/components/headers/RateLimit' } }
          content: { application/json: { schema: { $ref: '#/components/schemas/Booking' } } }
        '400':
          description: Bad request
          headers: { RateLimit: { $ref: '#/components/headers/RateLimit' } }
  /bookings/{id}:
    parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
    get:
      operationId: getBooking
      responses:
        '200':
          description: OK
          headers: { RateLimit: { $ref: '#/components/headers/RateLimit' } }
          content: { application/json: { schema: { $ref: '#/components/schemas/Booking' } } }
        '404':
          description: Not found
          headers: { RateLimit: { $ref: '#/components/headers/RateLimit' } }
          content: { application/problem+json: { schema: { type: object } } }
`;

let dir: string;
let mock: MockServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'documented-headers-'));
  await writeFile(join(dir, 'openapi.yaml'), DOCUMENT);
  mock = await createMockServer({ spec: join(dir, 'openapi.yaml'), db: ':memory:', records: 0, logLevel: 'silent' });
});
afterAll(async () => {
  await mock.app.close();
  await rm(dir, { recursive: true, force: true });
});

const create = (payload: unknown) =>
  mock.app.inject({
    method: 'POST',
    url: '/bookings',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });

describe('the headers documented for a status come with every answer of that status', () => {
  it('on a stored resource, created and read back', async () => {
    const created = await create({ passenger: 'Ada' });
    expect(created.statusCode).toBe(201);
    expect(created.headers.ratelimit).toEqual(expect.any(String));
    const read = await mock.app.inject({ method: 'GET', url: `/bookings/${created.json().id}` });
    expect(read.statusCode).toBe(200);
    expect(read.headers.ratelimit).toEqual(expect.any(String));
  });

  it('on the errors the mock answers itself: an invalid body and an unknown id', async () => {
    const invalid = await create({});
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers.ratelimit).toEqual(expect.any(String));
    const missing = await mock.app.inject({ method: 'GET', url: '/bookings/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers.ratelimit).toEqual(expect.any(String));
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
