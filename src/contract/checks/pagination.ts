import type { Check } from '../types.js';
import { failure } from './failure.js';
import { idsOf, listItems } from './list-items.js';

const NAME = 'pagination';
const IDS_SHOWN = 5;

/**
 * Each page must be exactly its slice of the unpaged list (same filters, same order): then
 * `limit` is honoured and consecutive pages neither overlap nor skip.
 */
export const pagination: Check = {
  name: NAME,
  failsWhen: '`limit` is not honoured, or consecutive pages overlap or skip items',
  appliesTo: ['list-page'],
  run: (_ctx, exchange) => {
    const purpose = exchange.purpose;
    const items = listItems(exchange);
    if (purpose.kind !== 'list-page' || !items) return [];
    const { limit, page, firstPage, reference, idField } = purpose;
    if (items.length > limit) {
      return [
        failure(NAME, exchange, {
          problem: `limit=${limit} is not honoured`,
          expected: `at most ${limit} items`,
          actual: `${items.length} items`,
        }),
      ];
    }
    const start = (page - firstPage) * limit;
    const expected = reference.slice(start, start + limit);
    const actual = idsOf(items, idField);
    if (expected.length === actual.length && expected.every((id, i) => id === actual[i])) return [];
    const earlier = new Set(reference.slice(0, start));
    const repeated = actual.filter((id) => earlier.has(id));
    const skipped = expected.filter((id) => !actual.includes(id));
    const problems = [
      repeated.length > 0 ? `repeats ${repeated.length} item(s) of earlier pages (${few(repeated)})` : '',
      skipped.length > 0 ? `skips ${skipped.length} item(s) (${few(skipped)})` : '',
    ].filter(Boolean);
    return [
      failure(NAME, exchange, {
        problem: `page ${page} ${problems.join(' and ') || 'holds its items in another order than the unpaged list'}`,
        expected: `items ${start + 1}–${start + expected.length} of the unpaged list: ${few(expected)}`,
        actual: `${actual.length} items: ${few(actual)}`,
      }),
    ];
  },
};

function few(ids: string[]): string {
  const shown = ids.slice(0, IDS_SHOWN).join(', ');
  return ids.length > IDS_SHOWN ? `${shown}, … (${ids.length})` : shown || 'none';
}
