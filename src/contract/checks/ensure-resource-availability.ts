import type { Check } from '../types.js';
import { fieldMismatches } from './field-comparison.js';
import { failure, isJudgeable, isSuccess } from './failure.js';

const NAME = 'ensure_resource_availability';

export const ensureResourceAvailability: Check = {
  name: NAME,
  failsWhen: 'a created resource cannot be read back with the fields it was created with',
  appliesTo: ['read-after-create'],
  run: (_ctx, exchange) => {
    const purpose = exchange.purpose;
    if (purpose.kind !== 'read-after-create' || !isJudgeable(exchange)) return [];
    if (!isSuccess(exchange)) {
      return [
        failure(NAME, exchange, {
          problem: 'a resource the server just created cannot be read',
          expected: 'a 2xx with the created resource',
          actual: `${exchange.response.status} ${exchange.response.bodyText.slice(0, 200)}`.trim(),
        }),
      ];
    }
    const mismatches = fieldMismatches(purpose.expected, exchange.response.json?.value, purpose.resourceSchema);
    if (mismatches.length === 0) return [];
    return [
      failure(NAME, exchange, {
        problem: 'the resource read back differs from what was created',
        expected: 'every field sent on create, as sent',
        actual: mismatches.join('; '),
      }),
    ];
  },
};
