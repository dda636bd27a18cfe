import { describe, expect, it } from 'vitest';
import {
  fmtRatio,
  median,
  renderReport,
  scenarioChecks,
  summariseRuns,
  type LoadRun,
} from '../../bench/lib/report.mjs';

function run(rps: number, p50: number, p99: number, rss = 80, extra: Partial<LoadRun> = {}): LoadRun {
  return {
    requestsPerSecond: rps,
    latencyMs: { p50, p99 },
    rssPeakMb: rss,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    ...extra,
  };
}

const meta = {
  date: '2026-01-01T00:00:00Z',
  cpu: 'Test CPU',
  cores: 2,
  os: 'Linux',
  node: '20.20.0',
  autocannon: '8.0.0',
  fastify: '5.0.0',
  commit: 'abc1234',
  pinning: 'servers on CPU 0, load generator on CPU 1 (taskset)',
  config: {
    connections: 10,
    warmupSeconds: 2,
    durationSeconds: 5,
    rounds: 2,
    startupRuns: 3,
    pollMs: 5,
    serverArgs: '',
    nodeArgs: '',
  },
  notes: ['A note.'],
};

function results() {
  return {
    meta,
    startup: [
      {
        label: 'default data (50 sources)',
        sources: 50,
        isDefault: true,
        existingFile: false,
        mockMs: [250, 260, 240],
        baselineMs: [100, 110, 90],
      },
      {
        label: '100,000 sources',
        sources: 100_000,
        isDefault: false,
        existingFile: true,
        mockMs: [2500, 2600],
        baselineMs: [100],
      },
    ],
    idle: [
      {
        label: 'default data (50 sources)',
        target: true,
        mockMb: [90, 95],
        baselineMb: [60],
        mockPeakMb: null,
        baselinePeakMb: null,
      },
    ],
    scales: [
      {
        sources: 100,
        baselineRuns: [run(20_000, 0.4, 1.0), run(22_000, 0.5, 1.2)],
        scenarios: { list: [run(15_000, 0.6, 2), run(16_000, 0.6, 2)], create: [run(5_000, 2, 6)] },
      },
      {
        sources: 100_000,
        baselineRuns: [run(20_000, 0.4, 1.0)],
        scenarios: { list: [run(100, 50, 90)], create: [run(4_000, 2, 7, 300, { non2xx: 3 })] },
      },
    ],
  };
}

describe('bench report', () => {
  it('takes medians, ignoring missing values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([null, undefined, 5])).toBe(5);
    expect(median([])).toBeNull();
  });

  it('shows the durable-write reference with its ratio to the GET baseline, explained, and with no target', () => {
    const withFloor = results();
    withFloor.scales[0].scenarios = {
      ...withFloor.scales[0].scenarios,
      floor: [run(11_000, 0.9, 2)],
    } as (typeof withFloor.scales)[0]['scenarios'];
    const report = renderReport(withFloor).markdown;
    const row = report.split('\n').find((line) => line.includes('reference, not the mock'));
    expect(row).toContain('11,000 | 0.52×');
    expect(row).toMatch(/\| — \|$/);
    expect(report).toContain('The `floor` row is not the mock');
    expect(
      scenarioChecks(
        'floor',
        summariseRuns([run(11_000, 0.9, 2)]),
        summariseRuns([run(21_000, 0.45, 1.1)]),
        null,
        false,
      ),
    ).toEqual([]);
  });

  it('checks the issue targets of a scenario', () => {
    const base = summariseRuns([run(20_000, 0.4, 1)]);
    const list = scenarioChecks('list', summariseRuns([run(15_000, 0.6, 6)]), base, null, false);
    expect(list.map((c) => c.pass)).toEqual([true, false]);
    const create = scenarioChecks('create', summariseRuns([run(9_000, 1, 2)]), base, null, false);
    expect(create.map((c) => c.pass)).toEqual([false]);
    const small = { ...summariseRuns([run(10_000, 1, 2)]), sources: '100' };
    const large = scenarioChecks('get', summariseRuns([run(6_000, 1, 2)]), base, small, true);
    expect(large.at(-1)).toMatchObject({ pass: true, shown: '0.60×' });
  });

  it('renders the table with ratios to the baseline and pass/fail marks', () => {
    const { markdown, passed, failed } = renderReport(results());
    expect(markdown).toContain('| Sources | Scenario | req/s | × base |');
    // list @100: median 15,500 req/s against a baseline median of 21,000 → 0.74×.
    expect(markdown).toMatch(/\| 100 \| list: .*\| 15,500 \| 0\.74× \|/);
    expect(markdown).toContain('✅ ≥ 0.7× base req/s: 0.74×');
    expect(markdown).toContain('❌ ≥ 0.5× req/s at 100: 0.0065×');
    expect(markdown).toContain('❌ no failed requests: 3 non-2xx/errors/timeouts');
    expect(markdown).toMatch(/\| default data \(50 sources\) \| new file \| 250 \| 100 \| 2\.50× \| ✅ < 300 ms \|/);
    expect(markdown).toMatch(/\| 100,000 sources \| existing file \| 2,550 \| 100 \| 26× \| ❌ < 2,000 ms \|/);
    expect(markdown).toContain('✅ idle < 100 MB');
    expect(markdown.indexOf('## Targets')).toBeLessThan(markdown.indexOf('## Throughput and latency'));
    expect(markdown).toContain(`${passed} of ${passed + failed} checks pass.`);
    expect(failed).toBeGreaterThan(0);
    expect(markdown).toContain('- A note.');
  });

  it('formats ratios compactly', () => {
    expect(fmtRatio(0.734)).toBe('0.73×');
    expect(fmtRatio(0.00654)).toBe('0.0065×');
    expect(fmtRatio(26.4)).toBe('26×');
    expect(fmtRatio(null)).toBe('—');
  });
});

describe('bench report, a scenario with no answer', () => {
  it('says so rather than showing an empty row', () => {
    const base = summariseRuns([run(20_000, 0.4, 1)]);
    const none = summariseRuns([{ requestsPerSecond: 0, ok: 0, sent: 10, latencyMs: { p50: null, p99: null } }]);
    const checks = scenarioChecks('create', none, base, null, false);
    expect(checks.map((c) => [c.pass, c.shown])).toContainEqual([false, 'no request completed in any round']);
  });
});
