import { documentedResponse, documentedStatusKeys } from '../../engine/operation-index.js';
import type { Check } from '../types.js';
import { failure, isJudgeable } from './failure.js';
import { isNaturalRejection } from './natural-rejection.js';

const NAME = 'negative_data_rejection';

export const negativeDataRejection: Check = {
  name: NAME,
  failsWhen:
    'a generated invalid request (missing required field, wrong type, value outside an enum, bad format, ' +
    'out-of-range limit/page, body not JSON) is not rejected with a documented 4xx (or with a 400 or 422 where ' +
    'the operation documents neither)',
  appliesTo: ['negative'],
  run: (ctx, exchange) => {
    if (!isJudgeable(exchange)) return [];
    const op = ctx.spec.operation(exchange.operationId);
    const status = exchange.response.status;
    if (status >= 400 && (documentedResponse(op, status) || isNaturalRejection(op, 'negative', status))) return [];
    const documented4xx = documentedStatusKeys(op).filter((key) => key.startsWith('4'));
    const addition = exchange.purpose.kind === 'negative' ? exchange.purpose.addition : undefined;
    return [
      {
        ...failure(NAME, exchange, {
          problem:
            status < 400
              ? `the invalid request was accepted (${status})`
              : `the invalid request was rejected with an undocumented ${status}`,
          expected: `a documented 4xx (${documented4xx.join(', ') || 'none documented'})`,
          actual: `${status} ${exchange.response.bodyText.slice(0, 200)}`.trim(),
        }),
        ...(addition ? { addition } : {}),
      },
    ];
  },
};
