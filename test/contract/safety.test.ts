import { afterEach, describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/contract/result.js';
import { runContract, type ContractOptions } from '../../src/contract/runner.js';
import { startFaultyMock, on, type Fault, type FaultyMock } from './helpers/faulty-mock.js';
import { tempDir } from './helpers/temp-dirs.js';

let mock: FaultyMock | undefined;
afterEach(async () => {
  await mock?.close().catch(() => undefined);
  mock = undefined;
});

async function run(fault: Fault | undefined, overrides: Partial<ContractOptions> = {}) {
  mock = await startFaultyMock(fault);
  const liveBefore = mock.store.countLive();
  const result = await runContract({
    baseUrl: mock.baseUrl,
    specFile: 'openapi.yaml',
    suitePath: await tempDir('no-suites'),
    credentials: mock.credentials,
    seed: 11,
    ...overrides,
  });
  return {
    result,
    liveBefore,
    liveAfter: mock.store.countLive(),
    methods: new Set(mock.received.map((r) => r.method)),
  };
}

describe('--read-only', () => {
  it('sends only GETs, creates nothing, and says which checks it skipped and why', async () => {
    const { result, liveBefore, liveAfter, methods } = await run(undefined, { readOnly: true, suitePath: 'contracts' });
    expect([...methods]).toEqual(['GET']);
    expect(liveAfter).toBe(liveBefore);
    expect(result.cleanup.created).toBe(0);
    expect(result.failures).toEqual([]);
    const create = result.cells.filter((c) => c.operationId === 'TriggerSourcesController_createTriggerSource');
    expect(create.length).toBeGreaterThan(0);
    expect(create.every((c) => c.status === 'skipped' && c.reason?.startsWith('--read-only'))).toBe(true);
    expect(result.suites[0]).toMatchObject({ status: 'skipped', stepsRun: 0 });
    expect(result.cells.find((c) => c.check === 'sorting')?.status).toBe('passed');
  });
});

describe('--rate', () => {
  it('spaces requests at least 1/rate seconds apart', async () => {
    await run(undefined, { readOnly: true, checks: ['sorting'], rate: 20 });
    const starts = mock!.received.map((r) => r.at);
    expect(starts.length).toBeGreaterThan(5);
    // Measured where the requests arrive, so allow for scheduling jitter on a busy machine.
    const gaps = starts
      .slice(1)
      .map((at, i) => at - starts[i])
      .sort((a, b) => a - b);
    expect(gaps[Math.floor(gaps.length / 2)]).toBeGreaterThanOrEqual(48);
    expect(starts.at(-1)! - starts[0]).toBeGreaterThanOrEqual((starts.length - 1) * 45);
  });
});

describe('--timeout', () => {
  it('reports a request that never gets an answer and finishes the run', async () => {
    const hang: Fault = {
      request: (r) => (on.query(r).get('sortBy') === 'name' && on.query(r).get('sortOrder') === 'DESC' ? 'hang' : r),
    };
    const started = Date.now();
    const { result, liveBefore, liveAfter } = await run(hang, { timeoutMs: 1000 });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.failures).toEqual([
      expect.objectContaining({
        check: 'not_a_server_error',
        problem: 'the server did not answer',
        actual: 'no complete response within 1000 ms',
      }),
    ]);
    expect(liveAfter).toBe(liveBefore);
  });
});

describe('cleanup', () => {
  it('deletes what was created when the run is interrupted, and reports the interruption', async () => {
    const controller = new AbortController();
    const { result, liveBefore, liveAfter } = await run(undefined, {
      signal: controller.signal,
      onProgress: (p) => p.requests >= 30 && controller.abort(),
    });
    expect(result.stopped?.kind).toBe('interrupted');
    expect(exitCodeOf(result)).toBe(130);
    expect(result.cleanup.created).toBeGreaterThan(0);
    expect(result.cleanup.leftovers).toEqual([]);
    expect(liveAfter).toBe(liveBefore);
  });

  it('lists what it could not delete, with a curl to delete it by hand', async () => {
    const brokenDelete: Fault = {
      request: (r) =>
        r.method === 'DELETE' ? { status: 500, headers: { 'content-type': 'text/plain' }, body: 'nope' } : r,
    };
    const { result } = await run(brokenDelete);
    expect(result.cleanup.leftovers.length).toBe(result.cleanup.created);
    const [leftover] = result.cleanup.leftovers;
    expect(leftover.reason).toBe('the delete was answered 500');
    expect(leftover.curl).toContain(`-X DELETE '${mock!.baseUrl}/trigger-sources/${leftover.id}'`);
    expect(leftover.curl).toContain('"authorization: Bearer $PERS_MOCK_JWT"');
  });

  it('stops with "unreachable" when the server goes away mid-run', async () => {
    let closing: Promise<void> | undefined;
    const { result } = await run(undefined, {
      onProgress: (p) => {
        if (p.requests >= 20) closing ??= mock!.close();
      },
    });
    await closing;
    expect(result.stopped?.kind).toBe('unreachable');
    expect(exitCodeOf(result)).toBe(3);
    expect(result.cleanup.leftovers.length).toBeGreaterThan(0);
  });
});

describe('targets and credentials', () => {
  it('works under a path prefix (/v2), sending every request under it', async () => {
    mock = await startFaultyMock();
    const result = await runContract({
      baseUrl: `${mock.baseUrl}/v2/`,
      specFile: 'openapi.yaml',
      suitePath: 'contracts',
      credentials: mock.credentials,
      seed: 3,
    });
    expect(result.failures).toEqual([]);
    expect(mock.received.every((r) => r.url.startsWith('/v2/'))).toBe(true);
  });

  it('skips tenant_isolation, saying why, without the second tenant', async () => {
    const { result } = await run(undefined, {
      credentials: {
        primary: await startFaultyMock().then(async (m) => {
          const c = m.credentials.primary;
          await m.close();
          return c;
        }),
      },
    });
    const cells = result.cells.filter((c) => c.check === 'tenant_isolation');
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every((c) => c.status === 'skipped' && c.reason?.includes('--second-project-key'))).toBe(true);
    expect(exitCodeOf(result)).toBe(0);
  });

  it('never puts a credential in the result; curl lines name the variables instead', async () => {
    const ignoredAuth: Fault = {
      request: (r) =>
        r.method === 'GET' && on.isList(r)
          ? { ...r, headers: { ...r.headers, 'x-project-key': 'pk_test_harbour_7f3a9c2e51d84b06' } }
          : r,
    };
    const { result } = await run(ignoredAuth);
    const text = JSON.stringify(result);
    const { primary, second } = mock!.credentials;
    for (const secret of [primary.projectKey, primary.jwt, second!.projectKey, second!.jwt])
      expect(text).not.toContain(secret);
    expect(result.failures.length).toBeGreaterThan(0);
    expect(result.failures.map((f) => f.curl).join('\n')).toContain('"x-project-key: $PERS_MOCK_SECOND_PROJECT_KEY"');
  });
});
