import type { Check } from '../types.js';
import { failure, isJudgeable, isSuccess } from './failure.js';
import { idsOf, listItems } from './list-items.js';

const NAME = 'tenant_isolation';
const VERB = { read: 'read', update: 'updated', delete: 'deleted' } as const;

export const tenantIsolation: Check = {
  name: NAME,
  failsWhen:
    'a resource created under one tenant is visible to the other ' +
    "(needs the second tenant's credentials; skipped without them)",
  appliesTo: ['cross-tenant'],
  run: (_ctx, exchange) => {
    const purpose = exchange.purpose;
    if (purpose.kind !== 'cross-tenant' || !isJudgeable(exchange)) return [];
    if (purpose.action === 'list') {
      const items = listItems(exchange);
      if (!items || !idsOf(items, purpose.idField).includes(purpose.resourceId)) return [];
      return [
        failure(NAME, exchange, {
          problem: `the second tenant's list shows the first tenant's resource ${purpose.resourceId}`,
          expected: `no item with ${purpose.idField} ${purpose.resourceId}`,
          actual: `it is among the ${items.length} items listed`,
        }),
      ];
    }
    if (!isSuccess(exchange)) return [];
    return [
      failure(NAME, exchange, {
        problem: `the second tenant ${VERB[purpose.action]} the first tenant's resource ${purpose.resourceId}`,
        expected: 'a 4xx: the resource does not exist for this tenant',
        actual: `${exchange.response.status} ${exchange.response.bodyText.slice(0, 200)}`.trim(),
      }),
    ];
  },
};
