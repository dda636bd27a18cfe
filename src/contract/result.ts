import type { CleanupReport } from './cleanup.js';
import type { SuiteOutcome } from './probes/suite-probes.js';
import type { CellTally } from './run-session.js';
import type { Check, Failure } from './types.js';

export type CellStatus = 'passed' | 'failed' | 'skipped';

export interface ResultCell {
  check: string;
  operationId: string;
  status: CellStatus;
  /** Requests the check judged for this operation. */
  requests: number;
  failures: number;
  durationMs: number;
  reason?: string;
}

export interface ContractResult {
  target: string;
  spec: string;
  seed: number;
  readOnly: boolean;
  startedAt: string;
  durationMs: number;
  requests: number;
  checks: string[];
  operations: string[];
  /** One per check × operation the check applies to; pairs it never concerns are left out. */
  cells: ResultCell[];
  failures: Failure[];
  suites: SuiteOutcome[];
  cleanup: CleanupReport;
  /** Set when the run ended early. */
  stopped?: { kind: 'interrupted' | 'unreachable'; reason: string };
  totals: { passed: number; failed: number; skipped: number; failures: number };
}

export function toCells(tallies: CellTally[], checks: readonly Check[], operations: string[]): ResultCell[] {
  const byKey = new Map(tallies.map((t) => [`${t.check}\u0000${t.operationId}`, t]));
  const cells: ResultCell[] = [];
  for (const check of checks) {
    for (const operationId of operations) {
      const tally = byKey.get(`${check.name}\u0000${operationId}`);
      if (!tally) continue;
      const status: CellStatus | undefined =
        tally.failed > 0 ? 'failed' : tally.evaluated > 0 ? 'passed' : tally.skipReason ? 'skipped' : undefined;
      if (!status) continue;
      cells.push({
        check: check.name,
        operationId,
        status,
        requests: tally.evaluated,
        failures: tally.failed,
        durationMs: Math.round(tally.durationMs),
        ...(status === 'skipped' ? { reason: tally.skipReason } : {}),
      });
    }
  }
  return cells;
}

export function totalsOf(cells: ResultCell[], failures: Failure[]): ContractResult['totals'] {
  const count = (status: CellStatus) => cells.filter((c) => c.status === status).length;
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), failures: failures.length };
}

/** 0 all passed, 1 contract failures, 3 the target stopped answering, 130 interrupted. */
export function exitCodeOf(result: ContractResult): number {
  if (result.stopped?.kind === 'interrupted') return 130;
  if (result.stopped?.kind === 'unreachable') return 3;
  return result.failures.length > 0 ? 1 : 0;
}
