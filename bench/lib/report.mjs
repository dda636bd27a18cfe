// Pure functions of bench/run.mjs: medians, the targets of issue 5, and the Markdown report.
// No I/O here, so the formatting can be tested on its own (test/bench/report.test.ts).

/** Scenarios in report order, with their description in the table. */
export const SCENARIOS = {
  list: 'list: `GET /trigger-sources?limit=20&type=QR_CODE&sortBy=name&sortOrder=ASC`',
  get: 'get by id: `GET /trigger-sources/{id}`',
  create: 'create: `POST /trigger-sources`',
  update: 'update: `PUT /trigger-sources/{id}`',
  mixed: 'mixed: 40% list, 40% get, 10% create, 10% update',
  floor:
    'reference, not the mock: the create on bare Fastify + the same durable journal (`bench/durable-baseline.mjs`)',
};

export const TARGETS = {
  readRatio: 0.7,
  readP99Ms: 5,
  writeRatio: 0.5,
  scaleRatio: 0.5,
  startupDefaultMs: 300,
  startupLargeMs: 2000,
  idleRssMb: 100,
};

export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function max(values) {
  const finite = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  return finite.length ? Math.max(...finite) : null;
}

function sum(values) {
  return values.reduce((total, v) => total + (v ?? 0), 0);
}

/** The medians of a list of load runs (see bench/load.mjs for one run's shape). */
export function summariseRuns(runs) {
  const rpsRuns = runs.map((r) => r.requestsPerSecond);
  const rps = median(rpsRuns);
  return {
    runs: runs.length,
    rps,
    rpsSpread: rps ? (max(rpsRuns) - Math.min(...rpsRuns)) / rps : null,
    p50: median(runs.map((r) => r.latencyMs?.p50)),
    p99: median(runs.map((r) => r.latencyMs?.p99)),
    rssMb: median(runs.map((r) => r.rssPeakMb)),
    failures: sum(runs.map((r) => (r.non2xx ?? 0) + (r.errors ?? 0) + (r.timeouts ?? 0))),
    storeAfter: max(runs.map((r) => r.storeAfter)),
    answered: sum(runs.map((r) => r.ok ?? (r.requestsPerSecond > 0 ? 1 : 0))),
  };
}

export function ratio(value, base) {
  if (value == null || base == null || base === 0) return null;
  return value / base;
}

/** Checks of one scenario at one scale: [{ label, pass, shown }]. */
export function scenarioChecks(name, row, baseline, atSmallestScale, isLargeScale) {
  const checks = [];
  const vsBase = ratio(row.rps, baseline.rps);
  if (name === 'list' || name === 'get') {
    checks.push({
      label: `≥ ${TARGETS.readRatio}× base req/s`,
      pass: vsBase != null && vsBase >= TARGETS.readRatio,
      shown: fmtRatio(vsBase),
    });
    checks.push({
      label: `p99 < ${TARGETS.readP99Ms} ms`,
      pass: row.p99 != null && row.p99 < TARGETS.readP99Ms,
      shown: `${fmtMs(row.p99)} ms`,
    });
  }
  if (name === 'create' || name === 'update') {
    checks.push({
      label: `≥ ${TARGETS.writeRatio}× base GET req/s`,
      pass: vsBase != null && vsBase >= TARGETS.writeRatio,
      shown: fmtRatio(vsBase),
    });
  }
  if (isLargeScale && (name === 'list' || name === 'get' || name === 'create')) {
    const vsSmall = atSmallestScale ? ratio(row.rps, atSmallestScale.rps) : null;
    checks.push({
      label: `≥ ${TARGETS.scaleRatio}× req/s at ${atSmallestScale?.sources ?? 'smallest scale'}`,
      pass: vsSmall == null ? null : vsSmall >= TARGETS.scaleRatio,
      shown: vsSmall == null ? 'n/a' : fmtRatio(vsSmall),
    });
  }
  if (row.answered === 0) {
    checks.push({
      label: 'answers within the measured window',
      pass: false,
      shown: 'no request completed in any round',
    });
  }
  if (row.failures > 0) {
    checks.push({ label: 'no failed requests', pass: false, shown: `${row.failures} non-2xx/errors/timeouts` });
  }
  return checks;
}

export function fmtRps(v) {
  if (v == null) return '—';
  if (v >= 100) return Math.round(v).toLocaleString('en-US');
  return v.toFixed(v >= 10 ? 1 : 2);
}

export function fmtMs(v) {
  if (v == null) return '—';
  if (v >= 100) return Math.round(v).toLocaleString('en-US');
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

export function fmtMb(v) {
  return v == null ? '—' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1);
}

export function fmtRatio(v) {
  if (v == null) return '—';
  if (v === 0) return '0×';
  if (v >= 10) return `${Math.round(v)}×`;
  if (v >= 0.1) return `${v.toFixed(2)}×`;
  return `${v.toPrecision(2)}×`;
}

