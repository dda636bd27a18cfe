import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, startCli, type CliServer } from '../helpers/cli-process.js';

/**
 * The built CLI against `pers-mock serve --latency`: a server that takes its time, as a busy
 * deployment does, with the runner's requests in flight when it is interrupted.
 */
let server: CliServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function storeSize(url: string): Promise<number> {
  const health = (await (await fetch(`${url}/__mock/health`)).json()) as { store: { triggerSources: number } };
  return health.store.triggerSources;
}

/** `pers-mock contract --mock-credentials` against `url`; `onStderr` may send the process a signal. */
async function contract(url: string, args: string[], onStderr?: (stderr: string, kill: () => void) => void) {
  const child = spawn(process.execPath, [CLI, 'contract', '--base-url', url, '--mock-credentials', ...args]);
  let stdout = '';
  let stderr = '';
  let interrupted = false;
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    onStderr?.(stderr, () => {
      if (interrupted) return;
      interrupted = true;
      child.kill('SIGINT');
    });
  });
  const started = performance.now();
  const [code] = await once(child, 'exit');
  return { code: code as number | null, stdout, stderr, seconds: (performance.now() - started) / 1000 };
}

describe('a slow server', () => {
  it('fails max_response_time, cleans up completely and exits 1 well within 90 s', { timeout: 120_000 }, async () => {
    server = await startCli(['--db', ':memory:', '--latency', '2000-3000']);
    const before = await storeSize(server.url);
    const run = await contract(server.url, ['--max-response-time', '1500']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.seconds).toBeLessThan(90);
    expect(run.stdout).toMatch(/FAILURE 1\/\d+ {2}max_response_time · /);
    expect(run.stdout).toContain('expected:  at most 1500 ms');
    expect(run.stdout).toMatch(/^FAILED: \d+ distinct failure\(s\)/m);
    expect(run.stdout).toMatch(/Cleanup: the run created (\d+) resource\(s\); \1 are gone/);
    expect(run.stdout).not.toContain('NOT DELETED');
    expect(await storeSize(server.url)).toBe(before);
  });

  it.each([
    ['creating its resources', /creating resources/],
    ['sending invalid inputs', /sending invalid inputs/],
  ])(
    'on Ctrl-C while %s, with requests in flight, waits for them and deletes everything',
    { timeout: 60_000 },
    async (_when, phase) => {
      server = await startCli(['--db', ':memory:', '--latency', '300-500']);
      const before = await storeSize(server.url);
      const run = await contract(server.url, ['--workers', '8'], (stderr, interrupt) => {
        if (phase.test(stderr)) interrupt();
      });
      expect(run.code, run.stderr).toBe(130);
      expect(run.stdout).toMatch(/^INTERRUPTED: /m);
      expect(run.stdout).toMatch(/Cleanup: the run created ([1-9]\d*) resource\(s\); \1 are gone/);
      expect(await storeSize(server.url)).toBe(before);
    },
  );
});
