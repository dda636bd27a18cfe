import { afterEach, describe, expect, it } from 'vitest';
import { ExchangeLog } from '../../src/contract/exchange-log.js';
import { renderHar } from '../../src/contract/reporters/har-reporter.js';
import { renderJson } from '../../src/contract/reporters/json-reporter.js';
import { renderJunit } from '../../src/contract/reporters/junit-reporter.js';
import { runContract, type ContractOptions } from '../../src/contract/runner.js';
import { startFaultyMock, type Fault, type FaultyMock } from './helpers/faulty-mock.js';
import { plantedFaults } from './helpers/faults.js';

let mocks: FaultyMock[] = [];
afterEach(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
});

async function mockWith(fault: Fault): Promise<FaultyMock> {
  const mock = await startFaultyMock(fault);
  mocks.push(mock);
  return mock;
}

/** Several planted faults at once, so failures come from many lanes of the plan. */
function together(...checks: string[]): Fault {
  const faults = checks.map((check) => plantedFaults.find((f) => f.check === check)!.make());
  return {
    request: (request) => {
      let current: ReturnType<NonNullable<Fault['request']>> = request;
      for (const fault of faults) {
        if (current === 'hang' || 'status' in current) break;
        if (fault.request) current = fault.request(current);
      }
      return current;
    },
    response: async (request, response, forward) => {
      let current = response;
      for (const fault of faults) if (fault.response) current = await fault.response(request, current, forward);
      return current;
    },
  };
}

/** A delay on every answer that also records how many requests were in flight at most. */
function slowAnswers(ms: number): Fault & { maxInFlight: () => number } {
  let inFlight = 0;
  let max = 0;
  return {
    maxInFlight: () => max,
    response: async (_request, response) => {
      max = Math.max(max, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, ms));
      inFlight--;
      return response;
    },
  };
}

async function run(mock: FaultyMock, overrides: Partial<ContractOptions>) {
  const log = new ExchangeLog();
  const result = await runContract({
    baseUrl: mock.baseUrl,
    specFile: 'openapi.yaml',
    suitePath: 'contracts',
    credentials: mock.credentials,
    seed: 21,
    log,
    ...overrides,
  });
  return { result, log };
}

/**
 * What may differ between two runs: timings, the worker count, the mock's port, and the ids the
 * server gave the resources (numbered by first appearance, so the order they appear in must
 * still match).
 */
function normalised(text: string): string {
  const ids = new Map<string, string>();
  return text
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
      if (!ids.has(id)) ids.set(id, `<id ${ids.size + 1}>`);
      return ids.get(id)!;
    })
    .replace(/"(durationMs|time|wait|startedDateTime|startedAt)": ?("[^"]*"|[\d.]+)/g, '"$1": <time>')
    .replace(/\b(time|timestamp)="[^"]*"/g, '$1="<time>"')
    .replace(/"workers": \d+/g, '"workers": <n>')
    .replace(/name="(workers|duration)" value="[^"]*"/g, 'name="$1" value="<n>"');
}

describe('--workers', () => {
  it('with the same seed, 1 and 8 workers send the same requests and write the same reports', async () => {
    const faults = ['response_headers_conformance', 'status_code_conformance', 'sorting', 'negative_data_rejection'];
    const one = await run(await mockWith(together(...faults)), { workers: 1 });
    const eight = await run(await mockWith(together(...faults)), { workers: 8 });
    expect(one.result.workers).toBe(1);
    expect(eight.result.workers).toBe(8);
    expect(one.result.failures.length).toBeGreaterThan(4);
    // The delete's 204 also breaks the shipped suite's expectation of a 200.
    expect(new Set(one.result.failures.map((f) => f.check))).toEqual(new Set([...faults, 'suite_expectations']));
    expect(normalised(renderJson(eight.result))).toBe(normalised(renderJson(one.result)));
    expect(normalised(renderJunit(eight.result))).toBe(normalised(renderJunit(one.result)));
    // The HAR file: the same requests in the same order, with the same answers (apart from the
    // headers and bodies a server stamps with the time).
    const exchanges = (log: ExchangeLog) =>
      normalised(
        JSON.stringify(
          JSON.parse(renderHar(log.entries(), { version: 'test' })).log.entries.map(
            (e: { comment: string; request: object; response: { status: number } }) => [
              e.comment,
              e.request,
              e.response.status,
            ],
          ),
          null,
          1,
        ),
      );
    expect(exchanges(eight.log)).toBe(exchanges(one.log));
  });

  it.each([1, 3, 8])('keeps at most %i requests in flight, and all of them when it can', async (workers) => {
    const slow = slowAnswers(40);
    const mock = await mockWith(slow);
    const { result } = await run(mock, { workers, suitePath: undefined });
    expect(result.outcome).toBe('passed');
    expect(slow.maxInFlight()).toBe(workers);
  });

  it('still caps the request rate of all workers together with --rate', async () => {
    const mock = await mockWith({});
    await run(mock, { workers: 8, rate: 20, checks: ['sorting'], suitePath: undefined });
    const starts = mock.received.map((r) => r.at).slice(2);
    expect(starts.length).toBeGreaterThan(5);
    // 20 per second: starts 50 ms apart on average, whatever the workers could do at once.
    const span = starts.at(-1)! - starts[0];
    expect(span / (starts.length - 1)).toBeGreaterThan(47);
  });
});
