import type { Check, SchemaObject } from '../types.js';
import { failure, show } from './failure.js';
import { listItems } from './list-items.js';

const NAME = 'sorting';
type Compare = (a: unknown, b: unknown) => number;

const collator = new Intl.Collator('en');
const baseCollator = new Intl.Collator('en', { sensitivity: 'base', ignorePunctuation: true });
const codeUnits: Compare = (a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);

/**
 * A sorted list must be in order by at least one reasonable reading of "in order" for the
 * field's type: databases sort text by code point or by a collation, enums by their
 * declaration, so any of those is accepted (ties may come in any order, nulls first or last).
 */
export const sorting: Check = {
  name: NAME,
  failsWhen: 'a sorted list is out of order',
  appliesTo: ['list-sort'],
  run: (_ctx, exchange) => {
    const purpose = exchange.purpose;
    const items = listItems(exchange);
    if (purpose.kind !== 'list-sort' || !items || items.length < 2) return [];
    const values = items.map((item) =>
      item && typeof item === 'object' ? (item as Record<string, unknown>)[purpose.field] : undefined,
    );
    const sign = purpose.direction === 'asc' ? 1 : -1;
    if (comparatorsFor(purpose.fieldSchema).some((compare) => isOrdered(values, (a, b) => sign * compare(a, b))))
      return [];
    const at = firstInversion(values, (a, b) => sign * comparatorsFor(purpose.fieldSchema)[0](a, b));
    const ascending = purpose.direction === 'asc';
    return [
      failure(NAME, exchange, {
        problem: `the list is not sorted by ${purpose.field} ${ascending ? 'ascending' : 'descending'}`,
        expected: `${purpose.field} ${ascending ? 'non-decreasing' : 'non-increasing'} from item to item`,
        actual:
          at < 0 ? show(values) : `item ${at + 1} has ${show(values[at])}, item ${at + 2} has ${show(values[at + 1])}`,
      }),
    ];
  },
};

function comparatorsFor(schema: SchemaObject | undefined): Compare[] {
  if (Array.isArray(schema?.enum)) {
    const order = schema.enum.map(String);
    return [
      codeUnits,
      (a, b) => order.indexOf(String(a)) - order.indexOf(String(b)),
      (a, b) => collator.compare(String(a), String(b)),
    ];
  }
  if (schema?.format === 'date-time' || schema?.format === 'date')
    return [(a, b) => Date.parse(String(a)) - Date.parse(String(b))];
  if (schema?.type === 'number' || schema?.type === 'integer') return [(a, b) => Number(a) - Number(b)];
  if (schema?.type === 'boolean') return [(a, b) => Number(a) - Number(b)];
  return [
    codeUnits,
    (a, b) => collator.compare(String(a), String(b)),
    (a, b) => baseCollator.compare(String(a), String(b)),
  ];
}

/** Non-null values in order, with the nulls together at one end. */
function isOrdered(values: unknown[], compare: Compare): boolean {
  const isNull = (v: unknown) => v === null || v === undefined;
  const firstValue = values.findIndex((v) => !isNull(v));
  const lastValue = values.length - 1 - [...values].reverse().findIndex((v) => !isNull(v));
  if (firstValue < 0) return true;
  const middle = values.slice(firstValue, lastValue + 1);
  if (middle.some(isNull)) return false;
  if (firstValue > 0 && lastValue < values.length - 1) return false;
  return firstInversion(middle, compare) < 0;
}

function firstInversion(values: unknown[], compare: Compare): number {
  for (let i = 0; i + 1 < values.length; i++) if (compare(values[i], values[i + 1]) > 0) return i;
  return -1;
}
