import { afterEach, describe, expect, it } from 'vitest';
import { banner, type ServeOptions } from '../../src/cli/serve.js';
import { createMockServer, type MockServer } from '../../src/mock-server.js';

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const options = (host: string, adminToken?: string): ServeOptions => ({
  host,
  port: 4010,
  db: ':memory:',
  seed: 2013,
  records: 1,
  adminToken,
});

describe('the start-up banner', () => {
  it.each([
    ['on loopback', '127.0.0.1', undefined, true],
    ['on a reachable address with an admin token', '0.0.0.0', 'secret', true],
    ['on a reachable address without an admin token', '0.0.0.0', undefined, false],
  ])('%s, points at /__mock/credentials only when it answers', async (_name, host, adminToken, advertised) => {
    mock = await createMockServer({ db: ':memory:', records: 1, logLevel: 'silent', host, adminToken });
    const text = await banner(mock, options(host, adminToken), `http://${host}:4010`);
    expect(text).toContain('x-project-key: pk_test_harbour_7f3a9c2e51d84b06');
    expect(text.includes('Dev credentials (also at GET /__mock/credentials):')).toBe(advertised);
    expect(text.includes('admin:       /__mock/reset, /__mock/chaos (PUT) and /__mock/credentials are disabled')).toBe(
      !advertised,
    );
  });
});
