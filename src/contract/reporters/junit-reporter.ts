import { nothingCheckedReason, type ContractResult, type ResultCell } from '../result.js';
import type { Failure } from '../types.js';
import { renderFailures } from './console-reporter.js';

/**
 * JUnit XML: one <testsuite> per check, one <testcase> per check × operation it applies to,
 * with the failures in full (CI systems show these natively) or the reason it was skipped.
 */
export function renderJunit(result: ContractResult): string {
  const suites = result.checks.map((check) => {
    const cells = result.cells.filter((c) => c.check === check);
    const failures = cells.filter((c) => c.status === 'failed').length;
    const skipped = cells.filter((c) => c.status === 'skipped').length;
    const time = seconds(cells.reduce((sum, c) => sum + c.durationMs, 0));
    const cases = cells.map((cell) =>
      testcase(
        cell,
        result.failures.filter((f) => f.check === check && f.operationId === cell.operationId),
      ),
    );
    return (
      `  <testsuite name="${attr(check)}" tests="${cells.length}" failures="${failures}" errors="0" ` +
      `skipped="${skipped}" time="${time}">\n${runProperties(result)}\n${cases.join('\n')}\n  </testsuite>`
    );
  });
  const { passed, failed, skipped } = result.totals;
  const runError = runErrorOf(result);
  const total = passed + failed + skipped + (runError ? 1 : 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pers-mock contract ${attr(result.target)}" tests="${total}" failures="${failed}" ` +
      `errors="${runError ? 1 : 0}" skipped="${skipped}" time="${seconds(result.durationMs)}" ` +
      `timestamp="${attr(result.startedAt)}">`,
    ...(runError ? [runError] : []),
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/**
 * A run that stopped early or judged nothing is an error of the run itself, so a CI that reads
 * only the JUnit file does not show it green: one testcase "contract run" › "outcome" with an
 * <error> whose type is the outcome.
 */
function runErrorOf(result: ContractResult): string | undefined {
  if (result.outcome === 'passed' || result.outcome === 'failed') return undefined;
  const message =
    result.stopped?.reason ?? `${nothingCheckedReason(result)}: nothing was checked, so the run is not a pass`;
  return [
    `  <testsuite name="contract run" tests="1" failures="0" errors="1" skipped="0" ` +
      `time="${seconds(result.durationMs)}">`,
    runProperties(result, { outcome: result.outcome }),
    '    <testcase classname="contract.run" name="outcome" time="0.000">',
    `      <error message="${attr(message)}" type="${attr(result.outcome)}"/>`,
    '    </testcase>',
    '  </testsuite>',
  ].join('\n');
}

/**
 * What every testsuite carries about the run (CI systems show testsuite properties, not the
 * root's): the seed that repeats it, the workers, the duration and the coverage figures.
 */
function runProperties(result: ContractResult, extra: Record<string, string> = {}): string {
  const { coverage } = result;
  const properties = {
    ...extra,
    seed: String(result.seed),
    workers: String(result.workers),
    duration: `${seconds(result.durationMs)} s`,
    'documented responses seen': `${coverage.seen}/${coverage.documented}`,
    'documented parameters sent': `${coverage.parameters.exercised}/${coverage.parameters.documented}`,
  };
  return [
    '    <properties>',
    ...Object.entries(properties).map(
      ([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`,
    ),
    '    </properties>',
  ].join('\n');
}

function testcase(cell: ResultCell, failures: Failure[]): string {
  const open =
    `    <testcase classname="contract.${attr(cell.check)}" name="${attr(cell.operationId)}" ` +
    `time="${seconds(cell.durationMs)}"`;
  if (cell.status === 'passed') return `${open}/>`;
  if (cell.status === 'skipped')
    return `${open}>\n      <skipped message="${attr(cell.reason ?? '')}"/>\n    </testcase>`;
  const message =
    failures.length === 1 ? failures[0].problem : `${failures.length} failures; first: ${failures[0]?.problem ?? ''}`;
  return (
    `${open}>\n      <failure message="${attr(message)}" ` +
    `type="${attr(cell.check)}">${text(renderFailures(failures))}</failure>\n    </testcase>`
  );
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * Characters XML 1.0 cannot hold at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF): all
 * that is outside its `Char` production. With the `u` flag a surrogate pair is one character and a
 * lone surrogate another.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function text(value: string): string {
  return value.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function attr(value: string): string {
  return text(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
