import { evaluateAssertion } from '../suites/assertions.js';
import { resolvePointer } from '../suites/json-pointer.js';
import type { Check, Failure } from '../types.js';
import { failure } from './failure.js';

const NAME = 'suite_expectations';

/** A scenario step from contracts/*.yaml: its expected status, assertions and captures. */
export const suiteExpectations: Check = {
  name: NAME,
  failsWhen:
    'a step of a YAML suite gets another status than it expects, fails an assertion, or lacks a value it captures',
  appliesTo: ['suite-step'],
  run: (_ctx, exchange) => {
    const purpose = exchange.purpose;
    if (purpose.kind !== 'suite-step' || !exchange.response) return [];
    const { status, json } = exchange.response;
    if (!purpose.expectedStatus.includes(status)) {
      return [
        failure(NAME, exchange, {
          problem: `expected status ${purpose.expectedStatus.join(' or ')}, got ${status}`,
          expected: purpose.expectedStatus.join(' or '),
          actual: `${status} ${exchange.response.bodyText.slice(0, 200)}`.trim(),
        }),
      ];
    }
    const failures: Failure[] = [];
    for (const assertion of purpose.assertions) {
      const problem = evaluateAssertion(assertion, json?.value);
      if (problem)
        failures.push(
          failure(NAME, exchange, { problem: `assertion on ${assertion.pointer || '(body)'} failed`, ...problem }),
        );
    }
    for (const [variable, pointer] of Object.entries(purpose.captures)) {
      if (resolvePointer(json?.value, pointer) === undefined) {
        failures.push(
          failure(NAME, exchange, {
            problem: `nothing to capture as ${variable}`,
            expected: `a value at ${pointer}`,
            actual: 'nothing there',
          }),
        );
      }
    }
    return failures;
  },
};
