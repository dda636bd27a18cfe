import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContract } from '../../src/contract/runner.js';
import { createMockServer, type MockServer } from '../../src/mock-server.js';
import { tempDir } from './helpers/temp-dirs.js';

/** A body no value satisfies: a string that is also an integer (oas-examples' schema-types quirks). */
const DOCUMENT = `
openapi: 3.0.3
info: { title: Unsatisfiable, version: '1' }
paths:
  /quirks:
    put:
      operationId: putQuirk
      requestBody:
        required: true
        content: { application/json: { schema: { allOf: [{ type: string }, { type: integer }] } } }
      responses: { '200': { description: OK } }
`;

describe('the runner on an operation whose body schema no value satisfies', () => {
  let mock: MockServer;
  let baseUrl: string;
  let spec: string;
  beforeAll(async () => {
    spec = join(await tempDir('unsatisfiable'), 'openapi.yaml');
    await writeFile(spec, DOCUMENT);
    mock = await createMockServer({ spec, db: ':memory:', records: 0, logLevel: 'silent' });
    baseUrl = await mock.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => mock.close());

  it('sends no "valid" request it could not make, and says why positive_data_acceptance is skipped', async () => {
    const result = await runContract({ baseUrl, specFile: spec, credentials: { primary: {} }, seed: 1 });
    expect(result.failures).toEqual([]);
    expect(result.cells.find((c) => c.check === 'positive_data_acceptance')).toMatchObject({
      operationId: 'putQuirk',
      status: 'skipped',
      reason: 'the runner could make no body the request schema accepts',
    });
  });
});
