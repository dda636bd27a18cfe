import { documentedResponse } from '../../engine/operation-index.js';
import type { Check, Failure } from '../types.js';
import { failure, isJudgeable, withoutDocumentedResponses } from './failure.js';

const NAME = 'response_headers_conformance';

/**
 * Every header documented for the status must be present (unless marked `required: false`)
 * and its value must match the header's schema once read as that schema's type.
 */
export const responseHeadersConformance: Check = {
  name: NAME,
  failsWhen: 'a documented response header is missing or invalid',
  appliesTo: 'every-response',
  cannotJudge: withoutDocumentedResponses,
  run: (ctx, exchange) => {
    if (!isJudgeable(exchange)) return [];
    const documented = documentedResponse(ctx.spec.operation(exchange.operationId), exchange.response.status);
    const failures: Failure[] = [];
    for (const [name, header] of Object.entries(documented?.headers ?? {})) {
      const value = exchange.response.headers[name];
      if (value === undefined) {
        if (header.required === false) continue;
        failures.push(
          failure(NAME, exchange, {
            problem: `the documented ${name} header is missing`,
            expected: `${name}: ${JSON.stringify(header.schema)}`,
            actual: 'no such header',
          }),
        );
      } else if (!ctx.schemas.isValidRaw(header.schema, value)) {
        failures.push(
          failure(NAME, exchange, {
            problem: `the ${name} header does not match its documented schema`,
            expected: `${name}: ${JSON.stringify(header.schema)}`,
            actual: `${name}: ${JSON.stringify(value)}`,
          }),
        );
      }
    }
    return failures;
  },
};
