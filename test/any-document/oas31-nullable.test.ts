import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock-server.js';

/** A 3.1 document that still writes 3.0's `nullable`, beside a property that is named so. */
const DOCUMENT = `
openapi: 3.1.0
info: { title: Leftover nullable, version: 1.0.0 }
paths:
  /notes:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [text]
              properties:
                text: { type: string, nullable: true }
                nullable: { type: boolean }
                due: { type: [string, 'null'] }
      responses: { '204': { description: Saved } }
`;

let dir: string;
let mock: MockServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oas31-nullable-'));
  await writeFile(join(dir, 'openapi.yaml'), DOCUMENT);
  mock = await createMockServer({ spec: join(dir, 'openapi.yaml'), db: ':memory:', records: 0, logLevel: 'silent' });
});
afterAll(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

const post = (payload: unknown) =>
  mock.app.inject({
    method: 'POST',
    url: '/notes',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });

describe('nullable in an OpenAPI 3.1 document', () => {
  it('allows no null: 3.1 allows it only in a type list', async () => {
    expect((await post({ text: 'a', due: null })).statusCode).toBe(204);
    expect((await post({ text: null })).statusCode).toBe(400);
  });

  it('leaves a property named nullable a property', async () => {
    expect((await post({ text: 'a', nullable: true })).statusCode).toBe(204);
    expect((await post({ text: 'a', nullable: 'yes' })).statusCode).toBe(400);
  });
});
