import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli-process.js';
import { startFaultyMock, type Fault, type FaultyMock } from './helpers/faulty-mock.js';
import { tempDir } from './helpers/temp-dirs.js';

/** What `pers-mock contract` is run with throughout: the built CLI, as a CI job runs it. */
const PUBLISHED = 'fixtures/published/pers-api-2.0.13-trigger-sources.yaml';

let mock: FaultyMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

/** The built CLI's `contract` against a fresh in-process mock (with `fault`), with both tenants' credentials. */
async function contract(args: string[], fault?: Fault, env: NodeJS.ProcessEnv = {}) {
  mock ??= await startFaultyMock(fault);
  const { primary, second } = mock.credentials;
  const credentials = {
    PERS_MOCK_PROJECT_KEY: primary.projectKey,
    PERS_MOCK_JWT: primary.jwt,
    PERS_MOCK_SECOND_PROJECT_KEY: second!.projectKey,
    PERS_MOCK_SECOND_JWT: second!.jwt,
  };
  return runCli(['contract', '--base-url', mock.baseUrl, '--seed', '5', ...args], { ...credentials, ...env });
}

const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

describe('the published document', () => {
  it.each([
    ['a full run', []],
    ['a --read-only run', ['--read-only']],
  ])('%s checks the target against it instead of crashing', async (_label, extra) => {
    const run = await contract(['--spec', PUBLISHED, ...extra]);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    // The published document types description as an object; the mock answers strings.
    expect(run.stdout).toContain('/description must be object,null');
    expect(run.stdout).toMatch(/^FAILED: \d+ distinct failure\(s\)/m);
    expect(run.code).toBe(1);
  });

  it('takes --spec from PERS_MOCK_SPEC and an overlay from --overlay or PERS_MOCK_OVERLAY', async () => {
    const fromEnv = await contract(['--checks', 'response_schema_conformance'], undefined, {
      PERS_MOCK_SPEC: PUBLISHED,
    });
    expect(fromEnv.stdout).toContain('/description must be object,null');
    const overlaid = await contract(
      ['--checks', 'response_schema_conformance', '--overlay', 'overlays/pers-2.0.13-fixes.yaml'],
      undefined,
      { PERS_MOCK_SPEC: PUBLISHED },
    );
    expect(overlaid.stdout).not.toContain('must be object');
    const overlaidFromEnv = await contract(['--checks', 'response_schema_conformance'], undefined, {
      PERS_MOCK_SPEC: PUBLISHED,
      PERS_MOCK_OVERLAY: 'overlays/pers-2.0.13-fixes.yaml',
    });
    expect(overlaidFromEnv.stdout).not.toContain('must be object');
  });

  it('exits 2 naming the file and the JSON pointer of a schema the runner cannot use', async () => {
    const dir = await tempDir('bad-schema');
    const file = join(dir, 'unusable-pattern.yaml');
    const published = await readFile(PUBLISHED, 'utf8');
    const broken = published.replace(
      /( {8}name:\n {10}type: string\n)( {10}description: Human-readable name)/,
      "$1          pattern: '(['\n$2",
    );
    expect(broken).not.toBe(published);
    await writeFile(file, broken);
    const run = await contract(['--spec', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `pers-mock contract: ${file}#/paths/~1trigger-sources/post/requestBody/content/application~1json/schema: ` +
        'the runner cannot use this schema: Invalid regular expression',
    );
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(mock!.received).toEqual([]);
  });
});

/** The mock answering every request with `status`, `contentType` and `body`. */
const answerEverything = (status: number, contentType: string, body: string): Fault => ({
  request: () => ({ status, headers: { 'content-type': contentType }, body }),
});

describe('a misconfigured run never passes', () => {
  it.each([
    [
      'a wrong path prefix (every answer a 404)',
      {},
      '/v3',
      "GET /trigger-sources answered 404 — check the base URL's path prefix (sent to MOCK/v3/trigger-sources)",
    ],
    [
      'a web page instead of the API',
      answerEverything(200, 'text/html', '<!doctype html><title>Staging</title>'),
      '',
      'GET /trigger-sources answered 200 with a body that is not JSON (text/html) — check --base-url',
    ],
    [
      'another API answering JSON of another shape',
      answerEverything(200, 'application/json', '{"status":"ok"}'),
      '',
      'GET /trigger-sources answered 200 with a JSON object where the document describes an array',
    ],
  ])('stops with exit 2 before sending anything else on %s', async (_label, fault: Fault, prefix, message) => {
    mock = await startFaultyMock(fault);
    const run = await runCli(['contract', '--base-url', `${mock.baseUrl}${prefix}`], {
      PERS_MOCK_PROJECT_KEY: mock.credentials.primary.projectKey,
      PERS_MOCK_JWT: mock.credentials.primary.jwt,
    });
    expect(run.stderr).toContain(`pers-mock contract: ${message.replace('MOCK', mock.baseUrl)}`);
    expect(run.stdout).not.toContain('PASSED');
    expect(run.code).toBe(2);
    expect(mock.received.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('a run in which every check was skipped says so, is not a pass, and exits 2', async () => {
    const dir = await tempDir('nothing-checked');
    const emptyList: Fault = {
      response: (request, response) =>
        request.method === 'GET' && new URL(request.url, 'http://x').pathname === '/trigger-sources'
          ? { ...response, body: '[]' }
          : response,
    };
    const run = await contract(['--checks', 'pagination', '--junit', join(dir, 'junit.xml')], emptyList);
    expect(run.stdout).toMatch(/pagination\s+skip/);
    expect(run.stdout).toContain('the list is empty: nothing to page through');
    expect(run.stdout).toContain('NOTHING CHECKED: every selected check was skipped');
    expect(run.stdout).not.toContain('PASSED');
    expect(run.code).toBe(2);
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).toMatch(
      /<testcase classname="contract.run" name="outcome"[^>]*>\s*<error message="every selected check was skipped[^"]*" type="nothing-checked"\/>/,
    );
  });
});

describe('refused credentials', () => {
  it('name the flag and variable that held the refused JWT', async () => {
    const run = await contract([], undefined, {
      PERS_MOCK_JWT: 'not-a-jwt',
      PERS_MOCK_SECOND_PROJECT_KEY: undefined,
      PERS_MOCK_SECOND_JWT: undefined,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /pers-mock contract: the server refused the credentials: POST \/trigger-sources answered 401 \([A-Z_]+: [^)]+\); check --jwt \/ PERS_MOCK_JWT and --project-key \/ PERS_MOCK_PROJECT_KEY\n/,
    );
  });

  it("say which of the second tenant's flags to check", async () => {
    const run = await contract([], undefined, { PERS_MOCK_SECOND_PROJECT_KEY: 'pk_test_unknown_0000000000' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "the server refused the second tenant's credentials: GET /trigger-sources answered 401 (PROJECT_KEY_INVALID: ",
    );
    expect(run.stderr).toContain('; check --second-project-key / PERS_MOCK_SECOND_PROJECT_KEY\n');
  });

  it('are never cut off in the middle of a word', async () => {
    const body = Array.from({ length: 80 }, (_, i) => `credential${i}`).join(' ');
    const run = await contract([], answerEverything(401, 'text/plain', body));
    expect(run.code).toBe(2);
    const said = /answered 401 \((.*)\); check/.exec(run.stderr)![1];
    expect(said).toMatch(/^(credential\d+ )+…$/);
    expect(said.length).toBeLessThan(200);
  });
});

describe('an interrupted run never reads as a pass', () => {
  it('prints no PASSED line, marks JUnit and JSON as interrupted, cleans up and exits 130', async () => {
    const dir = await tempDir('interrupted');
    mock = await startFaultyMock();
    const liveBefore = mock.store.countLive();
    const { primary } = mock.credentials;
    const child = spawn(
      process.execPath,
      [
        CLI,
        'contract',
        '--base-url',
        mock.baseUrl,
        '--seed',
        '5',
        '--junit',
        join(dir, 'junit.xml'),
        '--json',
        join(dir, 'run.json'),
      ],
      { env: { ...process.env, PERS_MOCK_PROJECT_KEY: primary.projectKey, PERS_MOCK_JWT: primary.jwt } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      // Interrupt once the run has created what it works on.
      if (/listing/.test(stderr) && !child.killed) child.kill('SIGINT');
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(130);
    expect(stdout).toContain('STOPPED: interrupted');
    expect(stdout).toMatch(/^INTERRUPTED: 0 distinct failure\(s\) found before the run stopped/m);
    expect(stdout).not.toContain('PASSED');
    expect(mock.store.countLive()).toBe(liveBefore);
    const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuites [^>]*errors="1"/);
    expect(junit).toMatch(/<error message="interrupted; created resources were cleaned up" type="interrupted"\/>/);
    const json = JSON.parse(await readFile(join(dir, 'run.json'), 'utf8'));
    expect(json).toMatchObject({ outcome: 'interrupted', stopped: { kind: 'interrupted' } });
  });
});

describe('only what is asked for', () => {
  it.each([
    ['--checks pagination,sorting', ['--checks', 'pagination,sorting']],
    ['--read-only', ['--read-only']],
    ['--read-only --checks filtering', ['--read-only', '--checks', 'filtering']],
  ])('%s sends nothing but reads and creates nothing', async (_label, args) => {
    const run = await contract(args);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Cleanup: the run created 0 resource(s)');
    const methods = new Set(mock!.received.map((r) => r.method));
    expect([...methods]).toEqual(['GET']);
  });

  it('a check that judges creations still creates what it judges', async () => {
    const run = await contract(['--checks', 'ensure_resource_availability']);
    expect(run.code).toBe(0);
    expect(mock!.received.filter((r) => r.method === 'POST').length).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/Cleanup: the run created [1-9]\d* resource\(s\); (\d+) are gone/);
  });
});

/**
 * The mock as a server that follows the published document: any number is a page size or a
 * page (out-of-range ones are ignored), and a name of any length is taken.
 */
const followsThePublishedDocument: Fault = {
  request: (request) => {
    const url = new URL(request.url, 'http://x');
    for (const name of ['limit', 'page']) {
      const value = url.searchParams.get(name);
      if (value !== null && value.trim() !== '' && Number.isFinite(Number(value))) url.searchParams.delete(name);
    }
    const parsed = jsonOf(request.body) as { name?: unknown } | undefined;
    const name = parsed?.name;
    const body =
      typeof name === 'string' && (name.length === 0 || name.length > 255)
        ? JSON.stringify({ ...parsed, name: 'accepted as published' })
        : request.body;
    return { ...request, url: `${url.pathname}${url.search}`, body };
  },
};

function jsonOf(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

describe("constraints that are pers-mock's own", () => {
  it('are warnings by default against a server that follows the published document, saying so', async () => {
    const run = await contract(['--checks', 'negative_data_rejection'], followsThePublishedDocument);
    expect(run.stdout).toMatch(/^PASSED: 0 distinct failure\(s\) \(and \d+ warning\(s\)\)/m);
    expect(run.stdout).toContain('GET /trigger-sources?limit=0 → 200');
    expect(run.stdout).toContain(
      "note:      the constraint it breaks (minimum: 1) is pers-mock's own: the published document says " +
        '{"type":"number"} (x-published-as)',
    );
    expect(run.stdout).toContain('body /name: longer than maxLength 255');
    expect(run.code).toBe(0);
  });

  it('are failures with --strict-additions, still saying whose constraint it is', async () => {
    const run = await contract(
      ['--checks', 'negative_data_rejection', '--strict-additions'],
      followsThePublishedDocument,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAILURE 1\/\d+ {2}negative_data_rejection/);
    expect(run.stdout).toContain("is pers-mock's own: the published document says");
    expect(run.stdout).not.toContain('WARNING');
  });

  it('never hide what the published document forbids too', async () => {
    const ignoresLimit: Fault = {
      request: (request) => {
        const url = new URL(request.url, 'http://x');
        url.searchParams.delete('limit');
        return { ...request, url: `${url.pathname}${url.search}` };
      },
    };
    const run = await contract(['--checks', 'negative_data_rejection'], ignoresLimit);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('GET /trigger-sources?limit=abc → 200');
  });
});

describe('--max-failures', () => {
  it('stops sending after that many failures, cleans up, reports them and exits 1', async () => {
    const dropsCorrelationIds: Fault = {
      response: (_request, response) => {
        const { 'x-correlation-id': _dropped, ...headers } = response.headers;
        return { ...response, headers };
      },
    };
    mock = await startFaultyMock(dropsCorrelationIds);
    const liveBefore = mock.store.countLive();
    const full = await contract([]);
    const sentByFullRun = mock.received.length;
    mock.received.length = 0;
    const run = await contract(['--max-failures', '2']);
    expect(full.stdout).toMatch(/^FAILED: [3-9]\d* distinct failure\(s\)/m);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('STOPPED: stopped after 2 distinct failure(s) (--max-failures 2)');
    expect(run.stdout).toMatch(/^FAILED: 2 distinct failure\(s\) found before the run stopped/m);
    expect(run.stdout).toContain('FAILURE 2/2  response_headers_conformance');
    expect(mock.received.length).toBeLessThan(sentByFullRun / 2);
    expect(mock.store.countLive()).toBe(liveBefore);
  });
});
