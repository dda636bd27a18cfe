#!/usr/bin/env node
// The Docker sandbox, checked for real: build the image, run it, wait for Docker's own HEALTHCHECK
// to say healthy, drive the API through the published port, replace the container on the same
// volume, run the contract runner image against it, and time `docker stop`.
//
//   npm run test:docker                                  # any Docker host
//   ../shared/tools/with-docker npm run test:docker      # these machines (no registry, no bridge)
//
// With DOCKER_NETWORK=host (set by with-docker) containers use the host network with their own
// PORT and HOST=127.0.0.1, and the image is built on node:20-bookworm-slim, the base with-docker
// provides. Elsewhere the port is published on 127.0.0.1 and the Dockerfile's default base is
// used. NODE_IMAGE overrides the base either way.
//
// With no Docker engine at all this prints "skipped" and exits 0, unless DOCKER_TEST_REQUIRED=1,
// when that is a failure. Everything it creates has a unique name and is removed at the end.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, Agent } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HOST_NETWORK = process.env.DOCKER_NETWORK === 'host';
const NODE_IMAGE = process.env.NODE_IMAGE || (HOST_NETWORK ? 'node:20-bookworm-slim' : undefined);
const RUN = `pers-mock-test-${randomBytes(4).toString('hex')}`;
const IMAGE = `${RUN}:latest`;
const VOLUME = `${RUN}-data`;
const CONTAINER_PORT = 4010;
/** On a reachable address (the image's HOST=0.0.0.0) /__mock/credentials needs an admin token. */
const ADMIN_TOKEN = `${RUN}-admin`;
/** Prompt means well inside docker stop's 10 s grace period, after which it would SIGKILL. */
const STOP_LIMIT_MS = 5_000;
const HEALTHY_LIMIT_MS = 60_000;

const created = { containers: new Set(), image: false, volume: false, dirs: [] };
let passed = 0;
let failed = 0;

// --- docker and http helpers -------------------------------------------------------------------

/** Runs docker; resolves with { code, stdout, stderr, ms }. `input` is written to its stdin. */
function docker(args, { input, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    // BuildKit is the default builder since Docker 23; older engines need asking for it.
    const env = { ...process.env, DOCKER_BUILDKIT: process.env.DOCKER_BUILDKIT ?? '1' };
    const child = spawn('docker', args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: stdout.trim(), stderr: stderr.trim(), ms: Date.now() - started });
    });
    child.stdin.end(input ?? '');
  });
}

async function dockerOk(args, options) {
  const result = await docker(args, options);
  if (result.code !== 0)
    throw new Error(`docker ${args.join(' ')} exited ${result.code}\n${tail(result.stderr || result.stdout)}`);
  return result;
}

function tail(text, lines = 40) {
  return text.split('\n').slice(-lines).join('\n');
}

