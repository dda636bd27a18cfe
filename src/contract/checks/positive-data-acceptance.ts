import type { Check } from '../types.js';
import { failure, isJudgeable } from './failure.js';

const NAME = 'positive_data_acceptance';
const REJECTIONS = new Set([400, 422]);

export const positiveDataAcceptance: Check = {
  name: NAME,
  failsWhen: 'a generated valid request is rejected with 400/422',
  appliesTo: ['positive', 'read-after-create', 'read-after-update', 'list-page', 'list-filter', 'list-sort'],
  run: (_ctx, exchange) => {
    if (!isJudgeable(exchange) || !REJECTIONS.has(exchange.response.status)) return [];
    return [
      failure(NAME, exchange, {
        problem: `a request that conforms to the document was rejected with ${exchange.response.status}`,
        expected: 'the request to be accepted',
        actual: `${exchange.response.status} ${exchange.response.bodyText.slice(0, 300)}`,
      }),
    ];
  },
};
