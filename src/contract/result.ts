import type { CleanupReport } from './cleanup.js';
import type { Coverage } from './coverage.js';
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

/**
 * The verdict. Only `passed` is a pass: a run that judged nothing, or one that stopped early,
 * is never reported (or exits) as one, whatever it found so far.
 */
export type RunOutcome = 'passed' | 'failed' | 'nothing-checked' | 'interrupted' | 'unreachable';

export interface ContractResult {
  outcome: RunOutcome;
  target: string;
  spec: string;
  seed: number;
  readOnly: boolean;
  /** Requests in flight at once (--workers). */
  workers: number;
  startedAt: string;
  durationMs: number;
  requests: number;
  checks: string[];
  operations: string[];
  /** One per check × operation the check applies to; pairs it never concerns are left out. */
  cells: ResultCell[];
  failures: Failure[];
  /** What only the document's own constraints forbid (see ContractOptions.strictAdditions); never fails a run. */
  warnings: Failure[];
  suites: SuiteOutcome[];
  cleanup: CleanupReport;
  /** Documented responses the run received, per operation. */
  coverage: Coverage;
  /** Set when the run ended early. */
  stopped?: { kind: 'interrupted' | 'unreachable' | 'max-failures'; reason: string };
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

export function outcomeOf(stopped: ContractResult['stopped'], totals: ContractResult['totals']): RunOutcome {
  if (stopped && stopped.kind !== 'max-failures') return stopped.kind;
  if (totals.failures > 0) return 'failed';
  return totals.passed === 0 ? 'nothing-checked' : 'passed';
}

/**
 * Why a run judged nothing: its selected checks were all skipped, or the document has no
 * operation to send (only webhooks, say, which the API sends rather than answers).
 */
export function nothingCheckedReason(result: Pick<ContractResult, 'operations'>): string {
  return result.operations.length === 0
    ? 'the document has no operations to check (nothing under paths; webhooks are requests the API sends, ' +
        'not ones it answers)'
    : 'every selected check was skipped';
}

const EXIT_CODES: Record<RunOutcome, number> = {
  passed: 0,
  failed: 1,
  'nothing-checked': 2,
  unreachable: 3,
  interrupted: 130,
};

/** 0 passed, 1 contract failures, 2 nothing was checked, 3 the target stopped answering, 130 interrupted. */
export function exitCodeOf(result: ContractResult): number {
  return EXIT_CODES[result.outcome];
}
