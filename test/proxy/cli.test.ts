import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI, runCli, startCli, type CliServer } from '../helpers/cli-process.js';

let dir: string;
let mock: CliServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pers-mock-proxy-cli-'));
  mock = await startCli(['--db', ':memory:']);
});
afterAll(async () => {
  await mock.stop();
  await rm(dir, { recursive: true, force: true });
});

/** `pers-mock proxy` on a free port; resolves once it listens. */
async function startProxyCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [CLI, 'proxy', '--port', '0', '--log-level', 'warn', ...args], {
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const started = Date.now();
  while (!/listening on (http:\/\/\S+)/.test(output)) {
    if (child.exitCode !== null) throw new Error(`proxy exited with ${child.exitCode}:\n${output}`);
    if (Date.now() - started > 15_000) throw new Error(`proxy did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    url: /listening on (http:\/\/\S+)/.exec(output)![1],
    output: () => output,
    stop: async (signal: NodeJS.Signals) => {
      const exited = once(child, 'exit');
      child.kill(signal);
      return (await exited)[0] as number;
    },
  };
}

it('forwards to --upstream, and on SIGINT prints the summary by operation and writes --report', async () => {
  const report = join(dir, 'reports', 'violations.json');
  const proxy = await startProxyCli(['--upstream', mock.url, '--report', report]);
  expect(proxy.output()).toContain(`pers-mock proxy listening on ${proxy.url} → ${mock.url}`);
  const key = { 'x-project-key': 'pk_test_harbour_7f3a9c2e51d84b06' };
  expect((await fetch(`${proxy.url}/trigger-sources`, { headers: key })).headers.get('x-pers-mock-violations')).toBe(
    '0',
  );
  expect((await fetch(`${proxy.url}/trigger-sources?page=0`, { headers: key })).status).toBe(400);
  expect(await proxy.stop('SIGINT')).toBe(0);
  expect(proxy.output()).toContain(`pers-mock proxy: 2 exchange(s) with ${mock.url}, 1 with violations (1 in all)`);
  expect(proxy.output()).toContain(
    '  GET /trigger-sources (TriggerSourcesController_getTriggerSources): 2 exchange(s), 1 violating',
  );
  expect(proxy.output()).toContain('    1× request query/page: must be >= 1');
  expect(proxy.output()).toMatch(
    /"operation":"GET \/trigger-sources \(TriggerSourcesController_getTriggerSources\)".*contract violation: must be >= 1/,
  );
  const written = JSON.parse(await readFile(report, 'utf8'));
  expect(written).toMatchObject({
    upstream: mock.url,
    exchanges: 2,
    violating: 1,
    operations: [
      {
        operation: 'GET /trigger-sources (TriggerSourcesController_getTriggerSources)',
        exchanges: 2,
        violating: 1,
        violations: [{ side: 'request', location: 'query', path: '/page', message: 'must be >= 1', count: 1 }],
      },
    ],
  });
});

it('starts with a sentence, and logs a refused CORS origin once, with the flag that allows it', async () => {
  const proxy = await startProxyCli([
    '--upstream',
    mock.url,
    '--cors-origin',
    'http://app.example',
    '--log-level',
    'info',
  ]);
  expect(proxy.output().split('\n')[0]).toBe(`pers-mock proxy listening on ${proxy.url} → ${mock.url}`);
  const preflight = (origin: string) =>
    fetch(`${proxy.url}/trigger-sources`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET' },
    });
  expect((await preflight('http://app.example')).headers.get('access-control-max-age')).toBe('600');
  await preflight('http://other.example');
  await preflight('http://other.example');
  expect(await proxy.stop('SIGTERM')).toBe(0);
  expect(proxy.output().match(/refused browser requests from origin \S+/g)).toEqual([
    'refused browser requests from origin http://other.example',
  ]);
  expect(proxy.output()).toContain('to allow it, start with --cors-origin http://other.example');
});

it('takes its settings from the environment (PERS_MOCK_UPSTREAM, PERS_MOCK_STRICT) and exits 0 on SIGTERM', async () => {
  const proxy = await startProxyCli([], { PERS_MOCK_UPSTREAM: mock.url, PERS_MOCK_STRICT: 'true' });
  expect(proxy.output()).toContain('mode:        strict');
  expect(await proxy.stop('SIGTERM')).toBe(0);
});

it.each([
  [['--upstream', 'ftp://example'], /--upstream takes an http:\/\/ or https:\/\/ URL/],
  [[], /required option '--upstream <url>' not specified/],
  [['--upstream', 'http://127.0.0.1:1', '--spec', 'nowhere.yaml'], /nowhere\.yaml: is not a valid OpenAPI document/],
  [['--upstream', 'http://127.0.0.1:1', '--timeout', 'soon'], /--timeout takes a whole number/],
  [['--upstream', 'http://127.0.0.1:1', '--bogus'], /unknown option '--bogus'/],
])('refuses %j with a clear message and exit code 2', async (args, message) => {
  const result = await runCli(['proxy', ...args]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
});

it.each([
  ['no violation', 0, ''],
  ['a violation', 1, '?page=0'],
])('with --fail-on-violations, exits on SIGINT after %s with %i', async (_name, code, query) => {
  const proxy = await startProxyCli(['--upstream', mock.url, '--fail-on-violations']);
  expect(proxy.output()).toContain('exit:        1 on SIGINT/SIGTERM if any exchange broke the contract');
  await fetch(`${proxy.url}/trigger-sources${query}`, {
    headers: { 'x-project-key': 'pk_test_harbour_7f3a9c2e51d84b06' },
  });
  expect(await proxy.stop('SIGINT')).toBe(code);
});

it('takes --fail-on-violations from PERS_MOCK_FAIL_ON_VIOLATIONS, on SIGTERM too', async () => {
  const proxy = await startProxyCli(['--upstream', mock.url], { PERS_MOCK_FAIL_ON_VIOLATIONS: 'true' });
  await fetch(`${proxy.url}/no-such-route`);
  expect(await proxy.stop('SIGTERM')).toBe(1);
});

it('forwards a path that already carries the upstream path prefix once, and one without it under the prefix', async () => {
  const proxy = await startProxyCli(['--upstream', `${mock.url}/v2`]);
  const key = { 'x-project-key': 'pk_test_harbour_7f3a9c2e51d84b06' };
  for (const path of ['/v2/trigger-sources?limit=1', '/trigger-sources?limit=1']) {
    const response = await fetch(`${proxy.url}${path}`, { headers: key });
    expect(response.status, path).toBe(200);
    expect(response.headers.get('x-pers-mock-violations'), path).toBe('0');
  }
  expect(await proxy.stop('SIGTERM')).toBe(0);
});
