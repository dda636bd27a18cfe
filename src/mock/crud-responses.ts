import type { OpenAPIV3 } from 'openapi-types';
import type { ApiResult } from '../handlers/trigger-source-handlers.js';
import { propertiesOf, requiredOf, successSchema, type CrudCollection } from '../engine/resource-collections.js';
import { generateValidValue, type ValueCheck } from '../engine/generation/generate-value.js';
import type { Random } from '../engine/generation/random.js';
import { documentedHeaders } from './mock-response.js';
import type { Resource } from './resource-store.js';

type Schema = OpenAPIV3.SchemaObject;

const COUNT_HEADERS = /^x-(total|total-count|count|result-count)$/;
const COUNT_FIELDS = /^(total|count|totalCount|total_count|totalItems|total_items|size)$/;

export interface Shaping {
  random: Random;
  check?: ValueCheck;
}

/**
 * The operation's success response for stored resources, in the shape its schema documents:
 * the resource itself, an array of them, or an envelope with one array (or one object)
 * property holding them and the rest generated (a count field gets the count).
 */
export function resourceResponse(
  collection: CrudCollection,
  operation: OpenAPIV3.OperationObject,
  resources: Resource | Resource[],
  shaping: Shaping,
): ApiResult {
  const status = successStatus(operation);
  const schema = successSchema(operation);
  const many = Array.isArray(resources);
  const headers = successHeaders(operation, status, shaping);
  // A list's count header gives the count: that is what a frontend reads it for.
  for (const name of Object.keys(headers))
    if (many && COUNT_HEADERS.test(name)) headers[name] = String(resources.length);
  if (!schema) return { status, headers };
  const json = (status: number, body: unknown): ApiResult => ({
    status,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
    body,
  });
  const show = (resource: Resource, as: Schema | undefined) =>
    repair(complete(project(resource, as), as, shaping), as, shaping);
  if (schema.type === 'array') {
    const items = schema.items as Schema;
    return json(
      status,
      [resources].flat().map((resource) => show(resource, items)),
    );
  }
  const properties = propertiesOf(schema);
  if (!many && collection.idField in properties) return json(status, show(resources, schema));
  const holder = Object.entries(properties).find(([, property]) =>
    many ? holdsResourceList(property, collection) : collection.idField in propertiesOf(property),
  );
  // A success that is not the resource (an upload receipt, a job) is answered as documented.
  if (!holder) return json(status, generateValidValue(schema, { random: shaping.random }, shaping.check));
  const [name, property] = holder;
  const envelope = (generateValidValue(schema, { random: shaping.random }, shaping.check) ?? {}) as Record<
    string,
    unknown
  >;
  envelope[name] = many
    ? resources.map((resource) => show(resource, (property as OpenAPIV3.ArraySchemaObject).items as Schema))
    : show(resources, property);
  for (const [field, value] of Object.entries(properties)) {
    if (many && COUNT_FIELDS.test(field) && (value.type === 'integer' || value.type === 'number'))
      envelope[field] = resources.length;
  }
  return json(status, envelope);
}

function holdsResourceList(property: Schema, collection: CrudCollection): boolean {
  if (property.type !== 'array') return false;
  const items = property.items as Schema | undefined;
  return items !== undefined && (collection.idField in propertiesOf(items) || items.type === 'object');
}

/**
 * Required fields the resource does not have, at any depth, are generated: a response may
 * document more than the client sent (read-only fields, a richer read model).
 */
function complete<T>(value: T, schema: Schema | undefined, shaping: Shaping, depth = 0): T {
  if (!schema || depth > 6 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items = (schema as OpenAPIV3.ArraySchemaObject).items as Schema | undefined;
    return (value as unknown[]).map((item) => complete(item, items, shaping, depth + 1)) as T;
  }
  const record = value as Record<string, unknown>;
  const properties = propertiesOf(schema);
  for (const name of requiredOf(schema)) {
    if (record[name] === undefined && properties[name] && !properties[name].writeOnly)
      record[name] = generateValidValue(properties[name], { random: shaping.random }, shaping.check);
  }
  for (const [name, child] of Object.entries(record))
    record[name] = complete(child, properties[name], shaping, depth + 1);
  return value;
}

/**
 * Stored values the response schema does not accept (the request and response schemas of a
 * document disagree, say on a length) are replaced by generated ones, so the answer stays
 * valid against the document.
 */
function repair(resource: Resource, schema: Schema | undefined, shaping: Shaping): Resource {
  if (!schema || !shaping.check) return resource;
  for (let round = 0; round < 3; round++) {
    const errors = shaping.check(schema, resource) as Array<{ instancePath: string }>;
    if (errors.length === 0) break;
    for (const { instancePath } of errors) {
      const segments = instancePath
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      if (segments.length === 0) continue;
      let parent: unknown = resource;
      let at: Schema | undefined = schema;
      const items = (of: Schema | undefined) =>
        (of as OpenAPIV3.ArraySchemaObject | undefined)?.items as Schema | undefined;
      for (const segment of segments.slice(0, -1)) {
        at = Array.isArray(parent) ? items(at) : propertiesOf(at)[segment];
        parent = (parent as Record<string, unknown> | undefined)?.[segment];
      }
      const last = segments.at(-1)!;
      const child = Array.isArray(parent) ? items(at) : propertiesOf(at)[last];
      if (child && typeof parent === 'object' && parent !== null)
        (parent as Record<string, unknown>)[last] = generateValidValue(
          child,
          { random: shaping.random },
          shaping.check,
        );
    }
  }
  return resource;
}

/** A resource as a schema shows it: no `writeOnly` fields, and only known ones where others are not allowed. */
export function project(resource: Resource, schema: Schema | undefined): Resource {
  if (!schema) return resource;
  const properties = propertiesOf(schema);
  const closed =
    schema.additionalProperties === false ||
    ((schema.allOf ?? []) as Schema[]).some((part) => part.additionalProperties === false);
  return Object.fromEntries(
    Object.entries(resource).filter(([name]) => !properties[name]?.writeOnly && (!closed || name in properties)),
  );
}

/** The operation's first documented 2xx (201 for a create that documents it), else 200. */
export function successStatus(operation: OpenAPIV3.OperationObject): number {
  const codes = Object.keys(operation.responses ?? {})
    .filter((code) => /^2\d\d$/.test(code))
    .sort();
  return Number(codes[0] ?? 200);
}

/**
 * The headers the success response documents (readme-legacy's lists document `Link` and
 * `x-total-count`), made up as the mock makes them for any response it answers from the document.
 */
function successHeaders(
  operation: OpenAPIV3.OperationObject,
  status: number,
  shaping: Shaping,
): Record<string, string> {
  const response = (operation.responses?.[String(status)] ?? operation.responses?.['2XX']) as
    OpenAPIV3.ResponseObject | undefined;
  return response?.headers ? documentedHeaders(response, shaping.random) : {};
}
