// Large documents: how long `serve --spec` takes to listen, how long the first answer of an
// operation takes, the peak memory, and how long a full contract run against the mock takes.
//
//   node bench/large-document.mjs      (npm run bench runs it after bench/run.mjs)
//   BENCH_LARGE_OUTPUT=bench/results-large-document.md ("-": print only)
//
// Two documents: a 3 MB one made here from openapi.yaml (its paths copied under /copy-N/ with
// their own operation ids until the JSON is 3 MB, so every operation answers from the document),
// and GitHub's api.github.com description (@octokit/openapi, 13 MB). Targets: listening within
// 3 s, a first answer within 200 ms and under 500 MB for the 3 MB document, a full contract run
// of the 3 MB one within 60 s, and GitHub's served and checked (`--mock-credentials`) with the
// mock and the runner each under 1 GB at their peak. Every process it starts runs in its own
// process group and is stopped by PID.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const OUTPUT = process.env.BENCH_LARGE_OUTPUT ?? join(ROOT, 'bench/results-large-document.md');
const TARGET_BYTES = 3_000_000;

/** openapi.yaml with its paths copied under /copy-N/ until it is TARGET_BYTES of JSON. */
function threeMegabyteDocument() {
  const document = parse(readFileSync(join(ROOT, 'openapi.yaml'), 'utf8'));
  const original = document.paths;
  const size = JSON.stringify(document).length;
  const copies = Math.ceil((TARGET_BYTES - size) / JSON.stringify(original).length) + 1;
  document.paths = {};
  for (let copy = 0; copy < copies; copy++) {
    for (const [path, item] of Object.entries(original)) {
      const copied = structuredClone(item);
      for (const operation of Object.values(copied))
        if (operation && typeof operation === 'object' && operation.operationId)
          operation.operationId = `${operation.operationId}_copy${copy}`;
      document.paths[`/copy-${copy}${path}`] = copied;
    }
  }
  return document;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The status of a GET (and its JSON body), `undefined` while nothing listens. */
function get(port, path, headers = {}) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path, headers }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body }));
    });
    request.on('error', () => resolve(undefined));
  });
}

/** The first two tenants' dev credentials, as the mock hands them out. */
async function credentialsOf(port) {
  const { tenants } = JSON.parse((await get(port, '/__mock/credentials')).body);
  return tenants;
}

function start(args, env = {}) {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

function stop(child) {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024;
}

/** Serves `spec`, waits until it answers, then times the first and second answer of `path`. */
async function measureServe(spec, path) {
  const port = await freePort();
  const started = performance.now();
  const { child, output } = start(['serve', '--spec', spec, '--port', String(port), '--db', ':memory:']);
  try {
    while ((await get(port, '/__mock/health')) === undefined) {
      if (child.exitCode !== null) throw new Error(`serve --spec ${spec} exited: ${output().slice(-500)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const upMs = performance.now() - started;
    const [tenant] = await credentialsOf(port);
    const headers = { 'x-project-key': tenant.projectKey, authorization: `Bearer ${tenant.jwt}` };
    const firstStarted = performance.now();
    const { status } = await get(port, path, headers);
    const firstMs = performance.now() - firstStarted;
    return { port, child, upMs, firstMs, status, rssMb: () => peakRssMb(child.pid) };
  } catch (error) {
    stop(child);
    throw error;
  }
}

/** A full contract run against the mock on `port`, with the runner's peak RSS (MB). */
async function contractRun(spec, port, credentials) {
  const rssFile = join(dir, `runner-${port}.rss`);
  const started = performance.now();
  const { child, output } = start(
    ['contract', '--spec', spec, '--base-url', `http://127.0.0.1:${port}`, '--seed', '1', ...credentials],
    { NODE_OPTIONS: `--require ${join(ROOT, 'test/corpus/peak-rss.cjs')}`, PERS_MOCK_PEAK_RSS_FILE: rssFile },
  );
  const code = await new Promise((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
  const ms = performance.now() - started;
  const rssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  return { ms, code, rssMb, tail: output().trim().split('\n').pop().slice(0, 300) };
}

/** The PERS flags for the mock's first two tenants. */
async function persCredentials(port) {
  const [primary, second] = await credentialsOf(port);
  return [
    ...['--project-key', primary.projectKey, '--jwt', primary.jwt],
    ...['--second-project-key', second.projectKey, '--second-jwt', second.jwt],
  ];
}

const dir = await mkdtemp(join(os.tmpdir(), 'pers-mock-large-'));
const rows = [];
try {
  const threeMb = join(dir, 'three-megabytes.json');
  const document = threeMegabyteDocument();
  await writeFile(threeMb, JSON.stringify(document));
  const bytes = JSON.stringify(document).length;
  const firstPath = `/copy-0${Object.keys(parse(readFileSync(join(ROOT, 'openapi.yaml'), 'utf8')).paths)[0]}`;

  const served = await measureServe(threeMb, firstPath);
  const run = await contractRun(threeMb, served.port, await persCredentials(served.port));
  rows.push({
    name: `openapi.yaml copied to ${(bytes / 1e6).toFixed(1)} MB (${Object.keys(document.paths).length} paths)`,
    ...served,
    rssMb: served.rssMb(),
    run,
    targets: { upMs: 3000, firstMs: 200, rssMb: 500, runMs: 60_000 },
  });
  stop(served.child);

  const github = join(ROOT, 'node_modules/@octokit/openapi/generated/api.github.com.json');
  const gh = await measureServe(github, '/repos/octocat/hello-world/issues');
  const ghRun = await contractRun(github, gh.port, ['--mock-credentials']);
  rows.push({ name: 'api.github.com (13 MB)', ...gh, rssMb: gh.rssMb(), run: ghRun, targets: { rssMb: 1000 } });
  stop(gh.child);
} finally {
  await rm(dir, { recursive: true, force: true });
}

const mark = (value, target) => (target === undefined ? '' : value <= target ? ' ✓' : ` ✗ (target ${target})`);
const cpu = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}`;
const runCell = (row) =>
  row.run
    ? `${(row.run.ms / 1000).toFixed(1)} s, exit ${row.run.code}${mark(row.run.ms, row.targets.runMs)}, ` +
      `runner ${Math.round(row.run.rssMb)} MB${mark(row.run.rssMb, 1000)}`
    : '—';
const lines = [
  '# Large documents',
  '',
  `Written by \`node bench/large-document.mjs\` on ${new Date().toISOString()}, Node ${process.version},`,
  `${cpu} (shared with other work; load average ${os.loadavg()[0].toFixed(1)}).`,
  '',
  '| document | listening | first answer | mock peak RSS | full contract run |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map(
    (row) =>
      `| ${row.name} | ${Math.round(row.upMs)} ms${mark(row.upMs, row.targets.upMs)} ` +
      `| ${Math.round(row.firstMs)} ms (${row.status})${mark(row.firstMs, row.targets.firstMs)} ` +
      `| ${Math.round(row.rssMb)} MB${mark(row.rssMb, row.targets.rssMb)} ` +
      `| ${runCell(row)} |`,
  ),
  '',
];
const report = lines.join('\n');
console.log(report);
for (const row of rows) if (row.run) console.log(`contract: ${row.run.tail}`);
if (OUTPUT !== '-') await writeFile(OUTPUT, report);
