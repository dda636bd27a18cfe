import type { OperationSpec } from '../../engine/operation-index.js';
import type { Check } from '../types.js';
import { failure, isJudgeable } from './failure.js';

const NAME = 'positive_data_acceptance';
const REJECTIONS = new Set([400, 422]);

export const positiveDataAcceptance: Check = {
  name: NAME,
  failsWhen: 'a generated valid request is rejected with 400/422',
  appliesTo: ['positive', 'read-after-create', 'read-after-update', 'list-page', 'list-filter', 'list-sort'],
  run: (ctx, exchange) => {
    if (!isJudgeable(exchange) || !REJECTIONS.has(exchange.response.status)) return [];
    // An operation that documents no success (petstore's PUT /pet lists only 400, 404 and 405)
    // says every request ends in an error: a rejection is what it documents.
    if (!documentsSuccess(ctx.spec.operation(exchange.operationId))) return [];
    return [
      failure(NAME, exchange, {
        problem: `a request that conforms to the document was rejected with ${exchange.response.status}`,
        expected: 'the request to be accepted',
        actual: `${exchange.response.status} ${exchange.response.bodyText.slice(0, 300)}`,
      }),
    ];
  },
};

function documentsSuccess(op: OperationSpec): boolean {
  return op.responses.some(({ key }) => /^2(\d\d|XX)$/i.test(key) || key === 'default');
}
