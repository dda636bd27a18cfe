import type { SchemaObject } from '../operation-index.js';
import { allowsNull, declaredType, isNullSchema, mergeAllOf } from './schema-shape.js';
import { numberOr } from './text-values.js';

/** Returned by smallestValid for a schema that no finite value satisfies. */
export const NO_FINITE_VALUE = Symbol('no finite value');

/** Schemas looked at in one search: a wide document gives up (as if no value existed) rather than stall. */
const SEARCH_BUDGET = 2000;

export interface SmallestSearch {
  /** A valid value of a string, number, integer or boolean schema. */
  scalar: (schema: SchemaObject) => unknown;
  /** Properties left out in this direction (`readOnly` in requests, `writeOnly` in responses). */
  hidden: 'readOnly' | 'writeOnly';
}

/**
 * The smallest value `schema` accepts, built from what it requires alone: null where allowed,
 * its first enum value or its `const`, an array at its `minItems`, an object with only its
 * required properties, the first `oneOf`/`anyOf` branch that has such a value. Where every
 * value would nest without end (a required property leading back to the schema, with no null,
 * empty array or other branch to stop at), it is NO_FINITE_VALUE.
 */
export function smallestValid(schema: SchemaObject, search: SmallestSearch): unknown {
  const state = { ...search, onPath: new Set<object>(), left: SEARCH_BUDGET };
  return smallest(state, schema);
}

type Search = SmallestSearch & { onPath: Set<object>; left: number };

function smallest(search: Search, schema: SchemaObject | undefined): unknown {
  if (!schema || typeof schema !== 'object') return null;
  if (search.onPath.has(schema) || search.left-- <= 0) return NO_FINITE_VALUE;
  search.onPath.add(schema);
  try {
    const flat = schema.allOf ? mergeAllOf(schema) : schema;
    if (allowsNull(flat) || isNullSchema(flat)) return null;
    if (flat.const !== undefined) return structuredClone(flat.const);
    if (Array.isArray(flat.enum) && flat.enum.length > 0) return structuredClone(flat.enum[0]);
    const branches = (flat.oneOf ?? flat.anyOf) as SchemaObject[] | undefined;
    if (branches?.length) return smallestBranch(search, flat, branches);
    return smallestOfType(search, flat);
  } finally {
    search.onPath.delete(schema);
  }
}

/** The first branch, merged with its siblings, that has a finite value. */
function smallestBranch(search: Search, flat: SchemaObject, branches: SchemaObject[]): unknown {
  const { oneOf: _oneOf, anyOf: _anyOf, ...rest } = flat;
  for (const branch of branches) {
    const value = smallest(search, Object.keys(rest).length ? mergeAllOf({ ...rest, allOf: [branch] }) : branch);
    if (value !== NO_FINITE_VALUE) return value;
  }
  return NO_FINITE_VALUE;
}

function smallestOfType(search: Search, schema: SchemaObject): unknown {
  switch (declaredType(schema) ?? 'object') {
    case 'array': {
      const length = numberOr(schema.minItems, 0);
      if (length === 0) return [];
      const item = smallest(search, schema.items as SchemaObject | undefined);
      return item === NO_FINITE_VALUE ? item : Array.from({ length }, () => structuredClone(item));
    }
    case 'object':
      return smallestObject(search, schema);
    case 'null':
      return null;
    default:
      return search.scalar(schema);
  }
}

function smallestObject(search: Search, schema: SchemaObject): unknown {
  const properties = (schema.properties ?? {}) as Record<string, SchemaObject>;
  const extra = schema.additionalProperties;
  const value: Record<string, unknown> = {};
  for (const name of (schema.required ?? []) as string[]) {
    const property = properties[name];
    if (property?.[search.hidden]) continue;
    if (!property && extra === false) return NO_FINITE_VALUE;
    const made = property || typeof extra === 'object' ? smallest(search, property ?? (extra as SchemaObject)) : 'x';
    if (made === NO_FINITE_VALUE) return made;
    value[name] = made;
  }
  return value;
}
