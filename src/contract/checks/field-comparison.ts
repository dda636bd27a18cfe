import { isDeepStrictEqual } from 'node:util';
import { propertiesOf } from '../../engine/resource-collections.js';
import type { SchemaObject } from '../types.js';
import { show } from './failure.js';

/** Whether a response schema accepts a value, as the server would send it. */
export type Holds = (schema: SchemaObject, value: unknown) => boolean;

/**
 * The fields of `sent` that `read` does not reflect, as "field: sent …, read back …".
 * Only what the response can show is compared, at every depth: fields the response schema
 * declares (write-only input is not echoed), holding values that schema accepts (a server
 * may store a sent `null` as a default the response documents instead). Null and absent are the
 * same; objects may come back with extra keys; date-times are compared as instants, since
 * servers normalise their text.
 */
export function fieldMismatches(
  sent: Record<string, unknown>,
  read: unknown,
  responseSchema: SchemaObject | undefined,
  holds: Holds,
): string[] {
  if (!isObject(read)) return ['the body is not an object'];
  return comparable(sent, responseSchema, holds)
    .filter(([field, value, schema]) => !reflects(value, read[field], schema, holds))
    .map(([field, value]) => `${field}: sent ${show(value, 120)}, read back ${show(read[field], 120)}`);
}

/** The fields of an object sent that its schema lets a response show, with their schemas. */
function comparable(
  sent: Record<string, unknown>,
  schema: SchemaObject | undefined,
  holds: Holds,
): Array<[string, unknown, SchemaObject | undefined]> {
  const declared = propertiesOf(schema) as Record<string, SchemaObject>;
  // A schema that names no properties (a free-form object) shows whatever was sent.
  if (Object.keys(declared).length === 0)
    return Object.entries(sent).map(([field, value]) => [field, value, undefined]);
  return Object.entries(sent)
    .filter(([field, value]) => field in declared && holds(declared[field], value))
    .map(([field, value]) => [field, value, declared[field]]);
}

function reflects(sent: unknown, actual: unknown, schema: SchemaObject | undefined, holds: Holds): boolean {
  if (sent === null || sent === undefined) return actual === null || actual === undefined;
  if (schema?.format === 'date-time' && typeof sent === 'string' && typeof actual === 'string') {
    return Date.parse(sent) === Date.parse(actual);
  }
  if (isObject(sent)) {
    return (
      isObject(actual) &&
      comparable(sent, schema, holds).every(([key, inner, innerSchema]) =>
        reflects(inner, actual[key], innerSchema, holds),
      )
    );
  }
  if (Array.isArray(sent) && Array.isArray(actual) && sent.length === actual.length) {
    const items = schema?.items as SchemaObject | undefined;
    return sent.every((element, index) => reflects(element, actual[index], items, holds));
  }
  return isDeepStrictEqual(sent, actual);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