async function api(base, method, path, { headers = {}, body } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

function expectStatus(what, response, status) {
  if (response.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// --- containers --------------------------------------------------------------------------------

/** Starts the serve container (the image's default command) on the test volume. */
async function startServer(name) {
  const port = HOST_NETWORK ? await freePort() : CONTAINER_PORT;
  const network = HOST_NETWORK
    ? ['--network', 'host', '-e', `PORT=${port}`, '-e', 'HOST=127.0.0.1']
    : ['-p', `127.0.0.1::${CONTAINER_PORT}`];
  created.containers.add(name);
  await dockerOk([
    'run',
    '-d',
    '--name',
    name,
    '-v',
    `${VOLUME}:/data`,
    '-e',
    `PERS_MOCK_ADMIN_TOKEN=${ADMIN_TOKEN}`,
    ...network,
    IMAGE,
  ]);
  const healthyAfter = await waitHealthy(name);
  const base = HOST_NETWORK ? `http://127.0.0.1:${port}` : `http://${await publishedAddress(name)}`;
  return { name, base, port, healthyAfter };
}

async function publishedAddress(name) {
  const { stdout } = await dockerOk(['port', name, `${CONTAINER_PORT}/tcp`]);
  const address = stdout.split('\n').find((line) => line.startsWith('127.0.0.1:'));
  if (!address) throw new Error(`${name}: port ${CONTAINER_PORT} is not published on 127.0.0.1 (${stdout})`);
  return address;
}

/** Polls Docker's health status, which only the image's HEALTHCHECK sets. */
async function waitHealthy(name) {
  const started = Date.now();
  while (Date.now() - started < HEALTHY_LIMIT_MS) {
    const { stdout } = await dockerOk([
      'inspect',
      '-f',
      '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}',
      name,
    ]);
    const [state, health] = stdout.split(' ');
    if (health === 'healthy') return Date.now() - started;
    if (state !== 'running' || health === 'unhealthy') {
      throw new Error(`${name} is ${state}/${health || 'no healthcheck'}\n${await logs(name)}`);
    }
    await sleep(250);
  }
  throw new Error(`${name} not healthy after ${HEALTHY_LIMIT_MS} ms\n${await logs(name)}`);
}

async function logs(name) {
  const { stdout, stderr } = await docker(['logs', name]);
  return tail(`${stdout}\n${stderr}`);
}

/** `docker stop`, timed; resolves with its duration and the container's exit code. */
async function stopTimed(name) {
  const { ms } = await dockerOk(['stop', name], { timeoutMs: 30_000 });
  const { stdout } = await dockerOk(['inspect', '-f', '{{.State.ExitCode}}', name]);
  return { ms, exitCode: Number(stdout) };
}

function expectCleanStop(name, stop) {
  if (stop.exitCode !== 0) throw new Error(`${name} exited ${stop.exitCode} on docker stop (137 would mean SIGKILL)`);
  if (stop.ms > STOP_LIMIT_MS) throw new Error(`docker stop ${name} took ${stop.ms} ms (limit ${STOP_LIMIT_MS} ms)`);
}

async function removeContainer(name) {
  await docker(['rm', '-f', name]);
  created.containers.delete(name);
}

// --- checks ------------------------------------------------------------------------------------

/** Runs one check; a failed check ends the run unless later checks do not depend on it. */
async function check(description, run, { laterChecksNeedIt = true } = {}) {
  const started = Date.now();
  const number = passed + failed + 1;
  try {
    const note = await run();
    passed += 1;
    console.log(`ok ${number} - ${description} (${Date.now() - started} ms${note ? `; ${note}` : ''})`);
  } catch (error) {
    failed += 1;
    console.log(`not ok ${number} - ${description}`);
    console.log(String(error?.stack ?? error).replace(/^/gm, '    '));
    if (laterChecksNeedIt) throw new StepFailed();
  }
}

class StepFailed extends Error {}

async function dockerEngine() {
  try {
    const { code, stdout, stderr } = await docker(['version', '--format', '{{.Server.Version}}'], {
      timeoutMs: 20_000,
    });
    return code === 0 ? { version: stdout } : { problem: tail(stderr, 3) || `docker version exited ${code}` };
  } catch (error) {
    return { problem: error.code === 'ENOENT' ? 'no docker command on PATH' : error.message };
  }
}

async function main() {
  const engine = await dockerEngine();
  if (engine.problem) {
    if (process.env.DOCKER_TEST_REQUIRED === '1') {
      console.log(`docker test: no Docker engine (${engine.problem}) and DOCKER_TEST_REQUIRED=1`);
      return 1;
    }
    console.log(`docker test: skipped (no Docker engine: ${engine.problem})`);
    return 0;
  }
  console.log(
    `docker test: engine ${engine.version}, ${HOST_NETWORK ? 'host network' : 'published ports'}, base ` +
      `${NODE_IMAGE ?? "the Dockerfile's default"}, run ${RUN}`,
  );

  await check(
    '.dockerignore keeps node_modules, dist, data, test output and VCS files out of the build context',
    checkBuildContext,
  );
  await check('the image builds', buildImage);
  await check(
    'the image runs as non-root with HOST, PORT, EXPOSE, /data, a node HEALTHCHECK and the CLI entrypoint',
    checkImageConfig,
  );
  await check('the runtime stage has production dependencies only and no curl or wget', checkRuntimeContents);

  await dockerOk(['volume', 'create', VOLUME]);
  created.volume = true;
  let server = await startOrFail('first');
  const credentials = await api(server.base, 'GET', '/__mock/credentials', {
    headers: { 'x-admin-token': ADMIN_TOKEN },
  });
  const { tenants } = expectStatus('GET /__mock/credentials', credentials, 200);
  const [tenant, second] = tenants;
  const write = { authorization: `Bearer ${tenant.jwt}` };
  const read = { 'x-project-key': tenant.projectKey };
  const state = {};

  await check('the server process (PID 1) is node and not root', () => checkPid1(server.name));
  await check('create, list, update and delete trigger sources through the published port', async () => {
    Object.assign(state, await crud(server.base, write, read));
  });
  await check('docker stop lets an in-flight request finish, then exits 0 promptly', async () => {
    const { stop, created: late } = await stopDuringRequest(server.name, server.base, write);
    state.lateId = late.id;
    return `docker stop took ${stop.ms} ms`;
  });
  await removeContainer(server.name);

  server = await startOrFail('second', 'a new container on the same volume');
  await check('data written before the stop survived in the volume', () => checkSurvived(server.base, read, state));
  await check(
    'the contract image passes against the serve container (exit 0)',
    () => runContract(server, tenant, second),
    {
      laterChecksNeedIt: false,
    },
  );
  await check('docker stop with an idle keep-alive connection open exits 0 promptly', async () => {
    const stop = await stopWithIdleConnection(server.name, server.base);
    expectCleanStop(server.name, stop);
    return `docker stop took ${stop.ms} ms`;
  });
  return failed === 0 ? 0 : 1;

  async function startOrFail(label, what = 'a container from the image') {
    let started;
    await check(`${what} becomes healthy by its HEALTHCHECK`, async () => {
      started = await startServer(`${RUN}-${label}`);
      return `healthy after ${started.healthyAfter} ms`;
    });
    return started;
  }
}

async function checkBuildContext() {
  // Export the context exactly as a build sees it (after .dockerignore) into a temporary folder.
  const out = await mkdtemp(join(tmpdir(), `${RUN}-context-`));
  created.dirs.push(out);
  await dockerOk(['build', '-f', '-', '--output', `type=local,dest=${out}`, ROOT], {
    input: 'FROM scratch\nCOPY . /\n',
  });
  const kept = ['node_modules', 'dist', 'data', 'coverage', 'test-results', '.git', 'test'].filter((p) =>
    existsSync(join(ROOT, p)),
  );
  const leaked = kept.filter((p) => existsSync(join(out, p)));
  if (leaked.length) throw new Error(`the build context includes ${leaked.join(', ')}`);
  const needed = [
    'package.json',
    'package-lock.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'src',
    'openapi.yaml',
    'fixtures',
  ];
  const missing = needed.filter((p) => !existsSync(join(out, p)));
  if (missing.length) throw new Error(`the build context lacks ${missing.join(', ')}`);
  return `checked ${kept.join(', ')}`;
}

async function buildImage() {
  const args = ['build', '--progress=plain', '-t', IMAGE];
  if (HOST_NETWORK) args.push('--network', 'host');
  if (NODE_IMAGE) args.push('--build-arg', `NODE_IMAGE=${NODE_IMAGE}`);
  created.image = true;
  const { ms } = await dockerOk([...args, ROOT], { timeoutMs: 15 * 60_000 });
  const { stdout } = await dockerOk(['image', 'inspect', '-f', '{{.Size}}', IMAGE]);
  return `built in ${ms} ms, ${(Number(stdout) / 1e6).toFixed(0)} MB`;
}

async function checkImageConfig() {
  const { stdout } = await dockerOk(['image', 'inspect', '-f', '{{json .Config}}', IMAGE]);
  const config = JSON.parse(stdout);
  const env = Object.fromEntries(config.Env.map((line) => line.split(/=(.*)/s).slice(0, 2)));
  const problems = [];
  const user = String(config.User).split(':')[0];
  if (!user || user === 'root' || user === '0') problems.push(`User is "${config.User}"`);
  for (const [key, value] of Object.entries({ HOST: '0.0.0.0', PORT: '4010', PERS_MOCK_DB: '/data/db.json' })) {
    if (env[key] !== value) problems.push(`${key} is ${env[key]}, not ${value}`);
  }
  if (!config.ExposedPorts?.['4010/tcp']) problems.push('4010/tcp is not exposed');
  if (!config.Volumes?.['/data']) problems.push('/data is not a volume');
  if (JSON.stringify(config.Entrypoint) !== JSON.stringify(['node', '/app/dist/cli/main.js']))
    problems.push(`Entrypoint is ${JSON.stringify(config.Entrypoint)}`);
  if (JSON.stringify(config.Cmd) !== JSON.stringify(['serve'])) problems.push(`Cmd is ${JSON.stringify(config.Cmd)}`);
  const probe = config.Healthcheck?.Test ?? [];
  if (probe[0] !== 'CMD' || probe[1] !== 'node' || !probe.join(' ').includes('/__mock/health'))
    problems.push(`Healthcheck is ${JSON.stringify(probe)}`);
  if (problems.length) throw new Error(problems.join('; '));
  return `user ${config.User}`;
}

async function checkRuntimeContents() {
  const script = `
    const { existsSync } = require('node:fs');
    const present = (p) => existsSync(p);
    const wrong = [
      ...['typescript', 'vitest', '@redocly/cli', 'dockerfile-utils']
        .filter((m) => present('/app/node_modules/' + m))
        .map((m) => 'dev dependency ' + m),
      ...['fastify', 'lowdb', 'commander'].filter((m) => !present('/app/node_modules/' + m)).map((m) => 'missing ' + m),
      ...['/app/dist/cli/main.js', '/app/openapi.yaml', '/app/fixtures/tenants.json', '/app/contracts']
        .filter((p) => !present(p))
        .map((p) => 'missing ' + p),
      ...['/app/src', '/usr/bin/curl', '/usr/bin/wget'].filter(present).map((p) => 'unexpected ' + p),
    ];
    console.log(JSON.stringify(wrong));`;
  const { stdout } = await dockerOk([
    'run',
    '--rm',
    '--no-healthcheck',
    '--network',
    'none',
    '--entrypoint',
    'node',
    IMAGE,
    '-e',
    script,
  ]);
  const wrong = JSON.parse(stdout);
  if (wrong.length) throw new Error(wrong.join('; '));
}

async function checkPid1(name) {
  const { stdout } = await dockerOk([
    'exec',
    name,
    'node',
    '-e',
    `
    const fs = require('node:fs');
    const status = fs.readFileSync('/proc/1/status', 'utf8');
    const uid = status.match(/^Uid:\\s+(\\d+)/m)[1];
    const cmd = fs.readFileSync('/proc/1/cmdline', 'utf8').split('\\0').filter(Boolean);
    console.log(JSON.stringify({ uid, cmd }));`,
  ]);
  const { uid, cmd } = JSON.parse(stdout);
  if (uid === '0') throw new Error('PID 1 runs as root');
  if (!/(^|\/)node$/.test(cmd[0]) || !cmd.includes('serve')) throw new Error(`PID 1 is ${cmd.join(' ')}`);
  return `PID 1 uid ${uid}: ${cmd.join(' ')}`;
}

async function crud(base, write, read) {
  const name = `docker sandbox ${RUN}`;
  const kept = expectStatus(
    'POST /trigger-sources',
    await api(base, 'POST', '/trigger-sources', { headers: write, body: { type: 'QR_CODE', name } }),
    201,
  );
  const doomed = expectStatus(
    'POST /trigger-sources',
    await api(base, 'POST', '/trigger-sources', {
      headers: write,
      body: { type: 'QR_CODE', name: `${name} (deleted)` },
    }),
    201,
  );
  const listed = expectStatus(
    'GET /trigger-sources',
    await api(base, 'GET', '/trigger-sources', { headers: read }),
    200,
  );
  for (const record of [kept, doomed]) {
    if (!listed.some((item) => item.id === record.id))
      throw new Error(`GET /trigger-sources does not list ${record.id}`);
  }
  const renamed = `${name} (renamed)`;
  const updated = expectStatus(
    'PUT /trigger-sources/{id}',
    await api(base, 'PUT', `/trigger-sources/${kept.id}`, { headers: write, body: { type: 'QR_CODE', name: renamed } }),
    200,
  );
  if (updated.name !== renamed) throw new Error(`PUT answered name ${updated.name}`);
  expectStatus(
    'DELETE /trigger-sources/{id}',
    await api(base, 'DELETE', `/trigger-sources/${doomed.id}`, { headers: write }),
    200,
  );
  expectStatus(
    'GET a deleted trigger source',
    await api(base, 'GET', `/trigger-sources/${doomed.id}`, { headers: read }),
    404,
  );
  const health = expectStatus('GET /__mock/health', await api(base, 'GET', '/__mock/health'), 200);
  return { keptId: kept.id, renamed, deletedId: doomed.id, seed: health.seed };
}

/**
 * Sends the headers and half the body of a create, stops the container, and sends the rest once
 * the server has logged the SIGTERM: the request must still be answered, and its record stored.
 */
async function stopDuringRequest(name, base, write) {
  const body = JSON.stringify({ type: 'QR_CODE', name: `in flight during docker stop ${RUN}` });
  const half = Math.floor(body.length / 2);
  const url = new URL('/trigger-sources', base);
  let stopping;
  const response = await new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      agent: false,
      headers: { ...write, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    req.setTimeout(20_000, () => req.destroy(new Error('no response to the in-flight request')));
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : undefined }));
    });
    req.flushHeaders();
    req.write(body.slice(0, half));
    (async () => {
      await sleep(300);
      stopping = stopTimed(name);
      await waitForLog(name, 'SIGTERM received');
      req.end(body.slice(half));
    })().catch(reject);
  });
  const record = expectStatus('the in-flight POST /trigger-sources', response, 201);
  const stop = await stopping;
  expectCleanStop(name, stop);
  return { stop, created: record };
}

