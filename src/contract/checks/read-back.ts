import type { Check } from '../types.js';
import { fieldMismatches } from './field-comparison.js';
import { failure, isJudgeable, isSuccess } from './failure.js';

/** What tells one read-back check from the other: which reads it judges, and how it words a failure. */
export interface ReadBackCheck {
  name: string;
  failsWhen: string;
  kind: 'read-after-create' | 'read-after-update';
  /** The written resource, as a failure message names it: "created", "updated". */
  written: string;
  unreadable: string;
  differs: string;
  expectedFields: string;
}

/** A check that a resource just written reads back with the fields it was written with. */
export function readBackCheck(spec: ReadBackCheck): Check {
  return {
    name: spec.name,
    failsWhen: spec.failsWhen,
    appliesTo: [spec.kind],
    run: (ctx, exchange) => {
      const purpose = exchange.purpose;
      if (purpose.kind !== spec.kind || !isJudgeable(exchange)) return [];
      if (!isSuccess(exchange)) {
        return [
          failure(spec.name, exchange, {
            problem: spec.unreadable,
            expected: `a 2xx with the ${spec.written} resource`,
            actual: `${exchange.response.status} ${exchange.response.bodyText.slice(0, 200)}`.trim(),
          }),
        ];
      }
      const mismatches = fieldMismatches(
        purpose.expected,
        exchange.response.json?.value,
        purpose.resourceSchema,
        (schema, value) => ctx.schemas.isValidResponse(schema, value),
      );
      if (mismatches.length === 0) return [];
      return [
        failure(spec.name, exchange, {
          problem: spec.differs,
          expected: spec.expectedFields,
          actual: mismatches.join('; '),
        }),
      ];
    },
  };
}
