import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-process.js';

/**
 * The runner against a server it has no part in: Stoplight Prism, mocking the PERS document
 * without state. What the runner finds there is what a stateless mock gets wrong, and nothing
 * the document allows.
 */
const PRISM = join(createRequire(import.meta.url).resolve('@stoplight/prism-cli/package.json'), '../dist/index.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Prism {
  url: string;
  stop: () => Promise<void>;
}

async function startPrism(document: string): Promise<Prism> {
  const port = await freePort();
  const child = spawn(process.execPath, [PRISM, 'mock', '-h', '127.0.0.1', '-p', String(port), document]);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  for (const started = Date.now(); !output.includes('Prism is listening');) {
    if (child.exitCode !== null) throw new Error(`Prism exited with ${child.exitCode}:\n${output}`);
    if (Date.now() - started > 60_000) throw new Error(`Prism did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `http://127.0.0.1:${port}`, stop: () => stopProcess(child) };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

let prism: Prism | undefined;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pers-mock-prism-'));
  prism = await startPrism('openapi.yaml');
}, 90_000);
afterAll(async () => {
  await prism?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the contract runner against Prism serving the PERS document', () => {
  it('finds exactly what a stateless mock cannot do, and runs to a verdict without crashing', async () => {
    const report = join(dir, 'prism.json');
    const run = await runCli([
      'contract',
      '--base-url',
      prism!.url,
      '--project-key',
      'pk_test_any',
      '--jwt',
      'a.b.c',
      '--seed',
      '1',
      '--json',
      report,
    ]);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    const result = JSON.parse(await readFile(report, 'utf8')) as {
      failures: Array<{ check: string; operationId: string; request: string; problem: string }>;
    };
    const failed = new Set(result.failures.map((f) => f.check));

    // Prism keeps nothing: what was created is not there to read, update, list or filter, and
    // what was deleted is still answered.
    for (const check of [
      'ensure_resource_availability',
      'update_persisted',
      'use_after_free',
      'pagination',
      'filtering',
      'suite_expectations',
    ]) {
      expect(failed, check).toContain(check);
    }
    // Prism only asks that a credential be present, so a wrong one is accepted.
    expect(failed).toContain('ignored_auth');
    // A body that is not JSON gets Prism's own problem document, not the documented 400, and
    // without the documented x-correlation-id header.
    const conformance = result.failures.filter((f) => f.check.endsWith('_conformance'));
    expect(conformance.length).toBeGreaterThan(0);
    for (const failure of conformance) expect(failure.request).toMatch(/→ 400$/);
    // Nothing else: every other check of the run passed against Prism.
    expect([...failed].sort()).toEqual(
      [
        'ensure_resource_availability',
        'filtering',
        'ignored_auth',
        'pagination',
        'response_headers_conformance',
        'response_schema_conformance',
        'suite_expectations',
        'update_persisted',
        'use_after_free',
      ].sort(),
    );
  }, 90_000);
});

describe.each([
  ['Swagger Petstore', '@readme/oas-examples/3.0/json/petstore.json'],
  ['Decentraland catalyst', '@dcl/catalyst-api-specs/lib/api.yaml'],
])('the contract runner against Prism serving %s', (name, packagePath) => {
  const document = createRequire(import.meta.url).resolve(packagePath);
  let server: Prism | undefined;
  beforeAll(async () => {
    server = await startPrism(document);
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('reaches a verdict on every operation (exit 0 or 1), never a crash or an unfinished run', async () => {
    const report = join(dir, `${name}.json`);
    const run = await runCli([
      'contract',
      '--spec',
      document,
      '--base-url',
      server!.url,
      '--bearer',
      'any-token',
      '--api-key',
      'api_key=any-key',
      '--seed',
      '1',
      '--json',
      report,
    ]);
    expect([0, 1], run.stdout + run.stderr).toContain(run.code);
    const result = JSON.parse(await readFile(report, 'utf8')) as { requests: number; outcome: string };
    expect(result.requests).toBeGreaterThan(50);
  }, 120_000);
});
