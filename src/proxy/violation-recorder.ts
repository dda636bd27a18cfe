import type { ProxyViolation } from './exchange.js';

export interface OperationSummary {
  /**
   * `GET /trigger-sources/{id} (TriggerSourcesController_getTriggerSource)`, or the request for an
   * undocumented one.
   */
  operation: string;
  exchanges: number;
  /** Exchanges with at least one violation. */
  violating: number;
  /** Each distinct violation with how often it was seen. */
  violations: Array<ProxyViolation & { count: number }>;
}

export interface ViolationReport {
  startedAt: string;
  finishedAt: string;
  upstream: string;
  exchanges: number;
  violating: number;
  violations: number;
  /** Operations with violations first (most first), then the clean ones. */
  operations: OperationSummary[];
}

const MAX_DISTINCT_PER_OPERATION = 50;

/**
 * Collects what the proxy saw, by operation, for the summary printed on exit and the --report file.
 * Knows nothing of HTTP.
 */
export class ViolationRecorder {
  private readonly operations = new Map<
    string,
    { exchanges: number; violating: number; violations: Map<string, ProxyViolation & { count: number }> }
  >();
  private readonly startedAt: Date;

  constructor(
    private readonly upstream: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.startedAt = clock();
  }

  record(operation: string, violations: ProxyViolation[]): void {
    let entry = this.operations.get(operation);
    if (!entry) {
      entry = { exchanges: 0, violating: 0, violations: new Map() };
      this.operations.set(operation, entry);
    }
    entry.exchanges++;
    if (violations.length > 0) entry.violating++;
    for (const violation of violations) {
      const key = `${violation.side}\u0000${violation.location}\u0000${violation.path}\u0000${violation.message}`;
      const known = entry.violations.get(key);
      if (known) known.count++;
      else if (entry.violations.size < MAX_DISTINCT_PER_OPERATION)
        entry.violations.set(key, { ...violation, count: 1 });
    }
  }

  report(): ViolationReport {
    const operations = [...this.operations].map(([operation, entry]) => ({
      operation,
      exchanges: entry.exchanges,
      violating: entry.violating,
      violations: [...entry.violations.values()].sort((a, b) => b.count - a.count),
    }));
    operations.sort((a, b) => b.violating - a.violating || a.operation.localeCompare(b.operation));
    return {
      startedAt: this.startedAt.toISOString(),
      finishedAt: this.clock().toISOString(),
      upstream: this.upstream,
      exchanges: operations.reduce((sum, o) => sum + o.exchanges, 0),
      violating: operations.reduce((sum, o) => sum + o.violating, 0),
      violations: operations.reduce((sum, o) => sum + o.violations.reduce((n, v) => n + v.count, 0), 0),
      operations,
    };
  }
}

/** The report as lines for a terminal: totals, then each operation with its violations. */
export function renderReport(report: ViolationReport): string {
  const lines = [
    `pers-mock proxy: ${report.exchanges} exchange(s) with ${report.upstream}, ${report.violating} with ` +
      `violations (${report.violations} in all)`,
  ];
  for (const operation of report.operations) {
    lines.push(`  ${operation.operation}: ${operation.exchanges} exchange(s), ${operation.violating} violating`);
    for (const v of operation.violations) lines.push(`    ${v.count}× ${v.side} ${v.location}${v.path}: ${v.message}`);
  }
  return lines.join('\n');
}
