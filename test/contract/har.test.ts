import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import { ExchangeLog } from '../../src/contract/exchange-log.js';
import { renderHar } from '../../src/contract/reporters/har-reporter.js';
import { runContract } from '../../src/contract/runner.js';
import { startFaultyMock, type FaultyMock } from './helpers/faulty-mock.js';
import { plantedFaults } from './helpers/faults.js';
import { tempDir } from './helpers/temp-dirs.js';

const require = createRequire(import.meta.url);
const harSchemas = require('har-schema') as Record<string, object>;

/** The HAR 1.2 schema har-validator uses (draft-06), formats (date-time, uri) included. */
const validateHar = (() => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
  for (const [name, schema] of Object.entries(harSchemas)) if (name !== 'har') ajv.addSchema(schema);
  return ajv.compile(harSchemas.har);
})();

let mock: FaultyMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function runLogged(fault = plantedFaults.find((f) => f.check === 'response_headers_conformance')!.make()) {
  mock = await startFaultyMock(fault);
  const log = new ExchangeLog();
  const result = await runContract({
    baseUrl: mock.baseUrl,
    specFile: 'openapi.yaml',
    suitePath: await tempDir('har-suites'),
    credentials: mock.credentials,
    seed: 11,
    log,
  });
  return { result, log };
}

describe('--har', () => {
  it('writes every exchange, cleanup included, as HAR 1.2 that the schema accepts', async () => {
    const { result, log } = await runLogged();
    const har = JSON.parse(renderHar(log.entries(), { version: '0.1.0' }));
    expect(validateHar(har), JSON.stringify(validateHar.errors?.slice(0, 3))).toBe(true);
    const cleanupDeletes = result.cleanup.deleted + result.cleanup.leftovers.length;
    expect(har.log.entries).toHaveLength(result.requests + cleanupDeletes);
    expect(har.log.creator).toEqual({ name: 'pers-mock contract', version: '0.1.0' });
    const create = har.log.entries.find((e: { request: { method: string } }) => e.request.method === 'POST');
    expect(create.request.postData.mimeType).toBe('application/json');
    expect(create.response.status).toBe(201);
    expect(create.response.content.text).toContain('"id"');
    expect(har.log.entries.at(-1).comment).toMatch(/cleanup/);
  });

  it('redacts the credentials exactly as the curl reproductions do', async () => {
    const { result, log } = await runLogged();
    const text = renderHar(log.entries(), { version: '0.1.0' });
    const { primary, second } = mock!.credentials;
    for (const secret of [primary.projectKey!, primary.jwt!, second!.projectKey!, second!.jwt!])
      expect(text).not.toContain(secret);
    const failure = result.failures[0];
    const har = JSON.parse(text);
    const entry = har.log.entries.find((e: { request: { url: string } }) =>
      failure.curl.includes(`'${e.request.url}'`),
    );
    const headers = Object.fromEntries(
      entry.request.headers.map((h: { name: string; value: string }) => [h.name, h.value]),
    );
    expect(headers['x-project-key']).toBe('$PERS_MOCK_PROJECT_KEY');
    expect(failure.curl).toContain(`-H "x-project-key: $PERS_MOCK_PROJECT_KEY"`);
  });

  it('with --har-failures-only keeps only the exchanges some check failed', async () => {
    const { result, log } = await runLogged();
    const har = JSON.parse(renderHar(log.entries(), { version: '0.1.0', failuresOnly: true }));
    expect(validateHar(har)).toBe(true);
    const failedRequests = result.cells
      .filter((c) => c.check === 'response_headers_conformance')
      .reduce((sum, c) => sum + c.failures, 0);
    expect(har.log.entries).toHaveLength(failedRequests);
    for (const entry of har.log.entries) {
      expect(entry.request.method).toBe('GET');
      expect(new URL(entry.request.url).pathname).toMatch(/\/trigger-sources$/);
      expect(entry.response.headers.map((h: { name: string }) => h.name)).not.toContain('x-correlation-id');
    }
  });
});
