// The PostgreSQL store beside the file store, in one run: list, get, create and update at each
// scale, on the file store (one replica), on PostgreSQL with one replica, and with two replicas
// (each with its own load generator and half the connections; their req/s added up).
//
//   node bench/postgres.mjs            (npm run bench runs it after bench/run.mjs)
//   BENCH_PG_URL=postgres://…          a superuser URL of a cluster to use; default: a throwaway
//                                      cluster started here (scripts/throwaway-postgres.sh)
//   BENCH_DURATION=5 BENCH_WARMUP=2 BENCH_CONNECTIONS=10 BENCH_SCALES=100,100000 BENCH_ROUNDS=3
//   BENCH_SCENARIOS=list,get,update,create (a subset, in this order, to look at one)
//   BENCH_PG_OUTPUT=bench/results-postgres.md ("-": print only)
//
// Every store starts seeded with the same data (seed 2013, the scale split over the two tenants);
// the scenarios run in the order list, get, update, create, so reads and updates see the seeded
// size and creates grow it, alike for every store. Every store of every scale is up at once (the
// PostgreSQL ones on a database each), and each scenario is measured BENCH_ROUNDS times on each,
// the stores alternating (A B C, C B A, …), so that a change in the machine's load falls on all of
// them alike; the report gives the median round. CPU is read from /proc: the mock's
// processes, PostgreSQL's (every process named postgres), and what the rest of the machine used
// (other engineers' tests share the two cores), with the load average, for every measurement.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const LOAD = join(ROOT, 'bench/load.mjs');
const LIST_PATH = '/trigger-sources?limit=20&type=QR_CODE&sortBy=name&sortOrder=ASC';
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? 'list,get,update,create').split(',');
const TARGETS = { list: 0.8, get: 0.8, create: 0.5, update: 0.5 };
const num = (name, fallback) => Number(process.env[name] ?? fallback);
const config = {
  duration: num('BENCH_DURATION', 5),
  warmup: num('BENCH_WARMUP', 2),
  connections: num('BENCH_CONNECTIONS', 10),
  scales: (process.env.BENCH_SCALES ?? '100,100000').split(',').map(Number),
  rounds: num('BENCH_ROUNDS', 3),
  output: process.env.BENCH_PG_OUTPUT ?? join(ROOT, 'bench/results-postgres.md'),
};
/** Clock ticks per second in /proc (USER_HZ, 100 on Linux). */
const TICK = 100;
const children = new Set();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function start(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
  child.output = '';
  child.stdout.on('data', (c) => (child.output += c));
  child.stderr.on('data', (c) => (child.output += c));
  child.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await child.exited;
  clearTimeout(timer);
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The cluster to use: BENCH_PG_URL, or a throwaway one that ends with this process. */
async function cluster() {
  if (process.env.BENCH_PG_URL) return { url: process.env.BENCH_PG_URL, stop: async () => {} };
  const child = start(
    'bash',
    [
      '-c',
      '. scripts/throwaway-postgres.sh && PG_PORT=55440 start_throwaway_postgres && echo "URL $PERS_MOCK_TEST_PG_URL"' +
        ' && read -r _; stop_throwaway_postgres',
    ],
    { cwd: ROOT },
  );
  for (let waited = 0; !/URL (\S+)/.test(child.output); waited += 100) {
    if (child.exitCode !== null || waited > 60_000) throw new Error(`no PostgreSQL cluster: ${child.output}`);
    await sleep(100);
  }
  return {
    url: /URL (\S+)/.exec(child.output)[1],
    stop: async () => {
      child.stdin.end('\n');
      await child.exited;
    },
  };
}

/** A role that is not a superuser (row-level security applies) and a database of that name. */
async function databaseFor(adminUrl, suffix) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const [role] = await admin`SELECT 1 FROM pg_roles WHERE rolname = 'pers_mock_bench'`;
  if (!role) await admin.unsafe(`CREATE ROLE pers_mock_bench LOGIN PASSWORD 'bench'`);
  const name = `pers_mock_bench_${suffix}`;
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name}`);
  await admin.unsafe(`CREATE DATABASE ${name} OWNER pers_mock_bench`);
  await admin.end();
  const url = new URL(adminUrl);
  url.username = 'pers_mock_bench';
  url.password = 'bench';
  url.pathname = `/${name}`;
  return url.href;
}

async function startMock(storeArgs, records) {
  const port = await freePort();
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PERS_MOCK_')));
  const child = start(
    process.execPath,
    [
      CLI,
      'serve',
      '--port',
      String(port),
      '--log-level',
      'warn',
      '--seed',
      '2013',
      '--records',
      String(records),
      ...storeArgs,
    ],
    { env },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 50) {
    if (child.exitCode !== null) throw new Error(`mock exited: ${child.output}`);
    if (/listening on/.test(child.output)) break;
    if (waited > 300_000) throw new Error(`mock did not start: ${child.output}`);
    await sleep(50);
  }
  return { child, url };
}

async function credentialsAndIds(url) {
  const { tenants } = await fetch(`${url}/__mock/credentials`).then((r) => r.json());
  const creds = tenants[0];
  const ids = (
    await fetch(`${url}/trigger-sources?limit=100`, { headers: { 'x-project-key': creds.projectKey } }).then((r) =>
      r.json(),
    )
  ).map((s) => s.id);
  return { creds, ids };
}

function requests(scenario, { creds, ids }) {
  const read = { 'x-project-key': creds.projectKey };
  const write = { authorization: `Bearer ${creds.jwt}` };
  const body = { type: 'QR_CODE', name: 'Bench' };
  switch (scenario) {
    case 'list':
      return [{ method: 'GET', path: LIST_PATH, headers: read }];
    case 'get':
      return ids.map((id) => ({ method: 'GET', path: `/trigger-sources/${id}`, headers: read }));
    case 'update':
      return ids.map((id) => ({ method: 'PUT', path: `/trigger-sources/${id}`, headers: write, body }));
    default:
      return [{ method: 'POST', path: '/trigger-sources', headers: write, body }];
  }
}

/** CPU seconds of the processes matching `test`, from /proc (utime + stime). */
function cpuOf(test) {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!test(Number(entry), comm)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended while being read.
    }
  }
  return ticks / TICK;
}

function machineBusySeconds() {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const idle = fields[3] + fields[4];
  return (fields.reduce((a, b) => a + b, 0) - idle) / TICK;
}

/** Runs one load generator per replica at once; returns req/s summed, p50/p99 of the first, and CPU. */
async function measure(replicas, scenario, data, workDir) {
  const perReplica = Math.max(1, Math.round(config.connections / replicas.length));
  const mockPids = new Set(replicas.map((r) => r.child.pid));
  const loaders = await Promise.all(
    replicas.map(async (replica, index) => {
      const job = join(workDir, `job-${Date.now()}-${index}.json`);
      await writeFile(
        job,
        JSON.stringify({
          url: replica.url,
          connections: perReplica,
          warmupSeconds: config.warmup,
          durationSeconds: config.duration,
          requests: requests(scenario, data),
        }),
      );
      return start(process.execPath, [LOAD, job]);
    }),
  );
  await sleep(config.warmup * 1000);
  const before = {
    at: performance.now(),
    busy: machineBusySeconds(),
    mock: cpuOf((pid) => mockPids.has(pid)),
    pg: cpuOf((_pid, comm) => comm.startsWith('postgres')),
    load: cpuOf((pid) => loaders.some((l) => l.pid === pid)),
  };
  const load = os.loadavg()[0];
  await Promise.all(loaders.map((l) => l.exited));
  const seconds = (performance.now() - before.at) / 1000;
  const after = {
    busy: machineBusySeconds(),
    mock: cpuOf((pid) => mockPids.has(pid)),
    pg: cpuOf((_pid, comm) => comm.startsWith('postgres')),
  };
  const results = loaders.map((l) => JSON.parse(l.output.split('\n').find((line) => line.includes('"result"'))));
  const loadCpu = results.reduce((sum, r) => sum + r.cpuSeconds, 0);
  const mockCores = (after.mock - before.mock) / seconds;
  const pgCores = (after.pg - before.pg) / seconds;
  return {
    rps: results.reduce((sum, r) => sum + r.requestsPerSecond, 0),
    p50: results[0].latencyMs.p50,
    p99: results[0].latencyMs.p99,
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    mockCores,
    pgCores,
    othersCores: Math.max(0, (after.busy - before.busy) / seconds - mockCores - pgCores - loadCpu / config.duration),
    load,
  };
}

const fmt = (n, digits = 0) =>
  n == null ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
  const workDir = await mkdtemp(join(os.tmpdir(), 'pers-mock-bench-pg-'));
  const pg = await cluster();
  const rows = [];
  const started = Date.now();
  try {
    // Every store of every scale is up at once, each on its own data, so that the rounds can alternate.
    const setups = [];
    for (const scale of config.scales) {
      const records = Math.floor(scale / 2);
      const oneReplicaUrl = await databaseFor(pg.url, `${scale}_one`);
      const twoReplicasUrl = await databaseFor(pg.url, `${scale}_two`);
      const file = await startMock(['--db', join(workDir, `db-${scale}.json`)], records);
      const one = await startMock(['--store', oneReplicaUrl], records);
      const two = [await startMock(['--store', twoReplicasUrl], records)];
      two.push(await startMock(['--store', twoReplicasUrl], records));
      await settle(pg.url, [oneReplicaUrl, twoReplicasUrl]);
      for (const [topology, replicas] of [
        ['file store, 1 replica', [file]],
        ['PostgreSQL, 1 replica', [one]],
        ['PostgreSQL, 2 replicas', two],
      ]) {
        setups.push({ scale, topology, replicas, data: await credentialsAndIds(replicas[0].url) });
      }
    }
    for (const scenario of SCENARIOS) {
      const runs = new Map(setups.map((setup) => [setup, []]));
      for (let round = 0; round < config.rounds; round++) {
        for (const setup of round % 2 === 0 ? setups : [...setups].reverse()) {
          const result = await measure(setup.replicas, scenario, setup.data, workDir);
          runs.get(setup).push(result);
          const cores = `PostgreSQL ${fmt(result.pgCores, 2)} cores, others ${fmt(result.othersCores, 2)}`;
          const what = `${setup.scale} ${setup.topology} ${scenario} round ${round + 1}`;
          console.error(`${what}: ${fmt(result.rps)} req/s, ${cores}`);
        }
      }
      for (const scale of config.scales) {
        const ofScale = setups.filter((setup) => setup.scale === scale);
        const file = median(runs.get(ofScale[0]));
        for (const setup of ofScale) {
          const result = median(runs.get(setup));
          rows.push({ scale, scenario, topology: setup.topology, ...result, ratio: result.rps / file.rps });
        }
      }
    }
  } finally {
    await Promise.all([...children].filter((c) => c.spawnfile !== 'bash').map(stop));
    await pg.stop();
    await rm(workDir, { recursive: true, force: true });
  }
  rows.sort((a, b) => config.scales.indexOf(a.scale) - config.scales.indexOf(b.scale));
  const report = render(rows, (Date.now() - started) / 60_000);
  console.log(report);
  if (config.output !== '-') await writeFile(config.output, report);
}

/**
 * The file store has written its seeded file before it listens; PostgreSQL has only committed the
 * seed to its log, and would write the rows' pages out, and autovacuum would vacuum and analyse the
 * new rows, during the measurements. Both are done first, as a sandbox that has run a while has.
 */
async function settle(adminUrl, storeUrls) {
  for (const url of storeUrls) {
    const owner = postgres(url, { max: 1, onnotice: () => {} });
    await owner`VACUUM (ANALYZE)`;
    await owner.end();
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin`CHECKPOINT`;
  await admin.end();
}

/** The run with the median req/s (the lower middle one of an even count). */
function median(results) {
  return [...results].sort((a, b) => a.rps - b.rps)[Math.floor((results.length - 1) / 2)];
}

function render(rows, minutes) {
  const at = (scale, scenario, topology) =>
    rows.find((r) => r.scale === scale && r.scenario === scenario && r.topology === topology);
  const lines = [
    '# PostgreSQL store beside the file store',
    '',
    `${new Date().toISOString()}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ` +
      `Node ${process.version}; ${config.connections} connections, ${config.warmup} s warm-up, ` +
      `${config.duration} s measured per round, ${config.rounds} rounds per row with the stores ` +
      'alternating, the median round reported; the seeded tables vacuumed, analysed and checkpointed ' +
      `before measuring; the run took ${fmt(minutes, 1)} min. Nothing is pinned: ` +
      'the mocks, PostgreSQL and the load generators share the cores.',
    '',
    "`× file` is req/s over the file store's in the same run at the same scale; `× at 100` is req/s " +
      'over the same row at 100 sources. `PG cores`: CPU PostgreSQL used while measured (1 = a whole ' +
      "core); `mock cores`: the replicas' processes; " +
      '`others`: what the rest of the machine used meanwhile (other test suites), with the 1-minute load average.',
    '',
    '| Sources | Scenario | Store | req/s | × file | × at 100 | p50 ms | p99 ms | mock cores | PG cores | ' +
      'others | load | non-2xx | Target |',
    '|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const small = at(config.scales[0], r.scenario, r.topology);
    const scaleRatio = r.scale === config.scales[0] ? null : r.rps / small.rps;
    const targets = [];
    if (r.topology === 'PostgreSQL, 1 replica')
      targets.push(
        `${r.ratio >= TARGETS[r.scenario] ? '✅' : '❌'} ≥ ${TARGETS[r.scenario]}× file: ${fmt(r.ratio, 2)}×`,
      );
    if (scaleRatio !== null && r.topology !== 'file store, 1 replica')
      targets.push(`${scaleRatio >= 0.5 ? '✅' : '❌'} ≥ 0.5× at ${fmt(config.scales[0])}: ${fmt(scaleRatio, 2)}×`);
    const cells = [
      fmt(r.scale),
      r.scenario,
      r.topology,
      fmt(r.rps),
      `${fmt(r.ratio, 2)}×`,
      scaleRatio === null ? '—' : `${fmt(scaleRatio, 2)}×`,
      fmt(r.p50, 2),
      fmt(r.p99, 2),
      fmt(r.mockCores, 2),
      r.topology.startsWith('PostgreSQL') ? fmt(r.pgCores, 2) : '—',
      fmt(r.othersCores, 2),
      fmt(r.load, 1),
      fmt(r.non2xx),
      targets.join('<br>') || '—',
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

process.on('SIGINT', () => process.exit(130));
await main();
