/**
 * OpenAPI schemas are not quite JSON Schema: 3.0 has `nullable`, boolean `exclusiveMinimum`,
 * and `readOnly`/`writeOnly` properties whose `required` applies to one direction only. This
 * turns a schema tree into the JSON Schema a validator should compile for one direction,
 * without touching the document (other code reads it as written).
 */

export type Direction = 'request' | 'response';

type Node = Record<string, unknown>;

/** Keywords whose value is a schema, a list of schemas, or a map of schemas. */
const SCHEMA_KEYWORDS = [
  'additionalProperties',
  'items',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contentSchema',
  'additionalItems',
];
const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions'];

/**
 * A copy of `schema` ready for Ajv: `nullable` becomes a `null` type (wrapping the schema in
 * `anyOf` where it has no `type`), boolean exclusive bounds become numeric ones, `oneOf` is
 * checked as `anyOf`, and the `required` entries that do not apply in this direction (readOnly
 * in requests, writeOnly in responses) are dropped. `strict` keeps `oneOf` and gives a `nullable`
 * without a `type` no effect (ValidatorSetup.strict). `$ref`s into the tree (as left by
 * decycling) follow the nodes they point to when a node moves.
 */
export function toValidatorSchema(
  schema: unknown,
  direction: Direction,
  strict = false,
  resolveShared: Resolve = () => undefined,
): unknown {
  const moved = new Map<string, string>();
  const resolve = (ref: string) => (ref.startsWith('#') ? at(schema, ref) : resolveShared(ref));
  const copy = transform(schema, direction, '#', '#', moved, strict, resolve);
  if ([...moved].some(([from, to]) => from !== to)) rewriteRefs(copy, moved);
  return copy;
}

function transform(
  value: unknown,
  direction: Direction,
  from: string,
  to: string,
  moved: Map<string, string>,
  strict: boolean,
  resolve: Resolve,
): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const node = value as Node;
  moved.set(from, to);
  if (typeof node.$ref === 'string') return { ...node };
  const wrap = node.nullable === true && node.type === undefined && !strict;
  const base = wrap ? `${to}/anyOf/0` : to;
  const out: Node = {};
  for (const [key, child] of Object.entries(node)) {
    // `oneOf` is checked as `anyOf`: real documents' branches overlap all the time (no required
    // properties, open objects), and a strict "exactly one" would reject every such value.
    const target = key === 'oneOf' && node.anyOf === undefined && !strict ? 'anyOf' : key;
    out[target] = transformChild(
      key,
      child,
      direction,
      `${from}/${escape(key)}`,
      `${base}/${escape(target)}`,
      moved,
      strict,
      resolve,
    );
  }
  fixKeywords(out, direction);
  declarePartsProperties(node, out, resolve);
  return wrap ? { anyOf: [out, { type: 'null' }] } : out;
}

function transformChild(
  key: string,
  child: unknown,
  direction: Direction,
  from: string,
  to: string,
  moved: Map<string, string>,
  strict: boolean,
  resolve: Resolve,
): unknown {
  if (SCHEMA_LIST_KEYWORDS.includes(key) && Array.isArray(child)) {
    return child.map((item, i) => transform(item, direction, `${from}/${i}`, `${to}/${i}`, moved, strict, resolve));
  }
  if (SCHEMA_MAP_KEYWORDS.includes(key) && isObject(child)) {
    return Object.fromEntries(
      Object.entries(child).map(([name, item]) => [
        name,
        transform(item, direction, `${from}/${escape(name)}`, `${to}/${escape(name)}`, moved, strict, resolve),
      ]),
    );
  }
  if (SCHEMA_KEYWORDS.includes(key)) return transform(child, direction, from, to, moved, strict, resolve);
  return child;
}

function fixKeywords(node: Node, direction: Direction): void {
  if (node.nullable === true && node.type !== undefined) {
    const types = [node.type].flat() as string[];
    if (!types.includes('null')) node.type = [...types, 'null'];
    if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...(node.enum as unknown[]), null];
  }
  delete node.nullable;
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (node[flag] === true && typeof node[bound] === 'number') {
      node[flag] = node[bound];
      delete node[bound];
    } else if (typeof node[flag] === 'boolean') {
      delete node[flag];
    }
  }
  if (Array.isArray(node.required) && isObject(node.properties)) {
    const properties = node.properties as Record<string, Node>;
    const oneWay = direction === 'request' ? 'readOnly' : 'writeOnly';
    node.required = (node.required as string[]).filter((name) => properties[name]?.[oneWay] !== true);
  }
}

