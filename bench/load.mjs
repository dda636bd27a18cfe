#!/usr/bin/env node
// Load generator for one measurement: a warm-up, then a fixed-duration run, with autocannon.
// Started by bench/run.mjs (pinned to its own core when taskset exists); reads its job from the
// JSON file named by argv[2] (or inline JSON) and prints one JSON result line on stdout. Between the phases it prints
// `{"event":"measuring"}` so the orchestrator knows when to sample the server's memory.
//
// Latencies are recorded here from autocannon's per-response `response` event (milliseconds as a
// float, from process.hrtime) rather than from autocannon's own histogram, which only stores whole
// milliseconds: at sub-millisecond latencies its p50 is 0 or 1 ms and no ratio could be taken.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const arg = process.argv[2] ?? '';
const job = JSON.parse(arg.trimStart().startsWith('{') ? arg : readFileSync(arg, 'utf8'));
const { url, connections, warmupSeconds, durationSeconds, timeoutSeconds = 10 } = job;

function send(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** One HTTP request for autocannon (a static one: built once, replayed as it is). */
function request(spec) {
  const headers = { ...spec.headers };
  let body;
  if (spec.body !== undefined) {
    body = JSON.stringify(spec.body);
    headers['content-type'] = 'application/json';
  }
  return { method: spec.method, path: spec.path, headers, body };
}

/**
 * Each connection starts at its own place in the list (connection k at k/connections of it), so
 * that with a list of ids the connections do not all send the same id at the same moment: a
 * store that locks a record while writing it would be measured waiting on that one record.
 */
function staggered(requests) {
  let clients = 0;
  return (client) => {
    const offset = Math.floor(((clients++ % connections) * requests.length) / connections);
    if (offset > 0) client.setRequests([...requests.slice(offset), ...requests.slice(0, offset)]);
  };
}

function run(seconds, onResponse) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const requests = job.requests.map(request);
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        timeout: timeoutSeconds,
        requests,
        setupClient: staggered(requests),
        // Every measured response is also recorded below at full precision.
        excludeErrorStats: false,
      },
      (error, result) => {
        const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
        if (error) reject(error);
        else resolve({ result, elapsedSeconds });
      },
    );
    if (onResponse) instance.on('response', onResponse);
  });
}

/** Nearest-rank percentile of a sorted array. */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

try {
  if (warmupSeconds > 0) await run(warmupSeconds);
  send({ event: 'measuring' });
  const cpuBefore = process.cpuUsage();

  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let ok = 0;
  const statusCodes = {};
  const { result, elapsedSeconds } = await run(durationSeconds, (_client, statusCode, _bytes, responseTime) => {
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    if (statusCode < 200 || statusCode >= 300) return;
    ok++;
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[count++] = responseTime;
  });
  const cpu = process.cpuUsage(cpuBefore);
  const sorted = latencies.subarray(0, count).sort();
  let sum = 0;
  for (let i = 0; i < count; i++) sum += sorted[i];
  send({
    event: 'result',
    seconds: elapsedSeconds,
    ok,
    requestsPerSecond: ok / elapsedSeconds,
    latencyMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: count ? sorted[count - 1] : null,
      mean: count ? sum / count : null,
    },
    statusCodes,
    // Requests written to the sockets; those unanswered when the window closed are not counted.
    sent: result.requests.sent,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerSecond: result.throughput.average,
    // CPU time this load generator used while measuring, so the orchestrator can tell how much
    // of the machine went to other processes.
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  });
  process.exit(0);
} catch (error) {
  send({ event: 'error', message: error instanceof Error ? error.stack : String(error) });
  process.exit(1);
}
