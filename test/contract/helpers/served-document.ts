import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { ContractResult } from '../../../src/contract/result.js';
import { runContract, type ContractOptions } from '../../../src/contract/runner.js';
import { createMockServer, type MockServer } from '../../../src/mock-server.js';
import { tempDir } from './temp-dirs.js';

export interface ServedDocument {
  /** The running mock (after the file's `beforeAll`). */
  readonly mock: MockServer;
  /** The document's file (after the file's `beforeAll`). */
  readonly specFile: string;
  /** The runner against the mock on the same document, seed 1, no credentials unless given. */
  check(options?: Partial<ContractOptions>): Promise<ContractResult>;
}

/**
 * An inline document served by the mock on a free 127.0.0.1 port while the enclosing suite's
 * tests run (started in its `beforeAll`, closed in its `afterAll`): the mock and the runner on one
 * document, as a user would run them.
 */
export function servedDocument(name: string, document: string): ServedDocument {
  let mock: MockServer | undefined;
  let spec = '';
  let baseUrl = '';
  beforeAll(async () => {
    spec = join(await tempDir(name), 'openapi.yaml');
    await writeFile(spec, document);
    mock = await createMockServer({ spec, db: ':memory:', records: 0, logLevel: 'silent' });
    baseUrl = await mock.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => mock?.close());
  return {
    get mock() {
      if (!mock) throw new Error('the document is served from the suite’s beforeAll on');
      return mock;
    },
    get specFile() {
      return spec;
    },
    check: (options = {}) =>
      runContract({ baseUrl, specFile: spec, credentials: { primary: {} }, seed: 1, ...options }),
  };
}