async function waitForLog(name, text) {
  const started = Date.now();
  while (Date.now() - started < 8_000) {
    const { stdout, stderr } = await docker(['logs', name]);
    if (`${stdout}\n${stderr}`.includes(text)) return;
    await sleep(100);
  }
  throw new Error(`${name} never logged "${text}"\n${await logs(name)}`);
}

async function checkSurvived(base, read, state) {
  const kept = expectStatus(
    'GET the updated trigger source',
    await api(base, 'GET', `/trigger-sources/${state.keptId}`, { headers: read }),
    200,
  );
  if (kept.name !== state.renamed) throw new Error(`after the restart its name is ${kept.name}, not ${state.renamed}`);
  expectStatus(
    'GET the in-flight trigger source',
    await api(base, 'GET', `/trigger-sources/${state.lateId}`, { headers: read }),
    200,
  );
  expectStatus(
    'GET the deleted trigger source',
    await api(base, 'GET', `/trigger-sources/${state.deletedId}`, { headers: read }),
    404,
  );
  const health = expectStatus('GET /__mock/health', await api(base, 'GET', '/__mock/health'), 200);
  const [before, after] = [state.seed, health.seed].map((seed) => JSON.stringify(seed));
  if (after !== before) throw new Error(`the store was reseeded (seed ${before} → ${after})`);
}

