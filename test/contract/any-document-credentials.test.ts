import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, type CliServer } from '../helpers/cli-process.js';

/** One operation per kind of scheme, and an open one, served by the mock and checked by the runner. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: Credentials, version: '1' }
components:
  securitySchemes:
    headerKey: { type: apiKey, in: header, name: X-Key }
    queryKey: { type: apiKey, in: query, name: key }
    cookieKey: { type: apiKey, in: cookie, name: session }
    basic: { type: http, scheme: basic }
    bearer: { type: http, scheme: bearer }
paths:
${['headerKey', 'queryKey', 'cookieKey', 'basic', 'bearer', 'open']
  .map(
    (name) =>
      `  /${name}:\n    get:\n      operationId: ${name}\n` +
      (name === 'open' ? '' : `      security: [{ ${name}: [] }]\n`) +
      `      responses: { '200': { description: OK, content: { application/json: { schema: { type: object }, ` +
      `example: { ok: true } } } } }`,
  )
  .join('\n')}
`;

let dir: string;
let spec: string;
let server: CliServer;
let schemes: Record<string, { value: string }>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pers-mock-credentials-'));
  spec = join(dir, 'openapi.yaml');
  await writeFile(spec, DOCUMENT);
  server = await startCli(['--db', ':memory:', '--spec', spec]);
  schemes = ((await (await fetch(`${server.url}/__mock/credentials`)).json()) as { schemes: typeof schemes }).schemes;
});
afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

const contract = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(['contract', '--spec', spec, '--base-url', server.url, '--seed', '1', ...args], env);

describe('the runner on a document with every kind of credential', () => {
  it('passes against the mock with --mock-credentials', async () => {
    const run = await contract(['--mock-credentials']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('PASSED');
  });

  it('places each flag where its scheme says, and never prints a secret', async () => {
    const run = await contract(
      [
        '--api-key',
        `X-Key=${schemes.headerKey.value}`,
        '--api-key',
        `key=${schemes.queryKey.value}`,
        '--auth',
        schemes.basic.value,
        '--bearer',
        schemes.bearer.value,
        '--api-key',
        `session=${schemes.cookieKey.value}`,
        '--header',
        'X-Trace: contract',
        '--json',
        join(dir, 'flags.json'),
      ],
      {},
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const result = JSON.parse(await readFile(join(dir, 'flags.json'), 'utf8')) as { totals: { skipped: number } };
    expect(result.totals.skipped).toBe(0);
    for (const { value } of Object.values(schemes)) expect(run.stdout + run.stderr).not.toContain(value);
  });

  it('takes API keys and headers from the environment, one per line', async () => {
    const run = await contract(['--mock-credentials'], {
      PERS_MOCK_API_KEYS: `X-Key=${schemes.headerKey.value}\nkey=${schemes.queryKey.value}`,
      PERS_MOCK_HEADERS: 'X-Trace: contract',
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
  });

  it('skips the operations it has no credential for, saying which flag would do, and still runs the rest', async () => {
    const report = join(dir, 'partial.json');
    const run = await contract(['--api-key', `X-Key=${schemes.headerKey.value}`, '--json', report]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const result = JSON.parse(await readFile(report, 'utf8')) as {
      cells: Array<{ operationId: string; status: string; reason?: string }>;
    };
    const reasons = (operationId: string) =>
      new Set(result.cells.filter((c) => c.operationId === operationId).map((c) => c.reason));
    expect([...reasons('basic')]).toEqual([
      'needs basic (HTTP basic: --auth USER:PASS), and no such credential was given',
    ]);
    expect([...reasons('queryKey')][0]).toContain('--api-key key=…');
    expect(result.cells.some((c) => c.operationId === 'headerKey' && c.status === 'passed')).toBe(true);
    expect(result.cells.some((c) => c.operationId === 'open' && c.status === 'passed')).toBe(true);
  });

  it('refuses a malformed --api-key or --auth as a usage error', async () => {
    expect((await contract(['--api-key', 'no-equals-sign'])).code).toBe(2);
    expect((await contract(['--auth', 'no-colon'])).code).toBe(2);
  });
});
