import type { OperationSpec } from '../engine/operation-index.js';

export interface OperationCoverage {
  operationId: string;
  /** The response keys the document lists: `200`, `4XX`, `default`. */
  documented: string[];
  seen: string[];
  neverSeen: string[];
}

export interface Coverage {
  /** Operations × documented responses, and how many of them some answer of the run matched. */
  documented: number;
  seen: number;
  operations: OperationCoverage[];
}

/**
 * Which documented responses the run actually received, from the statuses it saw per
 * operation: an exact code by that status, a `4XX` range by any status in it that has no
 * exact entry, `default` by any status no other entry covers.
 */
export function coverageOf(operations: readonly OperationSpec[], statuses: Map<string, Set<number>>): Coverage {
  const perOperation = operations.map((op): OperationCoverage => {
    const documented = op.responses.map((r) => r.key);
    const seen = new Set<string>();
    for (const status of statuses.get(op.operationId) ?? []) {
      const key = keyFor(documented, status);
      if (key) seen.add(key);
    }
    return {
      operationId: op.operationId,
      documented,
      seen: documented.filter((key) => seen.has(key)),
      neverSeen: documented.filter((key) => !seen.has(key)),
    };
  });
  return {
    documented: perOperation.reduce((sum, op) => sum + op.documented.length, 0),
    seen: perOperation.reduce((sum, op) => sum + op.seen.length, 0),
    operations: perOperation,
  };
}

function keyFor(documented: string[], status: number): string | undefined {
  const range = `${Math.floor(status / 100)}XX`;
  return (
    documented.find((key) => key === String(status)) ??
    documented.find((key) => key.toUpperCase() === range) ??
    documented.find((key) => key === 'default')
  );
}
