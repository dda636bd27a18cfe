import { describe, expect, it } from 'vitest';
import { coverageOf, parametersCarried, type Observed } from '../../src/contract/coverage.js';
import { checkContext, OP } from './helpers/exchanges.js';

const { spec } = await checkContext();

const statuses = (operationId: string, seen: number[]): Observed => ({
  statuses: new Map([[operationId, new Set(seen)]]),
  parameters: new Map(),
});

describe('coverage of documented responses', () => {
  it('counts an exact code by its status, a range by any status in it, default by the rest', () => {
    const list = spec.operation(OP.list);
    const documented = list.responses.map((r) => r.key);
    const coverage = coverageOf([list], statuses(OP.list, [200, 200, 400]));
    expect(coverage.operations[0]).toMatchObject({
      operationId: OP.list,
      method: 'GET',
      path: '/trigger-sources',
      documented,
      seen: documented.filter((key) => ['200', '400'].includes(key)),
      neverSeen: documented.filter((key) => !['200', '400'].includes(key)),
    });
    expect(coverage.seen).toBe(2);
    expect(coverage.documented).toBe(documented.length);
    const ranged = coverageOf(
      [
        {
          ...list,
          responses: [
            { key: '2XX', content: {}, headers: {} },
            { key: 'default', content: {}, headers: {} },
          ],
        },
      ],
      statuses(OP.list, [204, 503]),
    );
    expect(ranged.operations[0].seen).toEqual(['2XX', 'default']);
  });

  it('sees nothing for an operation the run never reached', () => {
    const coverage = coverageOf(spec.operations, { statuses: new Map(), parameters: new Map() });
    expect(coverage.seen).toBe(0);
    expect(coverage.operations.every((op) => op.neverSeen.length === op.documented.length)).toBe(true);
  });

  it('counts a documented parameter as exercised once a request carried it, path parameters always', () => {
    const list = spec.operation(OP.list);
    const get = spec.operation(OP.get);
    const sent = parametersCarried(list, {
      method: 'GET',
      url: 'http://127.0.0.1:4010/trigger-sources?limit=2&sortBy=name&undocumented=1',
      headers: {},
    });
    const coverage = coverageOf([list, get], {
      statuses: new Map(),
      parameters: new Map([
        [OP.list, new Set(sent)],
        [OP.get, new Set(parametersCarried(get, { method: 'GET', url: 'http://x/trigger-sources/a', headers: {} }))],
      ]),
    });
    const exercised = (i: number) => coverage.operations[i].parameters.filter((p) => p.exercised).map((p) => p.name);
    expect(exercised(0)).toEqual(['limit', 'sortBy']);
    expect(coverage.operations[0].parameters.find((p) => p.name === 'page')).toEqual({
      name: 'page',
      in: 'query',
      exercised: false,
    });
    expect(exercised(1)).toEqual(['id']);
    expect(coverage.parameters).toEqual({
      documented: list.parameters.length + get.parameters.length,
      exercised: 3,
    });
  });
});
