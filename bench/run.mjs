#!/usr/bin/env node
// `npm run bench`: measures the built mock (dist/) against a bare Fastify baseline in the same run
// and writes bench/results.md. See bench/README.md for what is measured and the knobs below.
//
//   BENCH_DURATION=5 BENCH_WARMUP=2 BENCH_ROUNDS=2 BENCH_CONNECTIONS=10
//   BENCH_SCALES=100,100000 BENCH_SCENARIOS=list,get,create,update,mixed,floor BENCH_STARTUP_RUNS=3
//   BENCH_SCENARIOS=none     start-up and idle memory only, no load
//   BENCH_SERVER_ARGS="..."  extra `serve` arguments for the mock (e.g. a durability flag)
//   BENCH_NODE_ARGS="..."    extra node arguments for the mock
//   BENCH_CPU_PROF=<dir>     write a V8 CPU profile of every measured mock process to <dir>
//   BENCH_OUTPUT=<file>      where to write the Markdown (default bench/results.md; "-" = don't write)
//   BENCH_JSON=<file>        also write the raw measurements as JSON
//   BENCH_NO_PIN=1           don't pin processes to cores even where taskset exists
//   BENCH_MAX_FOREIGN=0.15   CPU (in cores) other processes may use before a measurement is retried
//   BENCH_RETRIES=2          how often a disturbed measurement is repeated; BENCH_QUIET_WAIT=30 s
//                            how long to wait for other processes to settle before measuring
//   BENCH_CODE_LABEL=...     what to call the measured code in the report (default: git HEAD)
//   BENCH_KEEP=1             keep the temp dir (store files, load jobs)
//
// `node bench/run.mjs --render <file>` writes the report again from a BENCH_JSON file.
//
// Every process it starts runs in its own process group and is stopped by PID, also on failure
// or Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, renderReport, SCENARIOS, fmtMs, fmtRps, fmtMb } from './lib/report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const LOAD = join(ROOT, 'bench/load.mjs');
const BASELINE = join(ROOT, 'bench/baseline.mjs');
const DURABLE_BASELINE = join(ROOT, 'bench/durable-baseline.mjs');
const HOST = '127.0.0.1';
const LIST_PATH = '/trigger-sources?limit=20&type=QR_CODE&sortBy=name&sortOrder=ASC';
const DEFAULT_RECORDS_PER_TENANT = 25; // the CLI's default (src/seed/seed-trigger-sources.ts)
const POLL_MS = 5;
const START_TIMEOUT_MS = 180_000;

// ---------------------------------------------------------------------------------------------
// Configuration

function envNumber(name, fallback, { min = 0, integer = false } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new Error(`${name}=${raw}: expected ${integer ? 'a whole number' : 'a number'} ≥ ${min}`);
  }
  return value;
}

function envList(name, fallback) {
  const raw = process.env[name];
  return raw
    ? raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : fallback;
}

const config = {
  durationSeconds: envNumber('BENCH_DURATION', 5, { min: 1 }),
  warmupSeconds: envNumber('BENCH_WARMUP', 2, { min: 0 }),
  rounds: envNumber('BENCH_ROUNDS', 2, { min: 1, integer: true }),
  connections: envNumber('BENCH_CONNECTIONS', 10, { min: 1, integer: true }),
  startupRuns: envNumber('BENCH_STARTUP_RUNS', 3, { min: 1, integer: true }),
  scales: envList('BENCH_SCALES', ['100', '100000']).map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 2) throw new Error(`BENCH_SCALES: "${s}" is not a whole number ≥ 2`);
    return n;
  }),
  scenarios: envList('BENCH_SCENARIOS', Object.keys(SCENARIOS)),
  serverArgs: (process.env.BENCH_SERVER_ARGS ?? '').trim(),
  nodeArgs: (process.env.BENCH_NODE_ARGS ?? '').trim(),
  cpuProfDir: process.env.BENCH_CPU_PROF || null,
  output: process.env.BENCH_OUTPUT ?? join(ROOT, 'bench/results.md'),
  json: process.env.BENCH_JSON || null,
  maxForeignCores: envNumber('BENCH_MAX_FOREIGN', 0.15, { min: 0 }),
  retries: envNumber('BENCH_RETRIES', 2, { min: 0, integer: true }),
  quietWaitSeconds: envNumber('BENCH_QUIET_WAIT', 30, { min: 0 }),
  pollMs: POLL_MS,
};
// BENCH_SCENARIOS=none: start-up and idle memory only.
if (config.scenarios.join() === 'none') config.scenarios = [];
for (const name of config.scenarios) {
  if (!(name in SCENARIOS))
    throw new Error(`BENCH_SCENARIOS: unknown scenario "${name}" (known: ${Object.keys(SCENARIOS).join(', ')})`);
}
config.scenarios = Object.keys(SCENARIOS).filter((name) => config.scenarios.includes(name));