function mark(pass) {
  return pass === true ? '✅' : pass === false ? '❌' : '➖';
}

function renderChecks(checks) {
  if (checks.length === 0) return '—';
  return checks.map((c) => `${mark(c.pass)} ${c.label}: ${c.shown}`).join('<br>');
}

function count(n) {
  return n.toLocaleString('en-US');
}

/**
 * The report. `results` is what bench/run.mjs gathers:
 * { meta, startup: [{ label, sources, existingFile, mockMs[], baselineMs[] }],
 *   scales: [{ sources, baselineRuns[], scenarios: { name: runs[] }, idleRss: { mock[], baseline[] } }] }
 */
export function renderReport(results) {
  const { meta } = results;
  const lines = [];
  const allChecks = [];
  lines.push('# pers-mock benchmark');
  lines.push('');
  lines.push(
    `Written by \`npm run bench\` (bench/run.mjs) on ${meta.date}. One run on one machine: compare the ` +
      'ratios to the baseline, which is measured in the same run, rather than absolute figures.',
  );
  lines.push('');
  lines.push(
    `- Machine: ${meta.cpu} × ${meta.cores} cores, ${meta.os}; Node ${meta.node}; autocannon ${meta.autocannon}, ` +
      `fastify ${meta.fastify}`,
  );
  lines.push(`- Code: ${meta.commit}`);
  lines.push(
    `- Load: ${meta.config.connections} connections; ${meta.config.warmupSeconds} s warm-up then ` +
      `${meta.config.durationSeconds} s measured; ${meta.config.rounds} rounds, baseline and mock measured ` +
      'alternately (A B A B …); figures are medians over the rounds.',
  );
  lines.push(`- Pinning: ${meta.pinning}`);
  lines.push(
    '- Mock: `node dist/cli/main.js serve --db <temp dir>/db.json --log-level warn' +
      `${meta.config.serverArgs ? ` ${meta.config.serverArgs}` : ''}\`` +
      `${meta.config.nodeArgs ? ` with node ${meta.config.nodeArgs}` : ''}, file store, ` +
      'restarted from a fresh copy of the seeded file before every measurement; ' +
      'valid credentials (x-project-key for reads, the dev Bearer JWT for writes).',
  );
  lines.push(
    '- Baseline: bare Fastify (`bench/baseline.mjs`, no logging, validation, auth or store) answering every GET ' +
      'with a fixed array of the 20 trigger sources the mock returns for the list scenario.',
  );
  lines.push('');

  // Throughput and latency.
  lines.push('## Throughput and latency');
  lines.push('');
  lines.push(
    "`× base` is the figure divided by the baseline's in the same run and at the same scale " +
      '(for req/s higher is better, for latency and memory lower is better). ' +
      'p50/p99 are per-request latencies seen by the load generator. ' +
      'RSS is the peak VmRSS of the server process while measured. ' +
      'Store size is the number of live trigger sources when the measurement ended (writes make it grow).',
  );
  lines.push('');
  lines.push(
    '| Sources | Scenario | req/s | × base | spread | p50 ms | × base | p99 ms | × base | ' +
      'RSS MB | × base | Store after | Targets |',
  );
  lines.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  const smallest = results.scales.length > 1 ? results.scales[0] : null;
  for (const scale of results.scales) {
    const base = summariseRuns(scale.baselineRuns);
    lines.push(
      `| ${count(scale.sources)} | **baseline** (bare Fastify, 20 items) | ${fmtRps(base.rps)} | 1× | ` +
        `${pct(base.rpsSpread)} | ${fmtMs(base.p50)} | 1× | ${fmtMs(base.p99)} | 1× | ${fmtMb(base.rssMb)} | 1× | ` +
        `— | ${base.failures ? `❌ ${base.failures} failed requests` : '—'} |`,
    );
    for (const name of Object.keys(SCENARIOS)) {
      const runs = scale.scenarios[name];
      if (!runs || runs.length === 0) continue;
      const row = summariseRuns(runs);
      let atSmallest = null;
      if (smallest && scale !== smallest && smallest.scenarios[name]?.length) {
        atSmallest = { ...summariseRuns(smallest.scenarios[name]), sources: count(smallest.sources) };
      }
      const checks = scenarioChecks(name, row, base, atSmallest, smallest !== null && scale !== smallest);
      allChecks.push(...checks.map((c) => ({ ...c, where: `${name} @ ${count(scale.sources)}` })));
      lines.push(
        `| ${count(scale.sources)} | ${SCENARIOS[name]} | ` +
          `${fmtRps(row.rps)} | ${fmtRatio(ratio(row.rps, base.rps))} | ${pct(row.rpsSpread)} | ` +
          `${fmtMs(row.p50)} | ${fmtRatio(ratio(row.p50, base.p50))} | ` +
          `${fmtMs(row.p99)} | ${fmtRatio(ratio(row.p99, base.p99))} | ` +
          `${fmtMb(row.rssMb)} | ${fmtRatio(ratio(row.rssMb, base.rssMb))} | ` +
          `${row.storeAfter == null ? '—' : count(row.storeAfter)} | ${renderChecks(checks)} |`,
      );
    }
  }
  lines.push('');
  lines.push('`spread` is (max − min) / median of req/s over the rounds: a rough noise figure.');
  if (results.scales.some((scale) => scale.scenarios.floor?.length)) {
    lines.push(
      'The `floor` row is not the mock: it is bare Fastify answering the create scenario once the record is on ' +
        "disk, with the mock's journal technique (an O_DSYNC append, writes arriving together sharing one flush) " +
        'and nothing else. It is what durable writes cost on this machine before any work of the mock; ' +
        'the write targets are measured against the GET baseline.',
    );
  }
  lines.push('');

  // Start-up.
  if (results.startup.length) {
    lines.push('## Start-up');
    lines.push('');
    lines.push(
      'From spawning the process to the first successful answer to the list request (polled every ' +
        `${meta.config.pollMs} ms); median of ${meta.config.startupRuns} starts. ` +
        '"new file" seeds the store and writes it; "existing file" reads a store written by an earlier start. ' +
        'The baseline starts the same way (read a JSON file, listen).',
    );
    lines.push('');
    lines.push('| Data | Store | Mock ms | Baseline ms | × base | Target |');
    lines.push('|---|---|---:|---:|---:|---|');
    for (const row of results.startup) {
      const mockMs = median(row.mockMs);
      const baseMs = median(row.baselineMs ?? []);
      const limit = row.sources >= 100_000 ? TARGETS.startupLargeMs : row.isDefault ? TARGETS.startupDefaultMs : null;
      let target = '—';
      if (limit != null) {
        const pass = mockMs != null && mockMs < limit;
        allChecks.push({
          label: `start-up < ${count(limit)} ms`,
          pass,
          shown: `${fmtMs(mockMs)} ms`,
          where: row.label,
        });
        target = `${mark(pass)} < ${count(limit)} ms`;
      }
      lines.push(
        `| ${row.label} | ${row.existingFile ? 'existing file' : 'new file'} | ${fmtMs(mockMs)} | ` +
          `${fmtMs(baseMs)} | ${fmtRatio(ratio(mockMs, baseMs))} | ${target} |`,
      );
    }
    lines.push('');
  }

  // Memory.
  const idleRows = results.idle ?? [];
  if (idleRows.length) {
    lines.push('## Memory');
    lines.push('');
    lines.push(
      'Idle RSS: VmRSS of the server process about a second after it first answered, before any load ' +
        '(median over its starts). Under load: the highest peak VmRSS over the scenarios at that scale.',
    );
    lines.push('');
    lines.push(
      '| Data | Mock idle MB | Baseline idle MB | × base | ' +
        'Mock peak under load MB | Baseline peak MB | × base | Target |',
    );
    lines.push('|---|---:|---:|---:|---:|---:|---:|---|');
    for (const row of idleRows) {
      const mockIdle = median(row.mockMb);
      const baseIdle = median(row.baselineMb);
      let target = '—';
      if (row.target) {
        const pass = mockIdle != null && mockIdle < TARGETS.idleRssMb;
        allChecks.push({
          label: `idle RSS < ${TARGETS.idleRssMb} MB`,
          pass,
          shown: `${fmtMb(mockIdle)} MB`,
          where: row.label,
        });
        target = `${mark(pass)} idle < ${TARGETS.idleRssMb} MB`;
      }
      lines.push(
        `| ${row.label} | ${fmtMb(mockIdle)} | ${fmtMb(baseIdle)} | ${fmtRatio(ratio(mockIdle, baseIdle))} | ` +
          `${fmtMb(row.mockPeakMb)} | ${fmtMb(row.baselinePeakMb)} | ` +
          `${fmtRatio(ratio(row.mockPeakMb, row.baselinePeakMb))} | ${target} |`,
      );
    }
    lines.push('');
  }

  // Summary first in the file, built last.
  const failed = allChecks.filter((c) => c.pass === false);
  const passed = allChecks.filter((c) => c.pass === true);
  const summary = [
    '## Targets',
    '',
    `${passed.length} of ${passed.length + failed.length} checks pass.` + (failed.length ? ' Missed:' : ''),
    '',
    ...failed.map((c) => `- ❌ ${c.where}: ${c.label} (got ${c.shown})`),
    ...(failed.length ? [''] : []),
  ];
  const firstSection = lines.indexOf('## Throughput and latency');
  lines.splice(firstSection, 0, ...summary);
  if (meta.notes?.length) {
    lines.push('## Notes');
    lines.push('');
    for (const note of meta.notes) lines.push(`- ${note}`);
    lines.push('');
  }
  return { markdown: lines.join('\n'), passed: passed.length, failed: failed.length };
}

function pct(v) {
  return v == null ? '—' : `${Math.round(v * 100)}%`;
}
