// The contract runner's benchmark as Markdown, with its targets checked: pure, so
// test/bench/contract-report.test.ts can test it on made-up figures.

/** The median of the numbers given (null when there are none). */
function median(values) {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const seconds = (ms) => (ms === null ? '—' : `${(ms / 1000).toFixed(2)} s`);

/** The targets: with +200 ms per answer, 8 workers ≥ 5× faster than 1; the default run locally < 1.5 s. */
export function contractChecks(runs) {
  const wall = (scenario) => median(runs.filter((r) => r.scenario === scenario).map((r) => r.wallMs));
  const one = wall('latency-1');
  const eight = wall('latency-8');
  const local = wall('local-default');
  const speedup = one !== null && eight ? one / eight : null;
  return [
    {
      target: 'with +200 ms per answer, 8 workers ≥ 5× faster than 1 (wall time)',
      pass: speedup !== null && speedup >= 5,
      shown: speedup === null ? '—' : `${speedup.toFixed(2)}×`,
    },
    {
      target: 'the default run against the local mock < 1.5 s, process start included',
      pass: local !== null && local < 1500,
      shown: seconds(local),
    },
  ];
}

export const CONTRACT_SCENARIOS = {
  'local-1': 'local mock, --workers 1',
  'local-8': 'local mock, --workers 8',
  'local-default': 'local mock, default workers',
  'latency-1': 'mock with --latency 200, --workers 1',
  'latency-8': 'mock with --latency 200, --workers 8',
};

export function renderContractReport({ meta, runs }) {
  const checks = contractChecks(runs);
  const rows = Object.entries(CONTRACT_SCENARIOS).map(([scenario, label]) => {
    const of = runs.filter((r) => r.scenario === scenario);
    const load = of.map((r) => r.loadAverage?.toFixed(1) ?? '—').join(', ');
    const wall = seconds(median(of.map((r) => r.wallMs)));
    const run = seconds(median(of.map((r) => r.runMs)));
    const rounds = of.map((r) => seconds(r.wallMs)).join(', ');
    const workers = of[0]?.workers ?? '—';
    const requests = of[0]?.requests ?? '—';
    return `| ${label} | ${workers} | ${requests} | ${wall} | ${run} | ${rounds} | ${load} |`;
  });
  const passed = checks.filter((c) => c.pass).length;
  const markdown = [
    '# The contract runner: benchmark',
    '',
    `Written by \`npm run bench\` (bench/contract.mjs) on ${meta.date}. The built CLI, \`pers-mock contract ` +
      `--mock-credentials --seed 7\` with the shipped suite, against \`pers-mock serve --db :memory:\` on the same ` +
      `machine, without and with \`--latency 200\` (every answer 200 ms later, as from a distant server).`,
    '',
    `- Machine: ${meta.cpu} × ${meta.cores} cores, ${meta.os}; Node ${meta.node}`,
    `- Code: ${meta.commit}`,
    `- ${meta.rounds} round(s) per scenario, scenarios alternating; figures are medians.`,
    '',
    '## Targets',
    '',
    `${passed} of ${checks.length} checks pass.`,
    '',
    ...checks.map((c) => `- ${c.pass ? '✅' : '❌'} ${c.target}: ${c.shown}`),
    '',
    '## Runs',
    '',
    '"wall" is from spawning the CLI to its exit (process start and loading the document included); "run" is the ' +
      'duration the run reports itself. The load average (1 min) was read before each run: other processes on ' +
      'the machine slow the local runs most.',
    '',
    '| Scenario | Workers | Requests | Wall | Run | Wall per round | Load average |',
    '|---|---:|---:|---:|---:|---|---|',
    ...rows,
    '',
    ...(meta.notes?.length ? ['## Notes', '', ...meta.notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
  return { markdown, passed, failed: checks.length - passed };
}
