import type { Check } from '../types.js';
import { failure } from './failure.js';

const NAME = 'max_response_time';

export const maxResponseTime: Check = {
  name: NAME,
  failsWhen: 'opt-in (--max-response-time MS): a response slower than MS',
  appliesTo: 'every-response',
  optIn: true,
  run: (ctx, exchange) => {
    const limit = ctx.maxResponseTimeMs;
    if (limit === undefined || !exchange.response || exchange.durationMs <= limit) return [];
    return [
      failure(NAME, exchange, {
        problem: `the response took ${Math.round(exchange.durationMs)} ms`,
        expected: `at most ${limit} ms`,
        actual: `${Math.round(exchange.durationMs)} ms`,
      }),
    ];
  },
};
