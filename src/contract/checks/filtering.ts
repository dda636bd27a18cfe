import { isDeepStrictEqual } from 'node:util';
import type { Check, ListFilter } from '../types.js';
import { failure, show } from './failure.js';
import { idOf, listItems } from './list-items.js';

const NAME = 'filtering';
const ITEMS_SHOWN = 3;

/**
 * Every item of a filtered list must match every filter on the field it filters, and must be
 * one of the unfiltered list's items (the only test possible when the filtered property is not
 * part of the item, like a campaign link).
 */
export const filtering: Check = {
  name: NAME,
  failsWhen: 'a filtered list contains an item that does not match the filter',
  appliesTo: ['list-filter'],
  run: (_ctx, exchange) => {
    const purpose = exchange.purpose;
    const items = listItems(exchange);
    if (purpose.kind !== 'list-filter' || !items) return [];
    const known = new Set(purpose.reference);
    const offenders: string[] = [];
    for (const item of items) {
      const id = idOf(item, purpose.idField) ?? '(no id)';
      const wrong = purpose.filters.filter((filter) => !matches(item, filter));
      if (wrong.length > 0)
        offenders.push(`${id}: ${wrong.map((f) => `${f.field}=${show(fieldOf(item, f.field!))}`).join(', ')}`);
      else if (!known.has(id)) offenders.push(`${id}: not in the unfiltered list`);
    }
    if (offenders.length === 0) return [];
    const shown = offenders.slice(0, ITEMS_SHOWN).join('; ');
    return [
      failure(NAME, exchange, {
        problem: `${offenders.length} of ${items.length} items do not match the filter`,
        expected: purpose.filters
          .map((f) => (f.field ? `${f.field} = ${show(f.value)}` : `${f.param}=${show(f.value)}`))
          .join(' and '),
        actual: offenders.length > ITEMS_SHOWN ? `${shown}; …` : shown,
      }),
    ];
  },
};

function matches(item: unknown, filter: ListFilter): boolean {
  return filter.field === undefined || isDeepStrictEqual(fieldOf(item, filter.field), filter.value);
}

function fieldOf(item: unknown, field: string): unknown {
  return item && typeof item === 'object' ? (item as Record<string, unknown>)[field] : undefined;
}