async function runContract(server, tenant, second) {
  const target = HOST_NETWORK ? ['--network', 'host'] : ['--network', `container:${server.name}`];
  const port = HOST_NETWORK ? server.port : CONTAINER_PORT;
  const name = `${RUN}-contract`;
  created.containers.add(name);
  const args = [
    'run',
    '--rm',
    '--name',
    name,
    '--no-healthcheck',
    ...target,
    IMAGE,
    'contract',
    '--base-url',
    `http://127.0.0.1:${port}`,
    '--project-key',
    tenant.projectKey,
    '--jwt',
    tenant.jwt,
  ];
  if (second) args.push('--second-project-key', second.projectKey, '--second-jwt', second.jwt);
  const { code, stdout, stderr, ms } = await docker(args, { timeoutMs: 5 * 60_000 });
  const output = tail(`${stdout}\n${stderr}`.trim(), 30);
  if (code !== 0) {
    const missing = /unknown (command|option)|too many arguments/.test(output);
    const meaning = missing
      ? 'the CLI in this image has no contract command'
      : ({ 1: 'contract failures', 2: 'usage error', 3: 'server unreachable' }[code] ?? 'unexpected');
    throw new Error(`contract exited ${code} (${meaning})\n${output}`);
  }
  return `ran in ${ms} ms; ${stdout.split('\n').pop()}`;
}

