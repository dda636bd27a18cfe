import { documentedResponse, documentedStatusKeys } from '../../engine/operation-index.js';
import type { Check } from '../types.js';
import { failure, isJudgeable } from './failure.js';

const NAME = 'status_code_conformance';

export const statusCodeConformance: Check = {
  name: NAME,
  failsWhen: 'the status is not documented for the operation',
  appliesTo: 'every-response',
  run: (ctx, exchange) => {
    if (!isJudgeable(exchange)) return [];
    const op = ctx.spec.operation(exchange.operationId);
    const status = exchange.response.status;
    if (documentedResponse(op, status)) return [];
    return [
      failure(NAME, exchange, {
        problem: `status ${status} is not documented for ${op.operationId}`,
        expected: `one of ${documentedStatusKeys(op).join(', ')}`,
        actual: String(status),
      }),
    ];
  },
};
