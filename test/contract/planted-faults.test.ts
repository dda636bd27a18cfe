import { afterEach, describe, expect, it } from 'vitest';
import { runContract, type ContractOptions } from '../../src/contract/runner.js';
import { startFaultyMock, type Fault, type FaultyMock } from './helpers/faulty-mock.js';
import { plantedFaults } from './helpers/faults.js';
import { tempDir } from './helpers/temp-dirs.js';

let mock: FaultyMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

/** Every test runs with the default workers and again with one: a fault is found either way. */
const WORKERS = [
  ['the default workers', undefined],
  ['--workers 1', 1],
] as const;

async function run(workers: number | undefined, overrides: Partial<ContractOptions> = {}) {
  const liveBefore = mock!.store.countLive();
  const result = await runContract({
    baseUrl: mock!.baseUrl,
    specFile: 'openapi.yaml',
    suitePath: await tempDir('no-suites'),
    credentials: mock!.credentials,
    seed: 7,
    workers,
    ...overrides,
  });
  return { result, failing: [...new Set(result.failures.map((f) => f.check))].sort(), liveBefore };
}

describe.each(WORKERS)('with %s', (_label, workers) => {
  describe('the runner against the unmodified mock', () => {
    it('finds no failures and leaves the store as it found it', async () => {
      mock = await startFaultyMock();
      const { result, failing, liveBefore } = await run(workers, { suitePath: 'contracts' });
      expect(failing).toEqual([]);
      expect(result.totals.failed).toBe(0);
      expect(result.totals.passed).toBeGreaterThan(40);
      expect(result.suites).toEqual([
        expect.objectContaining({ name: 'trigger-source lifecycle', status: 'passed', stepsRun: 7 }),
      ]);
      expect(result.cleanup.leftovers).toEqual([]);
      expect(mock.store.countLive()).toBe(liveBefore);
    });
  });

  describe('each planted fault is reported by exactly its check', () => {
    it.each(plantedFaults.map((f) => [f.check, f.description, f] as const))(
      '%s catches: %s',
      async (check, _description, planted) => {
        mock = await startFaultyMock(planted.make());
        const { result, failing, liveBefore } = await run(workers);
        expect(failing).toEqual([check]);
        const first = result.failures[0];
        expect(first.operationId).toMatch(/^TriggerSourcesController_/);
        expect(first.curl).toMatch(/^curl /);
        expect(first.expected).not.toBe('');
        expect(first.actual).not.toBe('');
        expect(result.cells.find((c) => c.check === check && c.status === 'failed')).toBeDefined();
        expect(mock.store.countLive()).toBe(liveBefore);
      },
    );
  });

  describe('faults only some runs look for', () => {
    const slowSortByName = (): Fault => ({
      response: async (r, res) => {
        if (r.url.includes('sortBy=name')) await new Promise((resolve) => setTimeout(resolve, 150));
        return res;
      },
    });

    it('max_response_time is opt-in: silent by default, failing with --max-response-time', async () => {
      mock = await startFaultyMock(slowSortByName());
      expect((await run(workers)).failing).toEqual([]);
      const { result, failing } = await run(workers, { maxResponseTimeMs: 100 });
      expect(failing).toEqual(['max_response_time']);
      expect(result.failures.find((f) => f.request.includes('sortBy=name'))).toMatchObject({
        expected: 'at most 100 ms',
      });
    });

    it('suite_expectations reports the lifecycle step that broke', async () => {
      const useAfterFree = plantedFaults.find((f) => f.check === 'use_after_free')!;
      mock = await startFaultyMock(useAfterFree.make());
      const { result, failing } = await run(workers, { suitePath: 'contracts' });
      expect(failing).toEqual(['suite_expectations', 'use_after_free']);
      expect(result.failures.find((f) => f.check === 'suite_expectations')).toMatchObject({
        input: 'suite "trigger-source lifecycle", step "get after delete"',
        problem: 'expected status 404, got 200',
      });
      expect(result.suites[0]).toMatchObject({ status: 'failed', stepsRun: 7 });
    });
  });
});