/** Holds an idle keep-alive connection open across `docker stop`: it must not delay the exit. */
async function stopWithIdleConnection(name, base) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const status = await new Promise((resolve, reject) => {
    httpRequest(new URL('/__mock/health', base), { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    })
      .on('error', reject)
      .end();
  });
  if (status !== 200) throw new Error(`health answered ${status}`);
  try {
    return await stopTimed(name);
  } finally {
    agent.destroy();
  }
}

// --- run and clean up --------------------------------------------------------------------------

async function cleanUp() {
  for (const name of created.containers) await docker(['rm', '-f', name]).catch(() => {});
  created.containers.clear();
  if (created.image) await docker(['rmi', '-f', IMAGE]).catch(() => {});
  if (created.volume) await docker(['volume', 'rm', '-f', VOLUME]).catch(() => {});
  created.image = created.volume = false;
  for (const dir of created.dirs.splice(0)) await rm(dir, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.log(`docker test: ${signal}; cleaning up`);
    cleanUp().finally(() => process.exit(130));
  });
}

const started = Date.now();
let status;
try {
  status = await main();
} catch (error) {
  if (!(error instanceof StepFailed)) {
    failed += 1;
    console.log(`docker test: ${error?.stack ?? error}`);
  }
  status = 1;
} finally {
  await cleanUp();
}
if (passed + failed > 0) {
  console.log(`docker test: ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`docker: ${passed} passed, ${failed} failed`);
}
process.exit(status);
