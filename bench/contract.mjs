// `npm run bench` (after bench/run.mjs and bench/postgres.mjs): the contract runner against the
// local mock, with 1 and 8 workers and the default, and against the mock with 200 ms added to
// every answer, with 1 and 8 workers. Writes bench/results-contract.md.
//
//   BENCH_CONTRACT_ROUNDS=2              runs per scenario (medians are reported)
//   BENCH_CONTRACT_OUTPUT=<file>         default bench/results-contract.md ("-": print only)
//
// Every process it starts is stopped by PID, also on failure.
import { execFileSync, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderContractReport } from './lib/contract-report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const rounds = Number(process.env.BENCH_CONTRACT_ROUNDS ?? 2);
const output = process.env.BENCH_CONTRACT_OUTPUT ?? join(ROOT, 'bench/results-contract.md');
const children = new Set();
// The mock reads PERS_MOCK_* variables: none of the caller's leak into the measurement.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PERS_MOCK_')));

function start(args) {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.output = '';
  child.stdout.on('data', (c) => (child.output += c));
  child.stderr.on('data', (c) => (child.output += c));
  child.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

async function serve(extra) {
  const child = start(['serve', '--port', '0', '--db', ':memory:', '--log-level', 'warn', ...extra]);
  for (let waited = 0; !/listening on (http:\/\/\S+)/.test(child.output); waited += 20) {
    if (child.exitCode !== null || waited > 30_000) throw new Error(`the mock did not start:\n${child.output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, url: /listening on (http:\/\/\S+)/.exec(child.output)[1] };
}

async function contract(url, workers) {
  const loadAverage = os.loadavg()[0];
  const started = performance.now();
  const child = start(['contract', '--base-url', url, '--mock-credentials', '--seed', '7', ...workers]);
  const code = await child.exited;
  const wallMs = performance.now() - started;
  const verdict = /^PASSED: .* (\d+) requests to \S+ in ([\d.]+) s with (\d+) worker/m.exec(child.output);
  if (code !== 0 || !verdict) throw new Error(`contract exited ${code}:\n${child.output.slice(-3000)}`);
  return {
    wallMs,
    runMs: Number(verdict[2]) * 1000,
    requests: Number(verdict[1]),
    workers: Number(verdict[3]),
    loadAverage,
  };
}

function commit() {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main() {
  const local = await serve([]);
  const slow = await serve(['--latency', '200']);
  const scenarios = [
    ['local-1', local, ['--workers', '1']],
    ['local-8', local, ['--workers', '8']],
    ['local-default', local, []],
    ['latency-1', slow, ['--workers', '1']],
    ['latency-8', slow, ['--workers', '8']],
  ];
  const runs = [];
  try {
    for (let round = 0; round < rounds; round++) {
      for (const [scenario, server, workers] of scenarios) {
        const run = { scenario, ...(await contract(server.url, workers)) };
        runs.push(run);
        console.log(`bench: contract ${scenario.padEnd(13)} ${(run.wallMs / 1000).toFixed(2)} s wall`);
      }
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
  }
  const meta = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    cores: os.cpus().length,
    os: `${os.type()} ${os.release()}`,
    node: process.versions.node,
    commit: commit(),
    rounds,
  };
  const { markdown, passed, failed } = renderContractReport({ meta, runs });
  console.log(`\n${markdown}`);
  if (output !== '-') await writeFile(output, `${markdown}\n`);
  console.log(`bench: contract: ${passed} target checks pass, ${failed} missed`);
}

try {
  await main();
} catch (error) {
  console.error(`bench: contract: failed: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
} finally {
  for (const child of children) child.kill('SIGKILL');
}
