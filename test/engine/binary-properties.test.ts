import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MULTIPART_BOUNDARY } from '../../src/contract/form-body.js';
import { createMockServer, type MockServer } from '../../src/mock-server.js';

/** A required `format: binary` property, in a JSON body (oas-examples' schema-types) and in a multipart one. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: Binary properties, version: 1.0.0 }
paths:
  /strings:
    put:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [file]
              properties: { file: { type: string, format: binary, default: 'data:text/plain;base64,dGVzdDE=' } }
      responses: { '200': { description: OK } }
  /uploads:
    post:
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema: { type: object, required: [file], properties: { file: { type: string, format: binary } } }
      responses: { '200': { description: OK } }
`;

let dir: string;
let mock: MockServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pers-mock-binary-'));
  await writeFile(join(dir, 'openapi.yaml'), DOCUMENT);
  mock = await createMockServer({ spec: join(dir, 'openapi.yaml'), db: ':memory:', records: 0, logLevel: 'silent' });
});
afterAll(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

const json = (payload: unknown) =>
  mock.app.inject({
    method: 'PUT',
    url: '/strings',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });
const multipart = (parts: string[]) =>
  mock.app.inject({
    method: 'POST',
    url: '/uploads',
    headers: { 'content-type': `multipart/form-data; boundary=${MULTIPART_BOUNDARY}` },
    payload: [...parts.map((part) => `--${MULTIPART_BOUNDARY}\r\n${part}\r\n`), `--${MULTIPART_BOUNDARY}--\r\n`].join(
      '',
    ),
  });

describe('a required format: binary property', () => {
  it('is required in a JSON body, where its value is a string', async () => {
    expect((await json({ file: 'dGVzdDE=' })).statusCode).toBe(200);
    const missing = await json({});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().detail).toContain("must have required property 'file'");
  });

  it('is required in a multipart body, where it is a file part', async () => {
    const file = 'Content-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nabc';
    expect((await multipart([file])).statusCode).toBe(200);
    const other = 'Content-Disposition: form-data; name="note"\r\n\r\nhello';
    expect((await multipart([other])).statusCode).toBe(400);
  });
});
