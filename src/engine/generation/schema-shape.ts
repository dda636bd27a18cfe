import type { SchemaObject } from '../operation-index.js';

/**
 * The JSON type a schema declares or implies, reading 3.1 type arrays (`['string', 'null']`) as
 * their non-null member; `undefined` when it says nothing about one.
 */
export function declaredType(schema: SchemaObject): string | undefined {
  const type = schema.type as string | string[] | undefined;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') ?? (type.length > 0 ? 'null' : undefined);
  if (typeof type === 'string') return type;
  if (schema.properties || schema.additionalProperties) return 'object';
  if (schema.items || schema.prefixItems) return 'array';
  if (schema.format || schema.pattern || schema.minLength !== undefined) return 'string';
  return undefined;
}

/**
 * Whether null is allowed: 3.0 `nullable` beside a `type` (OpenAPI 3.0.3: without one it has no
 * effect, so `nullable` next to a lone `allOf` does not allow null), or `null` in a 3.1 type array.
 */
export function allowsNull(schema: SchemaObject): boolean {
  if (Array.isArray(schema.type)) return schema.type.includes('null');
  return schema.nullable === true && schema.type !== undefined;
}

export function isNullSchema(schema: SchemaObject): boolean {
  return (
    schema.type === 'null' ||
    (Array.isArray(schema.type) && schema.type.length === 1 && schema.type[0] === 'null') ||
    (Array.isArray(schema.enum) && schema.enum.length === 1 && schema.enum[0] === null)
  );
}

/**
 * `allOf` merged into one schema: properties and required lists joined, the first word on
 * anything else. A property that several parts declare must satisfy all of them (one part gives
 * its type, another its enum or its required fields), so its declarations are kept as an `allOf`.
 */
export function mergeAllOf(schema: SchemaObject): SchemaObject {
  const { allOf, ...rest } = schema;
  const merged: SchemaObject = { ...rest };
  for (const part of (allOf ?? []) as SchemaObject[]) {
    const flat = part.allOf ? mergeAllOf(part) : part;
    Object.assign(merged, { ...flat, ...merged });
    merged.properties = joinProperties(merged.properties, flat.properties);
    merged.required = [...new Set([...((flat.required ?? []) as string[]), ...((merged.required ?? []) as string[])])];
  }
  return merged;
}

function joinProperties(own: unknown, other: unknown): Record<string, SchemaObject> {
  const joined = { ...(other as Record<string, SchemaObject>), ...(own as Record<string, SchemaObject>) };
  for (const [name, property] of Object.entries((other ?? {}) as Record<string, SchemaObject>)) {
    const mine = (own as Record<string, SchemaObject> | undefined)?.[name];
    if (mine && mine !== property && typeof mine === 'object' && typeof property === 'object')
      joined[name] = { ...hiddenIn(mine, property), allOf: [mine, property] };
  }
  return joined;
}

/** A property read-only (or write-only) in one part stays so when the parts are joined. */
function hiddenIn(...declarations: SchemaObject[]): SchemaObject {
  const hidden: SchemaObject = {};
  for (const flag of ['readOnly', 'writeOnly'] as const)
    if (declarations.some((declaration) => declaration[flag] === true)) hidden[flag] = true;
  return hidden;
}

/**
 * The chosen `oneOf`/`anyOf` branch merged with its siblings, and, where the schema has a
 * discriminator, its property fixed to the value that names the branch: the branch's own
 * `const` or single enum value when it has one, else the mapping entry whose schema has the
 * branch's title, else the entry at the branch's position.
 */
export function withBranch(schema: SchemaObject, branches: SchemaObject[], index: number): SchemaObject {
  const { oneOf: _oneOf, anyOf: _anyOf, ...rest } = schema;
  const branch = branches[index];
  const merged = mergeAllOf({ ...rest, allOf: [branch] });
  const discriminator = schema.discriminator as { propertyName?: string; mapping?: Record<string, string> } | undefined;
  const property = discriminator?.propertyName;
  if (!property) return merged;
  const properties = (merged.properties ?? {}) as Record<string, SchemaObject>;
  const own = properties[property];
  if (own && (own.const !== undefined || (Array.isArray(own.enum) && own.enum.length === 1))) return merged;
  const value = discriminatorValue(discriminator.mapping, branch, index, branches.length);
  if (value === undefined) return merged;
  return { ...merged, properties: { ...properties, [property]: { ...own, type: 'string', enum: [value] } } };
}

function discriminatorValue(
  mapping: Record<string, string> | undefined,
  branch: SchemaObject,
  index: number,
  count: number,
): string | undefined {
  if (typeof branch.title === 'string') {
    const byTitle = Object.entries(mapping ?? {}).find(([, ref]) => ref.split('/').pop() === branch.title)?.[0];
    if (byTitle !== undefined) return byTitle;
    if (!mapping) return branch.title;
  }
  const keys = Object.keys(mapping ?? {});
  return keys.length === count ? keys[index] : undefined;
}