// ---------------------------------------------------------------------------------------------
// Processes

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const children = new Set();

/** Which CPUs this process may use, from taskset; null when taskset is missing. */
function allowedCpus() {
  if (process.env.BENCH_NO_PIN) return null;
  const probe = spawnSync('taskset', ['-cp', String(process.pid)], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return null;
  const list = probe.stdout.split(':').pop().trim();
  const cpus = [];
  for (const part of list.split(',')) {
    const [from, to = from] = part.split('-').map(Number);
    for (let cpu = from; cpu <= to; cpu++) cpus.push(cpu);
  }
  return cpus;
}

const cpus = allowedCpus();
const pinning =
  cpus && cpus.length >= 2
    ? { server: cpus[0], load: cpus[1], text: `servers on CPU ${cpus[0]}, load generator on CPU ${cpus[1]} (taskset)` }
    : {
        server: null,
        load: null,
        text: process.env.BENCH_NO_PIN
          ? 'none (BENCH_NO_PIN set)'
          : cpus
            ? `none: only ${cpus.length} CPU available`
            : 'none: taskset not found',
      };

// The orchestrator itself (which samples memory and CPU while measuring) stays off the server's core.
if (pinning.load !== null)
  spawnSync('taskset', ['-cp', String(pinning.load), String(process.pid)], { stdio: 'ignore' });
const watchedCpus = pinning.load !== null ? [pinning.server, pinning.load] : null;

/** Starts a process in its own process group, optionally pinned; keeps the tail of its output. */
function start(label, command, args, { cpu = null, env } = {}) {
  const argv = cpu === null ? [command, ...args] : ['taskset', '-c', String(cpu), command, ...args];
  const child = spawn(argv[0], argv.slice(1), {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== undefined)),
  });
  child.label = label;
  child.output = '';
  const keep = (chunk) => {
    child.output = (child.output + chunk.toString()).slice(-8000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      children.delete(child);
      child.output += `\n${error.message}`;
      resolve({ code: null, signal: null, error });
    });
  });
  children.add(child);
  return child;
}

function alive(child) {
  return children.has(child);
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
async function stop(child, graceMs = config.cpuProfDir ? 60_000 : 10_000) {
  if (!alive(child)) return child.exited;
  signalGroup(child, 'SIGTERM');
  let timer;
  const outcome = await Promise.race([
    child.exited,
    new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    }),
  ]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    signalGroup(child, 'SIGKILL');
    return child.exited;
  }
  return outcome;
}

function killAll() {
  for (const child of children) signalGroup(child, 'SIGKILL');
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    console.error(`\nbench: ${signal}: stopping the servers and load generator`);
    killAll();
    process.exit(130);
  });
}

