import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExchangeLog } from '../../src/contract/exchange-log.js';
import { runContract } from '../../src/contract/runner.js';
import { createMockServer, type MockServer } from '../../src/mock-server.js';
import { tempDir } from './helpers/temp-dirs.js';

/** Blockfrost's transaction submission: a required body that is neither JSON nor a form. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: Other bodies, version: '1' }
paths:
  /tx/submit:
    post:
      operationId: submitTx
      requestBody:
        required: true
        content:
          application/cbor:
            schema: { type: string }
      responses:
        '200': { description: OK, content: { application/json: { schema: { type: string } } } }
        '400': { description: Bad request }
`;

describe('the runner on an operation whose required body is neither JSON nor a form', () => {
  let mock: MockServer;
  let baseUrl: string;
  let spec: string;
  beforeAll(async () => {
    spec = join(await tempDir('other-type-bodies'), 'openapi.yaml');
    await writeFile(spec, DOCUMENT);
    mock = await createMockServer({ spec, db: ':memory:', records: 0, logLevel: 'silent' });
    baseUrl = await mock.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => mock.close());

  it('sends a valid request with a body of the documented type, and the mock accepts it', async () => {
    const log = new ExchangeLog();
    const result = await runContract({ baseUrl, specFile: spec, credentials: { primary: {} }, seed: 1, log });
    expect(result.failures).toEqual([]);
    const positive = log.entries().find((e) => e.comment === 'submitTx: generated valid request')!;
    expect(positive.request.headers['content-type']).toBe('application/cbor');
    expect(positive.request.body).toMatch(/^contract/);
    expect(positive.response?.status).toBe(200);
  });
});
