import type { OperationSpec, ParameterSpec } from '../engine/operation-index.js';
import type { OutgoingRequest } from './http-client.js';

export interface ParameterCoverage {
  name: string;
  in: ParameterSpec['in'];
  /** Some request of the run carried it (with a valid or an invalid value). */
  exercised: boolean;
}

export interface OperationCoverage {
  operationId: string;
  method: string;
  path: string;
  /** The response keys the document lists: `200`, `4XX`, `default`. */
  documented: string[];
  seen: string[];
  neverSeen: string[];
  parameters: ParameterCoverage[];
}

export interface Coverage {
  /** Operations × documented responses, and how many of them some answer of the run matched. */
  documented: number;
  seen: number;
  /** Documented parameters of every operation, and how many of them some request carried. */
  parameters: { documented: number; exercised: number };
  operations: OperationCoverage[];
}

/** What the run sent and received per operation id: what coverage is computed from. */
export interface Observed {
  statuses: Map<string, Set<number>>;
  /** `in` and name of each documented parameter some request carried, as `query\u0000limit`. */
  parameters: Map<string, Set<string>>;
}

/**
 * Which documented responses the run actually received, from the statuses it saw per
 * operation: an exact code by that status, a `4XX` range by any status in it that has no
 * exact entry, `default` by any status no other entry covers.
 */
export function coverageOf(operations: readonly OperationSpec[], observed: Observed): Coverage {
  const perOperation = operations.map((op): OperationCoverage => {
    const documented = op.responses.map((r) => r.key);
    const seen = new Set<string>();
    for (const status of observed.statuses.get(op.operationId) ?? []) {
      const key = keyFor(documented, status);
      if (key) seen.add(key);
    }
    const carried = observed.parameters.get(op.operationId) ?? new Set<string>();
    return {
      operationId: op.operationId,
      method: op.method,
      path: op.path,
      documented,
      seen: documented.filter((key) => seen.has(key)),
      neverSeen: documented.filter((key) => !seen.has(key)),
      parameters: op.parameters.map((p) => ({ name: p.name, in: p.in, exercised: carried.has(parameterKey(p)) })),
    };
  });
  const sum = (count: (op: OperationCoverage) => number) => perOperation.reduce((total, op) => total + count(op), 0);
  return {
    documented: sum((op) => op.documented.length),
    seen: sum((op) => op.seen.length),
    parameters: {
      documented: sum((op) => op.parameters.length),
      exercised: sum((op) => op.parameters.filter((p) => p.exercised).length),
    },
    operations: perOperation,
  };
}

/** The documented parameters a request carries: path ones always, the others when present. */
export function parametersCarried(op: OperationSpec, request: OutgoingRequest): string[] {
  const url = new URL(request.url);
  const headers = new Set(Object.keys(request.headers).map((name) => name.toLowerCase()));
  const cookies = new Set((request.headers.cookie ?? '').split(';').map((pair) => pair.split('=')[0].trim()));
  const carried = (p: ParameterSpec) =>
    p.in === 'path' ||
    (p.in === 'query' && url.searchParams.has(p.name)) ||
    (p.in === 'header' && headers.has(p.name.toLowerCase())) ||
    (p.in === 'cookie' && cookies.has(p.name));
  return op.parameters.filter(carried).map(parameterKey);
}

function parameterKey(p: Pick<ParameterSpec, 'in' | 'name'>): string {
  return `${p.in}\u0000${p.name}`;
}

function keyFor(documented: string[], status: number): string | undefined {
  const range = `${Math.floor(status / 100)}XX`;
  return (
    documented.find((key) => key === String(status)) ??
    documented.find((key) => key.toUpperCase() === range) ??
    documented.find((key) => key === 'default')
  );
}
