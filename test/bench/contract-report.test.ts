import { describe, expect, it } from 'vitest';
import { contractChecks, renderContractReport } from '../../bench/lib/contract-report.mjs';

const run = (scenario: string, wallMs: number, workers: number) => ({
  scenario,
  wallMs,
  runMs: wallMs - 500,
  requests: 121,
  workers,
  loadAverage: 1.2,
});

const meta = {
  date: '2026-01-01T00:00:00Z',
  cpu: 'Test CPU',
  cores: 2,
  os: 'Linux',
  node: '20.20.0',
  commit: 'abc1234',
  rounds: 2,
};

describe('the contract runner bench report', () => {
  it('checks 8 workers against 1 with latency, and the default local run, on medians', () => {
    const runs = [
      run('latency-1', 26_000, 1),
      run('latency-1', 27_000, 1),
      run('latency-8', 5_000, 8),
      run('latency-8', 5_400, 8),
      run('local-default', 1_200, 8),
      run('local-default', 1_700, 8),
    ];
    // 26.5 s / 5.2 s = 5.10×; the local median is 1.45 s.
    expect(contractChecks(runs)).toEqual([
      expect.objectContaining({ pass: true, shown: '5.10×' }),
      expect.objectContaining({ pass: true, shown: '1.45 s' }),
    ]);
    const slower = contractChecks([...runs, run('latency-8', 6_000, 8), run('local-default', 1_600, 8)]);
    expect(slower.map((c) => c.pass)).toEqual([false, false]);
  });

  it('renders every scenario with its wall and run times and the targets first', () => {
    const { markdown, passed, failed } = renderContractReport({
      meta,
      runs: [run('local-1', 1_400, 1), run('latency-1', 26_000, 1), run('latency-8', 6_500, 8)],
    });
    expect(markdown).toContain('| local mock, --workers 1 | 1 | 121 | 1.40 s | 0.90 s | 1.40 s | 1.2 |');
    expect(markdown).toContain('| local mock, default workers | — | — | — | — |  |  |');
    expect(markdown).toContain('❌ with +200 ms per answer, 8 workers ≥ 5× faster than 1 (wall time): 4.00×');
    expect(markdown.indexOf('## Targets')).toBeLessThan(markdown.indexOf('## Runs'));
    expect([passed, failed]).toEqual([0, 2]);
  });
});
