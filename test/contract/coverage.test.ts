import { describe, expect, it } from 'vitest';
import { coverageOf } from '../../src/contract/coverage.js';
import { checkContext, OP } from './helpers/exchanges.js';

const { spec } = await checkContext();

describe('coverage of documented responses', () => {
  it('counts an exact code by its status, a range by any status in it, default by the rest', () => {
    const list = spec.operation(OP.list);
    const documented = list.responses.map((r) => r.key);
    const coverage = coverageOf([list], new Map([[OP.list, new Set([200, 200, 400])]]));
    expect(coverage.operations[0]).toEqual({
      operationId: OP.list,
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
      new Map([[OP.list, new Set([204, 503])]]),
    );
    expect(ranged.operations[0].seen).toEqual(['2XX', 'default']);
  });

  it('sees nothing for an operation the run never reached', () => {
    const coverage = coverageOf(spec.operations, new Map());
    expect(coverage.seen).toBe(0);
    expect(coverage.operations.every((op) => op.neverSeen.length === op.documented.length)).toBe(true);
  });
});
