import type { Check } from '../types.js';
import { fieldMismatches } from './field-comparison.js';
import { failure, isJudgeable, isSuccess } from './failure.js';

const NAME = 'update_persisted';

export const updatePersisted: Check = {
  name: NAME,
  failsWhen: 'a successful update is not reflected by a later read',
  appliesTo: ['read-after-update'],
  run: (_ctx, exchange) => {
    const purpose = exchange.purpose;
    if (purpose.kind !== 'read-after-update' || !isJudgeable(exchange)) return [];
    if (!isSuccess(exchange)) {
      return [
        failure(NAME, exchange, {
          problem: 'a resource that was just updated cannot be read',
          expected: 'a 2xx with the updated resource',
          actual: `${exchange.response.status} ${exchange.response.bodyText.slice(0, 200)}`.trim(),
        }),
      ];
    }
    const mismatches = fieldMismatches(purpose.expected, exchange.response.json?.value, purpose.resourceSchema);
    if (mismatches.length === 0) return [];
    return [
      failure(NAME, exchange, {
        problem: 'a later read does not show the update',
        expected: 'every field sent in the update, as sent',
        actual: mismatches.join('; '),
      }),
    ];
  },
};
