import type { Check } from '../types.js';
import { failure } from './failure.js';

const NAME = 'not_a_server_error';

/** Every 5xx, and every request that got no answer at all, is reported here and only here. */
export const notAServerError: Check = {
  name: NAME,
  failsWhen: 'any 5xx, or no complete response within --timeout',
  appliesTo: 'every-response',
  run: (_ctx, exchange) => {
    if (exchange.transportError) {
      return [
        failure(NAME, exchange, {
          problem: 'the server did not answer',
          expected: 'a response',
          actual: exchange.transportError.message,
        }),
      ];
    }
    const status = exchange.response?.status ?? 0;
    if (status < 500) return [];
    return [
      failure(NAME, exchange, {
        problem: `the server answered ${status}`,
        expected: 'a status below 500',
        actual: `${status} ${exchange.response?.bodyText.slice(0, 300) ?? ''}`.trim(),
      }),
    ];
  },
};