/**
 * `additionalProperties` beside an `allOf` whose parts declare the properties: as JSON Schema reads
 * it, those properties are additional, so no object holding them is valid. Documents written so
 * (ShipEngine's `link`: `additionalProperties: false`, `required: [href]`, `href` declared in an
 * `allOf` part) mean what `unevaluatedProperties` says, and are read that way: the parts' properties
 * are declared on the node too, as `{}`, so only undeclared ones are additional and the parts still
 * check theirs.
 */
function declarePartsProperties(node: Node, out: Node, resolve: Resolve): void {
  if (node.additionalProperties === undefined || node.additionalProperties === true) return;
  if (!Array.isArray(node.allOf)) return;
  const names = new Set<string>();
  const collect = (part: unknown, seen: Set<unknown>) => {
    let schema = part;
    if (isObject(schema) && typeof schema.$ref === 'string') schema = resolve(schema.$ref);
    if (!isObject(schema) || seen.has(schema)) return;
    seen.add(schema);
    if (isObject(schema.properties)) for (const name of Object.keys(schema.properties)) names.add(name);
    if (Array.isArray(schema.allOf)) for (const inner of schema.allOf) collect(inner, seen);
  };
  const seen = new Set<unknown>([node]);
  for (const part of node.allOf) collect(part, seen);
  const own = isObject(out.properties) ? out.properties : {};
  const added = [...names].filter((name) => !(name in own));
  if (added.length > 0) out.properties = { ...own, ...Object.fromEntries(added.map((name) => [name, {}])) };
}

/** The schema a `$ref` points to: a local JSON pointer, or the key of a shared schema. */
type Resolve = (ref: string) => unknown;

/** The node at a local JSON pointer (`#/a/b`) of `root`, or undefined. */
function at(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node = root;
  for (const token of ref.slice(1).split('/').slice(1)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Node)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function rewriteRefs(value: unknown, moved: Map<string, string>, seen = new Set<unknown>()): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  const node = value as Node;
  if (typeof node.$ref === 'string' && moved.has(node.$ref)) node.$ref = moved.get(node.$ref);
  for (const child of Object.values(node)) rewriteRefs(child, moved, seen);
}

/** Keywords whose value is data, not a schema: copied as they are, never replaced by a `$ref`. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'example', 'examples', 'required']);

/**
 * A deep copy with every repeated schema object (cycles, and subschemas shared by dereferencing)
 * replaced by a `$ref` to its first occurrence, as a validator needs a tree. Arrays are copied
 * each time (a cycle always passes through an object), and so are the values of data keywords
 * and maps of schemas: an `enum` or `required` list, or a `properties` map, shared by two schemas
 * (as swagger-parser leaves them where a `$ref` has siblings) must stay a list or a map in both,
 * since a `$ref` there is no schema.
 *
 * `sharedRef` names the schemas compiled on their own (a document's components): below the root,
 * each becomes a `$ref` to that key instead of a copy.
 */
export function decycle(value: unknown, sharedRef: (node: object) => string | undefined = () => undefined): unknown {
  const paths = new WeakMap<object, string>();
  // `inMap`: the node maps names to schemas (`properties`), so a property named `enum` is a schema.
  const copy = (node: unknown, path: string, inMap = false): unknown => {
    if (typeof node !== 'object' || node === null) return node;
    if (Array.isArray(node)) return node.map((item, i) => copy(item, `${path}/${i}`));
    if (!inMap) {
      const shared = path === '#' ? undefined : sharedRef(node);
      if (shared !== undefined) return { $ref: shared };
      const known = paths.get(node);
      if (known !== undefined) return { $ref: known };
      paths.set(node, path);
    }
    return Object.fromEntries(
      Object.entries(node).map(([key, child]) => [
        key,
        !inMap && DATA_KEYWORDS.has(key)
          ? structuredClone(child)
          : copy(child, `${path}/${escape(key)}`, !inMap && SCHEMA_MAP_KEYWORDS.includes(key)),
      ]),
    );
  };
  return copy(value, '#');
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isObject(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
