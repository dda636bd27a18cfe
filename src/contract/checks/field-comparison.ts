import { isDeepStrictEqual } from 'node:util';
import type { SchemaObject } from '../types.js';
import { show } from './failure.js';

/**
 * The fields of `sent` that `read` does not reflect, as "field: sent …, read back …".
 * Only fields the response schema declares are compared (write-only input is not echoed).
 * Null and absent are the same; objects may come back with extra keys; date-times are
 * compared as instants, since servers normalise their text.
 */
export function fieldMismatches(sent: Record<string, unknown>, read: unknown, responseSchema?: SchemaObject): string[] {
  if (!read || typeof read !== 'object' || Array.isArray(read)) return ['the body is not an object'];
  const declared = responseSchema?.properties as Record<string, SchemaObject> | undefined;
  const mismatches: string[] = [];
  for (const [field, value] of Object.entries(sent)) {
    if (declared && !(field in declared)) continue;
    const actual = (read as Record<string, unknown>)[field];
    if (!reflects(value, actual, declared?.[field]))
      mismatches.push(`${field}: sent ${show(value, 120)}, read back ${show(actual, 120)}`);
  }
  return mismatches;
}

function reflects(sent: unknown, actual: unknown, schema: SchemaObject | undefined): boolean {
  if (sent === null || sent === undefined) return actual === null || actual === undefined;
  if (schema?.format === 'date-time' && typeof sent === 'string' && typeof actual === 'string') {
    return Date.parse(sent) === Date.parse(actual);
  }
  if (sent && typeof sent === 'object' && !Array.isArray(sent)) {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const properties = schema?.properties as Record<string, SchemaObject> | undefined;
    return Object.entries(sent).every(([key, inner]) =>
      reflects(inner, (actual as Record<string, unknown>)[key], properties?.[key]),
    );
  }
  return isDeepStrictEqual(sent, actual);
}
