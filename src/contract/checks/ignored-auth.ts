import type { Check } from '../types.js';
import { failure, isJudgeable, isSuccess } from './failure.js';

const NAME = 'ignored_auth';

export const ignoredAuth: Check = {
  name: NAME,
  failsWhen: 'a secured operation succeeds without credentials or with invalid ones (must be 401)',
  appliesTo: ['auth'],
  run: (_ctx, exchange) => {
    if (!isJudgeable(exchange) || exchange.response.status === 401) return [];
    const status = exchange.response.status;
    return [
      failure(NAME, exchange, {
        problem: isSuccess(exchange)
          ? `the operation succeeded (${status}) with ` +
            `${exchange.purpose.kind === 'auth' ? exchange.purpose.description : 'bad credentials'}`
          : `answered ${status} instead of 401`,
        expected: '401',
        actual: `${status} ${exchange.response.bodyText.slice(0, 200)}`.trim(),
      }),
    ];
  },
};
