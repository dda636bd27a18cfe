import { documentedResponse, documentedStatusKeys } from '../../engine/operation-index.js';
import type { Check } from '../types.js';
import { failure, isJudgeable, withoutDocumentedResponses } from './failure.js';
import { isNaturalRejection } from './natural-rejection.js';

const NAME = 'status_code_conformance';

export const statusCodeConformance: Check = {
  name: NAME,
  failsWhen:
    'the status is not documented for the operation (a 400/422, 401/403, 404/410 or 403/404 answering an ' +
    'invalid input, bad credentials, a deleted or a foreign resource is accepted where the operation documents ' +
    'none of the pair)',
  appliesTo: 'every-response',
  cannotJudge: withoutDocumentedResponses,
  run: (ctx, exchange) => {
    if (!isJudgeable(exchange)) return [];
    const op = ctx.spec.operation(exchange.operationId);
    const status = exchange.response.status;
    if (documentedResponse(op, status) || isNaturalRejection(op, exchange.purpose.kind, status)) return [];
    return [
      failure(NAME, exchange, {
        problem: `status ${status} is not documented for ${op.operationId}`,
        expected: `one of ${documentedStatusKeys(op).join(', ')}`,
        actual: String(status),
      }),
    ];
  },
};