/** Resident memory of a process in MB, from /proc; null where there is no /proc. */
function rssMb(pid) {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

const CLOCK_TICKS = (() => {
  const probe = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const value = Number(probe.stdout?.trim());
  return probe.status === 0 && value > 0 ? value : 100;
})();

/** CPU seconds spent in user + system (+ steal) on the given CPUs (all when null), from /proc/stat. */
function cpuBusySeconds(cpuIds) {
  try {
    let ticks = 0;
    for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
      const match = /^cpu(\d+) (.*)$/.exec(line);
      if (!match || (cpuIds && !cpuIds.includes(Number(match[1])))) continue;
      // user nice system idle iowait irq softirq steal: irq/softirq left out (loopback networking
      // is accounted there, not to the processes), steal counted (the hypervisor took the CPU).
      const [user, nice, system, , , , , steal = 0] = match[2].trim().split(/\s+/).map(Number);
      ticks += user + nice + system + steal;
    }
    return ticks / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
function processCpuSeconds(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

function selfCpuSeconds() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP (setup only; the load itself is bench/load.mjs)

function request(method, url, { headers = {}, body, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      url,
      {
        method,
        agent: false,
        headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, json, text });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

async function getJson(url, headers) {
  const res = await request('GET', url, { headers });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${res.text.slice(0, 300)}`);
  return res.json;
}

/**
 * Polls `url` until it answers 200; returns ms since `startedAt` (performance.now()).
 * Fails if the process exits or the timeout passes.
 */
async function waitUntilServing(child, url, headers, startedAt) {
  for (;;) {
    if (!alive(child)) {
      throw new Error(`${child.label} exited before serving:\n${child.output}`);
    }
    try {
      const res = await request('GET', url, { headers, timeoutMs: 60_000 });
      if (res.status === 200) return performance.now() - startedAt;
      if (res.status >= 400 && res.status !== 503) {
        throw new Error(`${child.label}: GET ${url} → ${res.status} ${res.text.slice(0, 300)}`);
      }
    } catch (error) {
      if (!/ECONNREFUSED|ECONNRESET|socket hang up/.test(String(error?.message ?? error) + (error?.code ?? '')))
        throw error;
    }
    if (performance.now() - startedAt > START_TIMEOUT_MS) {
      throw new Error(`${child.label} did not serve ${url} within ${START_TIMEOUT_MS} ms:\n${child.output}`);
    }
    await sleep(POLL_MS);
  }
}

// ---------------------------------------------------------------------------------------------
// The two servers

let workDir;
const projectKeys = JSON.parse(readFileSync(join(ROOT, 'fixtures/tenants.json'), 'utf8')).tenants.map(
  (t) => t.projectKey,
);
const readHeaders = { 'x-project-key': projectKeys[0] };

function splitArgs(text) {
  return text ? text.split(/\s+/).filter(Boolean) : [];
}

// The mock reads PERS_MOCK_* variables (latency, error rate, admin token …): none of the caller's
// leak into the measurement; pass options with BENCH_SERVER_ARGS instead.
const mockEnv = Object.fromEntries(
  Object.keys(process.env)
    .filter((k) => k.startsWith('PERS_MOCK_'))
    .map((k) => [k, undefined]),
);
const adminToken = /--admin-token[= ](\S+)/.exec(config.serverArgs)?.[1];
const adminHeaders = adminToken ? { 'x-admin-token': adminToken } : {};

/** Starts the mock on `db` and waits for the first successful list; returns { child, url, startupMs }. */
async function startMock(label, db, recordsPerTenant, { profileName } = {}) {
  const port = await freePort();
  const nodeArgs = splitArgs(config.nodeArgs);
  if (profileName && config.cpuProfDir) {
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${config.cpuProfDir}`, `--cpu-prof-name=${profileName}.cpuprofile`);
  }
  const args = [
    ...nodeArgs,
    CLI,
    'serve',
    '--port',
    String(port),
    '--host',
    HOST,
    '--db',
    db,
    '--seed',
    '2013',
    '--records',
    String(recordsPerTenant),
    '--log-level',
    'warn',
    ...splitArgs(config.serverArgs),
  ];
  return startServer(`mock (${label})`, port, args, mockEnv);
}

/** The write scenarios' reference: bare Fastify appending each create to a durable journal. */
async function startDurableBaseline(journalFile) {
  const port = await freePort();
  return startServer('durable baseline', port, [DURABLE_BASELINE, journalFile, String(port), HOST]);
}

async function startBaseline(itemsFile) {
  const port = await freePort();
  return startServer('baseline', port, [BASELINE, itemsFile, String(port), HOST]);
}

/** Starts a server pinned to the server core and waits until it answers the list; returns { child, url, startupMs }. */
async function startServer(label, port, args, env) {
  const startedAt = performance.now();
  const child = start(label, process.execPath, args, { cpu: pinning.server, env });
  const url = `http://${HOST}:${port}`;
  try {
    const startupMs = await waitUntilServing(child, `${url}${LIST_PATH}`, readHeaders, startedAt);
    return { child, url, startupMs };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

/** Idle RSS: a second after the server first answered, nothing else happening. */
async function idleRss(child) {
  await sleep(1000);
  return rssMb(child.pid);
}

// ---------------------------------------------------------------------------------------------
// Load

/** The requests of a scenario, replayed in order by every connection. */
function scenarioRequests(name, creds, ids) {
  const read = { 'x-project-key': creds.projectKey };
  const write = { authorization: `Bearer ${creds.jwt}` };
  const body = { type: 'QR_CODE', name: 'Bench' };
  const list = { method: 'GET', path: LIST_PATH, headers: read };
  const get = (id) => ({ method: 'GET', path: `/trigger-sources/${encodeURIComponent(id)}`, headers: read });
  const create = { method: 'POST', path: '/trigger-sources', headers: write, body };
  const update = (id) => ({ method: 'PUT', path: `/trigger-sources/${encodeURIComponent(id)}`, headers: write, body });
  switch (name) {
    case 'list':
      return [list];
    case 'get':
      return ids.map(get);
    case 'create':
    case 'floor':
      return [create];
    case 'update':
      return ids.map(update);
    case 'mixed': {
      // Blocks of ten: 4 lists, 4 gets, 1 create, 1 update.
      const out = [];
      for (let block = 0; block < 10; block++) {
        const id = (k) => ids[(block * 5 + k) % ids.length];
        out.push(list, get(id(0)), list, get(id(1)), create, list, get(id(2)), list, get(id(3)), update(id(4)));
      }
      return out;
    }
    default:
      throw new Error(`unknown scenario ${name}`);
  }
}

let jobCounter = 0;

/** One warm-up + measurement against `server`; samples the server's RSS while measured. */
async function measure(label, server, requests) {
  const jobFile = join(workDir, `job-${++jobCounter}.json`);
  await writeFile(
    jobFile,
    JSON.stringify({
      url: server.url,
      connections: config.connections,
      warmupSeconds: config.warmupSeconds,
      durationSeconds: config.durationSeconds,
      requests,
    }),
  );
  const loader = start(`load generator (${label})`, process.execPath, [LOAD, jobFile], { cpu: pinning.load });
  const rss = [];
  let sampler = null;
  let result = null;
  let failure = null;
  let pending = '';
  let cpuAtStart = null;
  let cpuAtEnd = null;
  const window = {};
  loader.stdout.on('data', (chunk) => {
    pending += chunk.toString();
    let newline;
    while ((newline = pending.indexOf('\n')) !== -1) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        continue;
      }
      if (message.event === 'measuring') {
        window.startUs = Number(process.hrtime.bigint() / 1000n);
        cpuAtStart = {
          busy: cpuBusySeconds(watchedCpus),
          server: processCpuSeconds(server.child.pid),
          self: selfCpuSeconds(),
        };
        const sample = () => {
          const mb = rssMb(server.child.pid);
          if (mb !== null) rss.push(mb);
        };
        sample();
        sampler = setInterval(sample, 200);
      } else if (message.event === 'result') {
        window.endUs = Number(process.hrtime.bigint() / 1000n);
        cpuAtEnd = {
          busy: cpuBusySeconds(watchedCpus),
          server: processCpuSeconds(server.child.pid),
          self: selfCpuSeconds(),
        };
        result = message;
      } else if (message.event === 'error') {
        failure = message.message;
      }
    }
  });
  const limitMs = (config.warmupSeconds + config.durationSeconds) * 1000 + 60_000;
  const watchdog = setTimeout(() => {
    failure = `load generator still running after ${limitMs} ms`;
    signalGroup(loader, 'SIGKILL');
  }, limitMs);
  try {
    const { code } = await loader.exited;
    if (!result) throw new Error(`${loader.label} failed (exit ${code}): ${failure ?? loader.output}`);
  } finally {
    clearTimeout(watchdog);
    if (sampler) clearInterval(sampler);
    await stop(loader, 2000);
  }
  // CPU the server, the load generator and this process did not account for: other processes
  // competing for the two cores (or the hypervisor's steal), in cores (1 = a whole core).
  let serverCores = null;
  let foreignCores = null;
  if (cpuAtStart?.busy != null && cpuAtEnd?.busy != null && cpuAtStart.server != null && cpuAtEnd.server != null) {
    const seconds = (window.endUs - window.startUs) / 1e6;
    const server = cpuAtEnd.server - cpuAtStart.server;
    const ours = server + (result.cpuSeconds ?? 0) + (cpuAtEnd.self - cpuAtStart.self);
    serverCores = server / seconds;
    foreignCores = Math.max(0, (cpuAtEnd.busy - cpuAtStart.busy - ours) / seconds);
  }
  return {
    ...result,
    rssPeakMb: rss.length ? Math.max(...rss) : null,
    rssMedianMb: median(rss),
    serverCores,
    foreignCores,
    window,
  };
}

/** CPU seconds used so far by this process and every process it started. */
function ourCpuSeconds() {
  let total = selfCpuSeconds();
  for (const child of children) total += processCpuSeconds(child.pid) ?? 0;
  return total;
}

/**
 * Waits (up to BENCH_QUIET_WAIT seconds) until other processes use at most BENCH_MAX_FOREIGN of a
 * core over half a second, so a measurement doesn't start while, say, a test suite runs.
 */
async function waitForQuiet(label) {
  const deadline = performance.now() + config.quietWaitSeconds * 1000;
  let announced = false;
  for (;;) {
    const busy0 = cpuBusySeconds(watchedCpus);
    const ours0 = ourCpuSeconds();
    const t0 = performance.now();
    await sleep(500);
    const busy1 = cpuBusySeconds(watchedCpus);
    if (busy0 == null || busy1 == null) return;
    const foreign = (busy1 - busy0 - (ourCpuSeconds() - ours0)) / ((performance.now() - t0) / 1000);
    if (foreign <= config.maxForeignCores) return;
    if (performance.now() > deadline) {
      console.log(
        `bench: [${label}] still ${foreign.toFixed(2)} of a core busy elsewhere ` +
          `after ${config.quietWaitSeconds} s; measuring anyway`,
      );
      return;
    }
    if (!announced) {
      console.log(
        `bench: [${label}] other processes are using ${foreign.toFixed(2)} of a core; waiting for them to settle`,
      );
      announced = true;
    }
  }
}

/**
 * Runs `attempt` (one measurement) again when other processes took more than
 * BENCH_MAX_FOREIGN of a core while it ran; keeps the least disturbed attempt.
 */
async function undisturbed(label, attempt) {
  let best = null;
  for (let i = 0; i <= config.retries; i++) {
    await waitForQuiet(label);
    const run = await attempt();
    run.attempts = i + 1;
    if (!best || (run.foreignCores ?? 0) < (best.foreignCores ?? 0)) best = { ...run, attempts: i + 1 };
    if (run.foreignCores == null || run.foreignCores <= config.maxForeignCores) return best;
    console.log(
      `bench: [${label}] other processes used ${run.foreignCores.toFixed(2)} of a core while measuring` +
        (i < config.retries ? '; measuring again' : '; keeping the least disturbed attempt'),
    );
  }
  disturbed.push(`${label}: ${best.foreignCores.toFixed(2)} of a core`);
  return best;
}
const disturbed = [];

function describe(run) {
  const failures = (run.non2xx ?? 0) + (run.errors ?? 0) + (run.timeouts ?? 0);
  return (
    `${fmtRps(run.requestsPerSecond)} req/s, p50 ${fmtMs(run.latencyMs.p50)} ms, p99 ${fmtMs(run.latencyMs.p99)} ms, ` +
    `RSS ${fmtMb(run.rssPeakMb)} MB, server ${run.serverCores?.toFixed(2) ?? '?'} cores, others ` +
    `${run.foreignCores?.toFixed(2) ?? '?'}` +
    `${failures ? `, ${failures} FAILED (${JSON.stringify(run.statusCodes)})` : ''}`
  );
}

// ---------------------------------------------------------------------------------------------
// The run

function gitDescription() {
  if (process.env.BENCH_CODE_LABEL) return process.env.BENCH_CODE_LABEL;
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown (no git)';
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' });
  return `${head.stdout.trim()}${dirty.stdout.trim() ? ' with uncommitted changes' : ''}`;
}

function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

/** The datasets: the default data (start-up and idle memory only) and the configured scales. */
function datasets() {
  const list = [
    {
      key: 'default',
      label: `default data (${2 * DEFAULT_RECORDS_PER_TENANT} sources)`,
      perTenant: DEFAULT_RECORDS_PER_TENANT,
      isDefault: true,
    },
  ];
  for (const sources of config.scales) {
    const perTenant = Math.ceil(sources / projectKeys.length);
    list.push({
      key: `s${sources}`,
      label: `${sources.toLocaleString('en-US')} sources`,
      sources,
      perTenant,
      isDefault: false,
    });
  }
  return list;
}

async function main() {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm run bench does)`);
  workDir = await mkdtemp(join(os.tmpdir(), 'pers-mock-bench-'));
  if (config.cpuProfDir) await mkdir(config.cpuProfDir, { recursive: true });
  const started = Date.now();
  const notes = [];
  console.log(`bench: work dir ${workDir}; ${pinning.text}`);
  console.log(
    `bench: ${config.warmupSeconds} s warm-up + ${config.durationSeconds} s per measurement, ` +
      `${config.rounds} rounds, ${config.connections} connections, ` +
      `scales ${config.scales.join(', ')}, scenarios ${config.scenarios.join(', ')}`,
  );

  const results = { meta: {}, startup: [], idle: [], scales: [] };
  const data = {};

  // 1. Start-up and idle memory, and a pristine seeded store per dataset. Every start of the mock
  // gets a directory of its own, copied whole from the pristine one, so whatever files the store
  // keeps next to db.json (a journal, temp files) come along and nothing leaks between runs.
  for (const set of datasets()) {
    const dir = join(workDir, set.key);
    await mkdir(dir, { recursive: true });
    const pristine = join(dir, 'pristine');
    const coldMs = [];
    const warmMs = [];
    const idle = [];
    for (let i = 0; i < config.startupRuns; i++) {
      await waitForQuiet(`start-up, ${set.label}`);
      const runDir = join(dir, `cold-${i}`);
      await mkdir(runDir, { recursive: true });
      const db = join(runDir, 'db.json');
      const mock = await startMock(`${set.label}, new file`, db, set.perTenant);
      try {
        coldMs.push(mock.startupMs);
        idle.push(await idleRss(mock.child));
      } finally {
        await stop(mock.child);
      }
      if (i === 0) await cp(runDir, pristine, { recursive: true });
      await rm(runDir, { recursive: true, force: true });
    }
    for (let i = 0; i < config.startupRuns; i++) {
      await waitForQuiet(`start-up, ${set.label}`);
      const runDir = join(dir, 'warm');
      await rm(runDir, { recursive: true, force: true });
      await cp(pristine, runDir, { recursive: true });
      const db = join(runDir, 'db.json');
      const mock = await startMock(`${set.label}, existing file`, db, set.perTenant);
      try {
        warmMs.push(mock.startupMs);
        idle.push(await idleRss(mock.child));
        if (i === 0) {
          const creds = (await getJson(`${mock.url}/__mock/credentials`, adminHeaders)).tenants[0];
          const health = await getJson(`${mock.url}/__mock/health`);
          const ids = [];
          for (let page = 1; ids.length < 100; page++) {
            const batch = await getJson(`${mock.url}/trigger-sources?limit=100&page=${page}`, {
              'x-project-key': creds.projectKey,
            });
            if (batch.length === 0) break;
            ids.push(...batch.map((s) => s.id));
          }
          let items = await getJson(`${mock.url}${LIST_PATH}`, readHeaders);
          if (items.length < 20) items = await getJson(`${mock.url}/trigger-sources?limit=20`, readHeaders);
          data[set.key] = { creds, ids: ids.slice(0, 100), items, live: health.store?.triggerSources };
        }
      } finally {
        await stop(mock.child);
      }
    }
    data[set.key].pristine = pristine;
    results.startup.push({
      label: set.label,
      sources: set.sources ?? 2 * set.perTenant,
      isDefault: set.isDefault,
      existingFile: false,
      mockMs: coldMs,
    });
    results.startup.push({
      label: set.label,
      sources: set.sources ?? 2 * set.perTenant,
      isDefault: set.isDefault,
      existingFile: true,
      mockMs: warmMs,
    });
    results.idle.push({ label: set.label, key: set.key, target: set.isDefault, mockMb: idle });
    console.log(
      `bench: ${set.label}: start-up ${fmtMs(median(coldMs))} ms (new file), ` +
        `${fmtMs(median(warmMs))} ms (existing file); ` +
        `idle RSS ${fmtMb(median(idle))} MB; ${data[set.key].live ?? '?'} live sources`,
    );
  }

  // 2. The baseline: the 20 items the mock lists at the first scale.
  const firstScale = datasets().find((s) => !s.isDefault) ?? datasets()[0];
  const itemsFile = join(workDir, 'baseline-items.json');
  await writeFile(itemsFile, JSON.stringify(data[firstScale.key].items));
  const baselineStartMs = [];
  const baselineIdle = [];
  for (let i = 0; i < config.startupRuns; i++) {
    await waitForQuiet('start-up, baseline');
    const baseline = await startBaseline(itemsFile);
    try {
      baselineStartMs.push(baseline.startupMs);
      baselineIdle.push(await idleRss(baseline.child));
    } finally {
      await stop(baseline.child);
    }
  }
  for (const row of results.startup) row.baselineMs = baselineStartMs;
  for (const row of results.idle) row.baselineMb = baselineIdle;
  console.log(
    `bench: baseline: start-up ${fmtMs(median(baselineStartMs))} ms, idle RSS ${fmtMb(median(baselineIdle))} MB`,
  );

  // 3. Load: per scale, per round, per scenario: baseline, then the mock on a fresh copy of the store.
  const loadSets = config.scenarios.length > 0 ? datasets().filter((s) => !s.isDefault) : [];
  const baseline = loadSets.length > 0 ? await startBaseline(itemsFile) : null;
  try {
    for (const set of loadSets) {
      const { creds, ids, pristine } = data[set.key];
      const scale = { sources: set.sources, baselineRuns: [], scenarios: {} };
      results.scales.push(scale);
      const baseRequests = scenarioRequests('list', { projectKey: projectKeys[0], jwt: creds.jwt }, ids);
      for (let round = 1; round <= config.rounds; round++) {
        for (const name of config.scenarios) {
          const where = `${set.label} · round ${round}/${config.rounds}`;
          const baseRun = await undisturbed(`baseline, ${where}`, () =>
            measure(`baseline, ${where}`, baseline, baseRequests),
          );
          scale.baselineRuns.push(baseRun);
          console.log(`bench: [${where}] baseline   ${describe(baseRun)}`);

          const runDir = join(workDir, set.key, 'run');
          const db = join(runDir, 'db.json');
          let attemptNo = 0;
          const run = await undisturbed(`mock ${name}, ${where}`, async () => {
            await rm(runDir, { recursive: true, force: true });
            await cp(pristine, runDir, { recursive: true });
            const profileName = `${set.sources}-${name}-r${round}-a${++attemptNo}`;
            const mock =
              name === 'floor'
                ? await startDurableBaseline(join(runDir, 'journal'))
                : await startMock(`${set.label}, ${name}`, db, set.perTenant, { profileName });
            let attempt;
            try {
              attempt = await measure(`mock ${name}, ${where}`, mock, scenarioRequests(name, creds, ids));
              attempt.profileName = profileName;
              try {
                attempt.storeAfter = (await getJson(`${mock.url}/__mock/health`)).store?.triggerSources ?? null;
              } catch {
                attempt.storeAfter = null;
              }
            } finally {
              await stop(mock.child);
            }
            return attempt;
          });
          if (config.cpuProfDir) {
            // The measured window on the profile's clock (both are CLOCK_MONOTONIC, in µs).
            await writeFile(join(config.cpuProfDir, `${run.profileName}.window.json`), JSON.stringify(run.window));
          }
          (scale.scenarios[name] ??= []).push(run);
          console.log(`bench: [${where}] mock ${name.padEnd(6)} ${describe(run)}`);
        }
      }
      const peak = (runs) => Math.max(...runs.map((r) => r.rssPeakMb ?? 0)) || null;
      const idleRow = results.idle.find((r) => r.key === set.key);
      idleRow.mockPeakMb = peak(
        Object.entries(scale.scenarios).flatMap(([name, runs]) => (name === 'floor' ? [] : runs)),
      );
      idleRow.baselinePeakMb = peak(scale.baselineRuns);
    }
  } finally {
    if (baseline) await stop(baseline.child);
  }

  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  results.meta = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    cores: os.cpus().length,
    os: `${os.type()} ${os.release()}`,
    node: process.versions.node,
    autocannon: packageVersion('autocannon'),
    fastify: packageVersion('fastify'),
    commit: gitDescription(),
    pinning: pinning.text,
    config,
    notes: [
      ...notes,
      ...(disturbed.length
        ? [
            `Other processes used more than ${config.maxForeignCores} of a core during ${disturbed.length} ` +
              `measurement(s) even after ` +
              `${config.retries} retries, so those figures are noisier: ${disturbed.join('; ')}.`,
          ]
        : [
            `No measurement was disturbed by other processes using more than ${config.maxForeignCores} of a core ` +
              `(after retries).`,
          ]),
      `The whole run took ${minutes} min.`,
    ],
  };
  const { markdown, passed, failed } = renderReport(results);
  console.log(`\n${markdown}`);
  if (config.output !== '-') {
    await writeFile(config.output, `${markdown}\n`);
    console.log(`bench: wrote ${config.output}`);
  }
  if (config.json) {
    await writeFile(config.json, JSON.stringify(results, null, 2));
    console.log(`bench: wrote ${config.json}`);
  }
  console.log(`bench: ${passed} target checks pass, ${failed} missed (${minutes} min)`);
}

/** `node bench/run.mjs --render <results.json>`: the report again from a run's BENCH_JSON file. */
async function render(file) {
  const results = JSON.parse(readFileSync(file, 'utf8'));
  const { markdown } = renderReport(results);
  console.log(markdown);
  if (config.output !== '-') {
    await writeFile(config.output, `${markdown}\n`);
    console.log(`bench: wrote ${config.output}`);
  }
}

try {
  const renderAt = process.argv.indexOf('--render');
  if (renderAt !== -1) await render(process.argv[renderAt + 1]);
  else await main();
} catch (error) {
  console.error(`bench: failed: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
} finally {
  killAll();
  if (workDir && !process.env.BENCH_KEEP) await rm(workDir, { recursive: true, force: true });
}
