import type { Check } from '../types.js';
import { failure, isJudgeable, isSuccess } from './failure.js';
import { idsOf, listItems } from './list-items.js';

const NAME = 'use_after_free';
const VERB = { read: 'read', update: 'updated', delete: 'deleted again' } as const;

export const useAfterFree: Check = {
  name: NAME,
  failsWhen: 'a deleted resource can still be read, updated or deleted (or still appears in the list)',
  appliesTo: ['after-delete'],
  run: (_ctx, exchange) => {
    const purpose = exchange.purpose;
    if (purpose.kind !== 'after-delete' || !isJudgeable(exchange)) return [];
    if (purpose.action === 'list') {
      const items = listItems(exchange);
      if (!items || !idsOf(items, purpose.idField).includes(purpose.resourceId)) return [];
      return [
        failure(NAME, exchange, {
          problem: `deleted resource ${purpose.resourceId} still appears in the list`,
          expected: `no item with ${purpose.idField} ${purpose.resourceId}`,
          actual: `the list holds it among ${items.length} items`,
        }),
      ];
    }
    if (!isSuccess(exchange)) return [];
    return [
      failure(NAME, exchange, {
        problem: `deleted resource ${purpose.resourceId} can still be ${VERB[purpose.action]}`,
        expected: 'a 4xx (it no longer exists)',
        actual: `${exchange.response.status} ${exchange.response.bodyText.slice(0, 200)}`.trim(),
      }),
    ];
  },
};
