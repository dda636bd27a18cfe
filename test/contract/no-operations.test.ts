import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderConsoleReport } from '../../src/contract/reporters/console-reporter.js';
import { renderJunit } from '../../src/contract/reporters/junit-reporter.js';
import { exitCodeOf } from '../../src/contract/result.js';
import { runContract } from '../../src/contract/runner.js';
import { createMockServer, type MockServer } from '../../src/mock-server.js';
import { tempDir } from './helpers/temp-dirs.js';

/** An OpenAPI 3.1 document of webhooks only (as oas-examples' webhooks.json): nothing under paths. */
const DOCUMENT = `
openapi: 3.1.0
info: { title: Webhooks only, version: '1' }
webhooks:
  newPet:
    post:
      requestBody: { content: { application/json: { schema: { type: object } } } }
      responses: { '200': { description: OK } }
`;

describe('the runner on a document with no operations', () => {
  let mock: MockServer;
  let baseUrl: string;
  let spec: string;
  beforeAll(async () => {
    spec = join(await tempDir('no-operations'), 'openapi.yaml');
    await writeFile(spec, DOCUMENT);
    mock = await createMockServer({ spec, db: ':memory:', records: 0, logLevel: 'silent' });
    baseUrl = await mock.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => mock.close());

  it('checks nothing, exits 2 as any run that checked nothing, and says the document is why', async () => {
    const result = await runContract({ baseUrl, specFile: spec, credentials: { primary: {} }, seed: 1 });
    expect(result).toMatchObject({ outcome: 'nothing-checked', operations: [], requests: 0, failures: [] });
    expect(exitCodeOf(result)).toBe(2);
    const reason = 'the document has no operations to check (nothing under paths; webhooks are requests the API sends';
    expect(renderConsoleReport(result)).toContain(`NOTHING CHECKED: ${reason}`);
    expect(renderConsoleReport(result)).not.toContain('see "Skipped" above');
    expect(renderJunit(result)).toContain(`<error message="${reason}`);
  });
});
