import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock-server.js';

/**
 * The mock serving an inline OpenAPI document (YAML) from a temp file, for the tests of one
 * file: started before them (in-memory store, silent), closed and the file removed after them.
 */
export function mockOnDocument(name: string, document: string): Pick<MockServer, 'app'> {
  let dir: string;
  let mock: MockServer | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `${name}-`));
    await writeFile(join(dir, 'openapi.yaml'), document);
    mock = await createMockServer({ spec: join(dir, 'openapi.yaml'), db: ':memory:', logLevel: 'silent' });
  });
  afterAll(async () => {
    await mock?.app.close();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    get app() {
      if (!mock) throw new Error('the mock starts in beforeAll');
      return mock.app;
    },
  };
}
