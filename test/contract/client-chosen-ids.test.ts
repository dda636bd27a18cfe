import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContract } from '../../src/contract/runner.js';
import { createMockServer, type MockServer } from '../../src/mock-server.js';
import { tempDir } from './helpers/temp-dirs.js';

/** A create whose body names the new resource's id, with an enum property, and no 409 documented. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: Client-chosen ids, version: '1' }
paths:
  /users:
    get:
      operationId: listUsers
      responses:
        '200':
          description: OK
          content: { application/json: { schema: { type: array, items: { $ref: '#/components/schemas/User' } } } }
    post:
      operationId: createUser
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: '#/components/schemas/User' } } }
      responses:
        '200': { description: OK, content: { application/json: { schema: { $ref: '#/components/schemas/User' } } } }
  /users/{id}:
    get:
      operationId: getUser
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200': { description: OK, content: { application/json: { schema: { $ref: '#/components/schemas/User' } } } }
        '404': { description: Not found }
components:
  schemas:
    User:
      type: object
      required: [id, status]
      properties:
        id: { type: string, minLength: 8 }
        status: { type: string, enum: [active, invited, suspended, archived] }
`;

describe('the runner on a create whose body chooses the id', () => {
  let mock: MockServer;
  let baseUrl: string;
  let spec: string;
  beforeAll(async () => {
    spec = join(await tempDir('client-ids'), 'openapi.yaml');
    await writeFile(spec, DOCUMENT);
    mock = await createMockServer({ spec, db: ':memory:', records: 0, logLevel: 'silent' });
    baseUrl = await mock.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => mock.close());

  it('gives every body it creates with an id of its own, so none is a conflict', async () => {
    const result = await runContract({ baseUrl, specFile: spec, credentials: { primary: {} }, seed: 1 });
    expect(result.failures).toEqual([]);
    expect(result.outcome).toBe('passed');
  });
});
