import type { AuthMode } from '../credentials.js';
import { SAFE_METHODS, type RequestInput } from '../run-session.js';
import { evaluateAssertion } from '../suites/assertions.js';
import { interpolate } from '../suites/interpolate.js';
import { resolvePointer } from '../suites/json-pointer.js';
import type { Suite, SuiteStep } from '../suites/suite-loader.js';
import type { SuiteAssertion } from '../types.js';
import { inParallel, NO_SECOND_TENANT_REASON, READ_ONLY_REASON, type ProbeContext } from './probe-context.js';

export interface SuiteOutcome {
  name: string;
  file: string;
  status: 'passed' | 'failed' | 'skipped';
  stepsRun: number;
  stepsTotal: number;
  /** Why it was skipped or stopped early. */
  reason?: string;
}

const AUTH: Record<SuiteStep['auth'], AuthMode> = {
  primary: { as: 'primary' },
  second: { as: 'second' },
  none: { as: 'anonymous' },
};

/** Runs each YAML suite's steps in order, carrying captured values from step to step. */
export async function suiteProbes(pc: ProbeContext, suites: Suite[]): Promise<SuiteOutcome[]> {
  const outcomes: SuiteOutcome[] = [];
  // Suites run side by side, each in its own lane; their outcomes stay in file order.
  await inParallel(pc, suites, async (pc, suite, index) => {
    const outcome: SuiteOutcome = {
      name: suite.name,
      file: suite.file,
      status: 'passed',
      stepsRun: 0,
      stepsTotal: suite.steps.length,
    };
    outcomes[index] = outcome;
    const reason = reasonToSkip(pc, suite);
    if (reason) {
      Object.assign(outcome, { status: 'skipped', reason });
      skipSteps(pc, suite.steps, reason);
      return;
    }
    pc.session.phase(`suite ${suite.name}`);
    const variables: Record<string, unknown> = { runId: pc.rng.fork(`suite ${suite.file}`).word(10) };
    Object.assign(variables, interpolate(suite.variables, variables));
    for (const [step, definition] of suite.steps.entries()) {
      const problem = await runStep(pc, suite, definition, variables);
      outcome.stepsRun++;
      if (problem.failed) outcome.status = 'failed';
      if (problem.stop) {
        outcome.reason = `stopped after step "${definition.name}": ${problem.stop}`;
        skipSteps(pc, suite.steps.slice(step + 1), outcome.reason);
        break;
      }
    }
  });
  return outcomes;
}

function reasonToSkip(pc: ProbeContext, suite: Suite): string | undefined {
  if (suite.unavailable) return suite.unavailable;
  const unsendable = suite.steps.find((step) => pc.unsendable.has(step.operation));
  if (unsendable) return `its step "${unsendable.name}" ${pc.unsendable.get(unsendable.operation)}`;
  if (pc.readOnly && suite.steps.some((step) => !SAFE_METHODS.has(pc.spec.operation(step.operation).method)))
    return READ_ONLY_REASON;
  if (!pc.credentials.second && suite.steps.some((step) => step.auth === 'second')) return NO_SECOND_TENANT_REASON;
  return undefined;
}

async function runStep(
  pc: ProbeContext,
  suite: Suite,
  step: SuiteStep,
  variables: Record<string, unknown>,
): Promise<{ failed: boolean; stop?: string }> {
  const op = pc.spec.operation(step.operation);
  const assertions = interpolate(step.assertions, variables) as SuiteAssertion[];
  const input: RequestInput = {
    auth: AUTH[step.auth],
    pathParams: strings(interpolate(step.params, variables)),
    query: strings(interpolate(step.query, variables)),
    headers: strings(interpolate(step.headers, variables)),
    body: step.body ? { kind: 'json', value: interpolate(step.body.value, variables) } : undefined,
  };
  const exchange = await pc.session.send(op, input, {
    kind: 'suite-step',
    suite: suite.name,
    step: step.name,
    expectedStatus: step.expectedStatus,
    assertions,
    captures: step.captures,
  });
  if (!exchange.response) return { failed: true, stop: exchange.transportError?.message ?? 'no response' };
  const body = exchange.response.json?.value;
  const failed =
    !step.expectedStatus.includes(exchange.response.status) ||
    assertions.some((a) => evaluateAssertion(a, body) !== undefined);
  for (const [variable, pointer] of Object.entries(step.captures)) {
    const value = resolvePointer(body, pointer);
    if (value === undefined) return { failed: true, stop: `nothing at ${pointer} to capture as ${variable}` };
    variables[variable] = value;
  }
  return { failed };
}

function skipSteps(pc: ProbeContext, steps: SuiteStep[], reason: string): void {
  pc.session.skip(['suite_expectations'], [...new Set(steps.map((s) => s.operation))], reason);
}

function strings(record: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((record ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== null) out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}
