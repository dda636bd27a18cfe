import type { Progress } from '../run-session.js';
import { nothingCheckedReason, type ContractResult, type ResultCell } from '../result.js';
import type { Failure } from '../types.js';
import { operationLabels } from './operation-labels.js';

/** The report printed at the end: table, skips, failures in full, suites, cleanup, verdict. */
export function renderConsoleReport(result: ContractResult): string {
  const sections = [
    renderTable(result),
    renderSkips(result),
    renderFailures(result.failures),
    renderWarnings(result.warnings),
    renderSuites(result),
    renderCleanup(result),
    renderCoverage(result),
    renderVerdict(result),
  ];
  return sections.filter((s) => s.length > 0).join('\n\n') + '\n';
}

export function renderProgress(progress: Progress): string {
  const failures = progress.failures === 1 ? '1 failure' : `${progress.failures} failures`;
  return `${progress.phase} · ${progress.requests} requests · ${failures}`;
}

function renderTable(result: ContractResult): string {
  const labels = operationLabels(result.operations);
  const header = ['check', ...result.operations.map((op) => labels.get(op)!)];
  const byKey = new Map(result.cells.map((c) => [`${c.check}\u0000${c.operationId}`, c]));
  const rows = result.checks.map((check) => [
    check,
    ...result.operations.map((op) => cellText(byKey.get(`${check}\u0000${op}`))),
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
  const line = (row: string[]) =>
    row
      .map((text, i) => text.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    'pass: every request it judged conformed · FAIL n: n requests did not · skip: could not run (see below) · ·: ' +
      'does not apply',
  ].join('\n');
}

function cellText(cell: ResultCell | undefined): string {
  if (!cell) return '·';
  if (cell.status === 'failed') return `FAIL ${cell.failures}`;
  return cell.status === 'passed' ? 'pass' : 'skip';
}

/** Skipped cells grouped by reason, then by check: "check × op, op". */
function renderSkips(result: ContractResult): string {
  const labels = operationLabels(result.operations);
  const byReason = new Map<string, Map<string, string[]>>();
  for (const cell of result.cells.filter((c) => c.status === 'skipped')) {
    const byCheck = byReason.get(cell.reason ?? '') ?? new Map<string, string[]>();
    byCheck.set(cell.check, [...(byCheck.get(cell.check) ?? []), labels.get(cell.operationId)!]);
    byReason.set(cell.reason ?? '', byCheck);
  }
  if (byReason.size === 0) return '';
  const blocks = [...byReason].map(([reason, byCheck]) =>
    [`  ${reason}`, ...[...byCheck].map(([check, ops]) => `    ${check} × ${ops.join(', ')}`)].join('\n'),
  );
  return ['Skipped:', ...blocks].join('\n');
}

export function renderFailures(failures: Failure[], label = 'FAILURE'): string {
  if (failures.length === 0) return '';
  return failures.map((f, i) => renderFailure(f, `${label} ${i + 1}/${failures.length}`)).join('\n\n');
}

function renderWarnings(warnings: Failure[]): string {
  if (warnings.length === 0) return '';
  return (
    "Warnings: inputs only pers-mock's own constraints forbid (x-published-as) were accepted; a server that " +
    'follows the published document may accept them (--strict-additions makes these failures)\n\n' +
    renderFailures(warnings, 'WARNING')
  );
}

function renderFailure(failure: Failure, heading: string): string {
  const lines = [
    `${heading}  ${failure.check} · ${failure.operationId}`,
    `  ${failure.request}`,
    `  problem:   ${failure.problem}`,
    `  expected:  ${failure.expected}`,
    `  actual:    ${failure.actual}`,
    `  input:     ${failure.input}`,
  ];
  if (failure.addition) lines.push(`  note:      ${failure.addition}`);
  if (failure.correlationId) lines.push(`  correlation id: ${failure.correlationId}`);
  if (failure.occurrences > 1) lines.push(`  seen ${failure.occurrences} times (this is the first)`);
  lines.push(`  reproduce: ${failure.curl}`);
  return lines.join('\n');
}

function renderSuites(result: ContractResult): string {
  if (result.suites.length === 0) return '';
  const lines = result.suites.map(
    (s) =>
      `  ${s.status.padEnd(7)} ${s.name} (${s.file}): ` +
      `${s.stepsRun}/${s.stepsTotal} steps${s.reason ? ` — ${s.reason}` : ''}`,
  );
  return ['Suites:', ...lines].join('\n');
}

function renderCleanup(result: ContractResult): string {
  const { created, deleted, leftovers } = result.cleanup;
  const head =
    `Cleanup: the run created ${created} resource(s); ${created - leftovers.length} are gone ` +
    `(${deleted} deleted at the end).`;
  if (leftovers.length === 0) return head;
  const lines = leftovers.map((l) => `  NOT DELETED ${l.id} (${l.tenant} tenant): ${l.reason}\n    ${l.curl}`);
  return [head, `${leftovers.length} could not be deleted; delete them by hand:`, ...lines].join('\n');
}

/** The documented responses no answer of the run matched, and the parameters no request carried, per operation. */
function renderCoverage(result: ContractResult): string {
  const { seen, documented, parameters, operations } = result.coverage;
  const labels = operationLabels(result.operations);
  const label = (operationId: string) => labels.get(operationId) ?? operationId;
  const unseen = operations
    .filter((op) => op.neverSeen.length > 0)
    .map((op) => `  ${label(op.operationId)}: ${op.neverSeen.join(', ')}`);
  const unsent = operations
    .filter((op) => op.parameters.some((p) => !p.exercised))
    .map(
      (op) =>
        `  ${label(op.operationId)}: ${op.parameters
          .filter((p) => !p.exercised)
          .map((p) => `${p.name} (${p.in})`)
          .join(', ')}`,
    );
  return [
    `Coverage: ${seen} of ${documented} documented responses (operation × status) were seen; ` +
      `${parameters.exercised} of ${parameters.documented} documented parameters were sent.`,
    ...(unseen.length > 0 ? ['Documented responses never seen:', ...unseen] : []),
    ...(unsent.length > 0 ? ['Documented parameters never sent:', ...unsent] : []),
  ].join('\n');
}

const VERDICTS: Record<ContractResult['outcome'], string> = {
  passed: 'PASSED',
  failed: 'FAILED',
  'nothing-checked': 'NOTHING CHECKED',
  interrupted: 'INTERRUPTED',
  unreachable: 'UNREACHABLE',
};

/** The last line, which a person or a log scraper reads first; only a real pass says PASSED. */
function renderVerdict(result: ContractResult): string {
  const { passed, failed, skipped, failures } = result.totals;
  const seconds = (result.durationMs / 1000).toFixed(2);
  const lines = [];
  if (result.stopped) lines.push(`STOPPED: ${result.stopped.reason}`);
  const found = result.stopped ? ' found before the run stopped' : '';
  const warnings = result.warnings.length > 0 ? ` (and ${result.warnings.length} warning(s))` : '';
  let verdict = VERDICTS[result.outcome];
  if (result.outcome === 'nothing-checked') {
    const skipped = result.operations.length > 0 ? ' (see "Skipped" above for why)' : '';
    verdict += `: ${nothingCheckedReason(result)}${skipped}`;
  }
  lines.push(
    `${verdict}: ${failures} distinct failure(s)${found}${warnings}; ` +
      `check × operation: ${passed} passed, ${failed} failed, ${skipped} skipped; ` +
      `${result.requests} requests to ${result.target} in ${seconds} s with ${result.workers} worker(s); ` +
      `documented responses seen: ${result.coverage.seen}/${result.coverage.documented}; ` +
      `parameters sent: ${result.coverage.parameters.exercised}/${result.coverage.parameters.documented}; ` +
      `seed ${result.seed} (repeat with --seed ${result.seed})`,
  );
  return lines.join('\n');
}
