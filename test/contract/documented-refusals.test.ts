import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContract } from '../../src/contract/runner.js';
import { createMockServer, type MockServer } from '../../src/mock-server.js';
import { tempDir } from './helpers/temp-dirs.js';

/** As Directus documents its password-reset requests: a 401 is the only answer written down. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: Only refusals, version: '1' }
paths:
  /password/request:
    post:
      operationId: requestReset
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, required: [email], properties: { email: { type: string, format: email } } }
      responses:
        '401':
          description: Unauthorized
          content:
            application/json:
              schema: { type: object, properties: { errors: { type: array, items: { type: object } } } }
`;

describe('the runner on an operation that documents only a 401', () => {
  let mock: MockServer;
  let baseUrl: string;
  let spec: string;
  beforeAll(async () => {
    spec = join(await tempDir('only-refusals'), 'openapi.yaml');
    await writeFile(spec, DOCUMENT);
    mock = await createMockServer({ spec, db: ':memory:', records: 0, logLevel: 'silent' });
    baseUrl = await mock.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => mock.close());

  it('takes its 401 for the documented answer, not for refused credentials, and judges it', async () => {
    const result = await runContract({ baseUrl, specFile: spec, credentials: { primary: {} }, seed: 1 });
    expect(result.failures).toEqual([]);
    expect(result.outcome).toBe('passed');
    const cell = result.cells.find((c) => c.check === 'status_code_conformance' && c.operationId === 'requestReset');
    expect(cell).toMatchObject({ status: 'passed' });
  });
});
