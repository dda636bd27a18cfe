import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contractCommand, type ContractIo } from '../../src/cli/contract-command.js';
import { startFaultyMock, type Fault, type FaultyMock } from './helpers/faulty-mock.js';
import { plantedFaults } from './helpers/faults.js';
import { tempDir } from './helpers/temp-dirs.js';

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pers-mock contract <args>` in-process; `onStderr` sees each progress line (and may interrupt). */
async function cli(args: string[], onStderr?: (line: string, interrupt: () => void) => void): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  let interruptHandler: (() => void) | undefined;
  const io: ContractIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: {
      write: (s: string) => {
        stderr += s;
        onStderr?.(s, () => interruptHandler?.());
      },
      isTTY: false,
    },
    exit: (code) => {
      throw new Exit(code);
    },
    onInterrupt: (handler) => {
      interruptHandler = handler;
      return () => (interruptHandler = undefined);
    },
  };
  try {
    await contractCommand(io).parseAsync(args, { from: 'user' });
  } catch (error) {
    if (error instanceof Exit) return { code: error.code, stdout, stderr };
    throw error;
  }
  throw new Error('the command returned without choosing an exit code');
}

let mock: FaultyMock | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await mock?.close();
  mock = undefined;
});

async function target(fault?: Fault): Promise<string[]> {
  mock = await startFaultyMock(fault);
  const { primary, second } = mock.credentials;
  return [
    '--base-url',
    mock.baseUrl,
    '--project-key',
    primary.projectKey!,
    '--jwt',
    primary.jwt!,
    '--second-project-key',
    second!.projectKey!,
    '--second-jwt',
    second!.jwt!,
    '--seed',
    '5',
  ];
}

describe('pers-mock contract: exit codes', () => {
  it('exits 0 against the mock and writes JUnit and JSON reports', async () => {
    const dir = await tempDir('reports');
    const run = await cli([
      ...(await target()),
      '--junit',
      join(dir, 'junit/contract.xml'),
      '--json',
      join(dir, 'contract.json'),
      '--coverage',
      join(dir, 'coverage.html'),
    ]);
    expect(run.stderr).not.toContain('pers-mock contract:');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('PASSED: 0 distinct failure(s)');
    const json = JSON.parse(await readFile(join(dir, 'contract.json'), 'utf8'));
    expect(json).toMatchObject({ format: 'pers-mock-contract/1', seed: 5, totals: { failed: 0, failures: 0 } });
    const { seen, documented, parameters } = json.coverage;
    expect(run.stdout).toContain(
      `Coverage: ${seen} of ${documented} documented responses (operation × status) were seen; ` +
        `${parameters.exercised} of ${parameters.documented} documented parameters were sent.`,
    );
    expect(parameters.exercised).toBeGreaterThan(0);
    const list = json.coverage.operations.find(
      (op: { method: string; path: string }) => op.path === '/trigger-sources',
    );
    expect(list.parameters).toContainEqual({ name: 'limit', in: 'query', exercised: true });
    expect(await readFile(join(dir, 'coverage.html'), 'utf8')).toContain(
      `<span id="responses-figure">${seen}/${documented}</span>`,
    );
    expect(json.suites[0]).toMatchObject({ name: 'trigger-source lifecycle', status: 'passed' });
    const junit = await readFile(join(dir, 'junit/contract.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(json.cells.length);
    expect(junit).not.toContain('<failure');
  });

  it('exits 1 on a contract failure, names the check, and records it in JUnit', async () => {
    const dir = await tempDir('reports');
    const sorting = plantedFaults.find((f) => f.check === 'sorting')!;
    const run = await cli([...(await target(sorting.make())), '--junit', join(dir, 'junit.xml')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAILURE 1\/\d+ {2}sorting · TriggerSourcesController_getTriggerSources/);
    expect(run.stdout).toContain('reproduce: curl ');
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).toMatch(
      /<testcase classname="contract.sorting" name="TriggerSourcesController_getTriggerSources"[^>]*>\s*<failure/,
    );
  });

  it('writes the failing exchanges as HAR with --har --har-failures-only; refuses the second flag alone', async () => {
    const dir = await tempDir('reports');
    const sorting = plantedFaults.find((f) => f.check === 'sorting')!;
    const args = await target(sorting.make());
    const run = await cli([...args, '--har', join(dir, 'har/failing.har'), '--har-failures-only']);
    expect(run.code).toBe(1);
    const har = JSON.parse(await readFile(join(dir, 'har/failing.har'), 'utf8'));
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries.length).toBeGreaterThan(0);
    for (const entry of har.log.entries) expect(entry.request.url).toContain('sortOrder=DESC');
    const alone = await cli([...args, '--har-failures-only']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--har-failures-only needs --har FILE');
  });

  it.each(['0', '65', 'many', '2.5'])('exits 2 for --workers %s, naming the range', async (value) => {
    const run = await cli(['--base-url', 'http://127.0.0.1:9', '--workers', value]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--workers takes a whole number from 1 to 64, or auto, not "${value}"`);
  });

  it('says in the verdict line how many workers ran', async () => {
    const run = await cli([...(await target()), '--workers', '3', '--checks', 'sorting']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/requests to http:\/\/127\.0\.0\.1:\d+ in [\d.]+ s with 3 worker\(s\)/);
  });

  it('exits 3 when nothing listens at the target', async () => {
    const port = await closedPort();
    const run = await cli(['--base-url', `http://127.0.0.1:${port}`, '--project-key', 'pk_x_123456', '--jwt', 'a.b.c']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`cannot reach http://127.0.0.1:${port}: the connection failed (ECONNREFUSED)`);
  });

  it.each([
    ['an unknown flag', ['--bogus'], "unknown option '--bogus'"],
    ['a malformed --rate', ['--rate', 'fast'], '--rate takes a number above 0, not "fast"'],
    ['an unknown check', ['--checks', 'sorting,nope'], 'unknown check "nope"'],
    ['max_response_time without a limit', ['--checks', 'max_response_time'], 'max_response_time needs a limit'],
    [
      'a spec that does not exist',
      ['--spec', '/nonexistent/openapi.yaml'],
      '/nonexistent/openapi.yaml: is not a valid OpenAPI document',
    ],
    [
      'a suite that does not exist',
      ['--suite', '/nonexistent/contracts'],
      '--suite /nonexistent/contracts: no such file or directory',
    ],
    ['a base URL that is not http', ['--base-url', 'ftp://example.com'], '--base-url must be http or https'],
  ])('exits 2 on %s', async (_label, extra, message) => {
    const run = await cli([
      '--base-url',
      'http://127.0.0.1:9',
      '--project-key',
      'pk_x_123456',
      '--jwt',
      'a.b.c',
      ...extra,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('exits 2 without --base-url, or without a credential the operations need', async () => {
    expect((await cli(['--project-key', 'k'])).code).toBe(2);
    const run = await cli(['--base-url', 'http://127.0.0.1:9', '--project-key', 'pk_x_123456']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('a credential is missing: pass --jwt or set PERS_MOCK_JWT');
  });

  it('exits 2 when the server refuses the credentials', async () => {
    const [, baseUrl] = await target();
    const run = await cli(['--base-url', baseUrl, '--project-key', 'pk_unknown_123456', '--jwt', 'a.b.c']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the server refused the credentials: GET /trigger-sources answered 401');
  });
});

describe('pers-mock contract: credentials and interruption', () => {
  it('reads credentials from the environment, so they never appear on a command line', async () => {
    const [, baseUrl] = await target();
    const { primary, second } = mock!.credentials;
    vi.stubEnv('PERS_MOCK_PROJECT_KEY', primary.projectKey);
    vi.stubEnv('PERS_MOCK_JWT', primary.jwt);
    vi.stubEnv('PERS_MOCK_SECOND_PROJECT_KEY', second!.projectKey);
    vi.stubEnv('PERS_MOCK_SECOND_JWT', second!.jwt);
    const run = await cli(['--base-url', baseUrl, '--checks', 'tenant_isolation,ignored_auth']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/tenant_isolation\s+pass/);
  });

  it('takes the dev credentials from a pers-mock with --mock-credentials', async () => {
    const [, baseUrl] = await target();
    const run = await cli(['--base-url', `${baseUrl}/v2`, '--mock-credentials', '--checks', 'tenant_isolation']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/tenant_isolation\s+pass/);
  });

  it('on Ctrl-C stops, deletes what it created, and exits 130', async () => {
    const args = await target();
    const liveBefore = mock!.store.countLive();
    let lines = 0;
    const run = await cli(args, (_line, interrupt) => {
      if (++lines === 3) interrupt();
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('interrupted; deleting what the run created');
    expect(run.stdout).toContain('STOPPED: interrupted');
    expect(mock!.store.countLive()).toBe(liveBefore);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
