import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { toCurl } from '../../src/contract/curl.js';
import { redactDeep, redactHeader } from '../../src/contract/redaction.js';
import { renderConsoleReport } from '../../src/contract/reporters/console-reporter.js';
import { renderJunit } from '../../src/contract/reporters/junit-reporter.js';
import type { ContractResult } from '../../src/contract/result.js';

const LIST = 'TriggerSourcesController_getTriggerSources';
const GET = 'TriggerSourcesController_getTriggerSource';

function result(overrides: Partial<ContractResult> = {}): ContractResult {
  return {
    outcome: 'failed',
    target: 'http://127.0.0.1:4010',
    spec: 'openapi.yaml',
    seed: 9,
    readOnly: false,
    workers: 4,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1234,
    requests: 10,
    checks: ['not_a_server_error', 'sorting', 'tenant_isolation'],
    operations: [LIST, GET],
    cells: [
      { check: 'not_a_server_error', operationId: LIST, status: 'passed', requests: 4, failures: 0, durationMs: 20 },
      { check: 'not_a_server_error', operationId: GET, status: 'failed', requests: 2, failures: 1, durationMs: 10 },
      { check: 'sorting', operationId: LIST, status: 'passed', requests: 3, failures: 0, durationMs: 9 },
      {
        check: 'tenant_isolation',
        operationId: LIST,
        status: 'skipped',
        requests: 0,
        failures: 0,
        durationMs: 0,
        reason: 'needs the second tenant',
      },
    ],
    failures: [
      {
        check: 'not_a_server_error',
        operationId: GET,
        request: 'GET /trigger-sources/x → 500',
        input: 'read <an> "existing" resource',
        problem: 'the server answered 500 <&>',
        expected: 'a status below 500',
        actual: "500 \u0001'boom'",
        curl: "curl -sS -i -X GET 'http://127.0.0.1:4010/trigger-sources/x'",
        occurrences: 2,
      },
    ],
    warnings: [],
    suites: [],
    cleanup: { created: 3, deleted: 3, leftovers: [] },
    coverage: { documented: 4, seen: 3, parameters: { documented: 0, exercised: 0 }, operations: [] },
    totals: { passed: 2, failed: 1, skipped: 1, failures: 1 },
    ...overrides,
  };
}

describe('the console report', () => {
  it('shows check × operation with short operation names, skip reasons and each failure in full', () => {
    const text = renderConsoleReport(result());
    expect(text).toMatch(/check\s+getTriggerSources\s+getTriggerSource\n/);
    expect(text).toMatch(/not_a_server_error\s+pass\s+FAIL 1\n/);
    expect(text).toMatch(/tenant_isolation\s+skip\s+·\n/);
    expect(text).toContain('needs the second tenant\n    tenant_isolation × getTriggerSources');
    expect(text).toContain('FAILURE 1/1  not_a_server_error · TriggerSourcesController_getTriggerSource');
    expect(text).toContain("reproduce: curl -sS -i -X GET 'http://127.0.0.1:4010/trigger-sources/x'");
    expect(text).toContain('seen 2 times');
    expect(text).toContain('FAILED: 1 distinct failure(s)');
    expect(text).toContain('seed 9 (repeat with --seed 9)');
  });
});

describe('the JUnit report', () => {
  const xml = renderJunit(result());

  it('has one testcase per check × operation, failed, passed or skipped', () => {
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toContain(
      '<testsuites name="pers-mock contract http://127.0.0.1:4010" tests="4" failures="1" errors="0" skipped="1"',
    );
    expect(xml).toContain(
      '<testcase classname="contract.sorting" name="TriggerSourcesController_getTriggerSources" time="0.009"/>',
    );
    expect(xml).toContain('<skipped message="needs the second tenant"/>');
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    expect(xml).toContain('<failure message="the server answered 500 &lt;&amp;&gt;" type="not_a_server_error">');
    expect(xml).toContain('input:     read &lt;an&gt; "existing" resource');
    expect(xml).not.toContain('\u0001');
    const withoutMarkup = xml.replace(/<\/?[a-z?][^<>]*>/g, '');
    expect(withoutMarkup).not.toMatch(/[<>]/);
    expect(withoutMarkup).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/);
  });
});

describe('curl reproductions', () => {
  const shellArgs = (line: string) =>
    execFileSync('bash', ['-c', `curl() { printf '%s\\n' "$@"; }; PERS_MOCK_JWT=the-token; ${line}`], {
      encoding: 'utf8',
    })
      .split('\n')
      .slice(0, -1);

  it('repeat the request exactly through a shell, expanding only the credential variables', () => {
    const line = toCurl(
      {
        method: 'POST',
        url: "http://h/x?q=it's",
        headers: { authorization: 'Bearer $PERS_MOCK_JWT', 'x-note': 'cost: $5 `whoami` "q"' },
        body: `{"name":"O'Brien $HOME"}`,
      },
      ['PERS_MOCK_JWT'],
    );
    expect(shellArgs(line)).toEqual([
      '-sS',
      '-i',
      '-X',
      'POST',
      "http://h/x?q=it's",
      '-H',
      'authorization: Bearer the-token',
      '-H',
      'x-note: cost: $5 `whoami` "q"',
      '--data-raw',
      `{"name":"O'Brien $HOME"}`,
    ]);
  });
});

describe('redaction', () => {
  const secrets = [
    { value: 'pk_live_0123456789', variable: 'PERS_MOCK_PROJECT_KEY' },
    { value: 'x', variable: 'PERS_MOCK_JWT' },
  ];

  it('replaces credentials with the variables that hold them, everywhere in a report', () => {
    expect(redactDeep({ a: ['key pk_live_0123456789 echoed'] }, secrets)).toEqual({
      a: ['key $PERS_MOCK_PROJECT_KEY echoed'],
    });
  });

  it('replaces a short credential only where it is a whole header value, so text stays readable', () => {
    expect(redactHeader('Bearer x', secrets)).toBe('Bearer $PERS_MOCK_JWT');
    expect(redactDeep('max', secrets)).toBe('max');
  });
});
