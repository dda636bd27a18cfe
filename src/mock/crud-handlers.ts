import { randomUUID } from 'node:crypto';
import type { OpenAPIV3 } from 'openapi-types';
import { PersError } from '../errors.js';
import type { OperationHandler, OperationInput } from '../handlers/trigger-source-handlers.js';
import { objectBody, propertiesOf, requiredOf, type CrudCollection } from '../engine/resource-collections.js';
import { project, resourceResponse, type Shaping } from './crud-responses.js';
import { generateValidValue, type ValueCheck } from '../engine/generation/generate-value.js';
import { createRandom, type Random } from '../engine/generation/random.js';
import { SEED_REFERENCE_TIME } from '../seed/seed-trigger-sources.js';
import type { Resource, ResourceRepository } from './resource-store.js';
import { jsonText } from '../json-text.js';
import { directionOf, filterField, listRoleOf } from '../engine/list-conventions.js';
import type { SchemaObject } from '../engine/operation-index.js';

type Schema = OpenAPIV3.SchemaObject;

export interface CrudDeps {
  store: ResourceRepository;
  clock: () => Date;
  /** Schema errors of a value: keeps seeded and generated values valid. */
  check?: ValueCheck;
  /** Seed of the faker that fills the collections' first records (default 2013). */
  seed?: number;
}

const TIMESTAMP = /^(created|updated|modified)(_?at|_?on|_?date|_?time)?$/i;
const PAGE_SIZE = ['limit', 'per_page', 'perPage', 'pageSize', 'page_size', 'size'];
const PAGING = new Set([...PAGE_SIZE, 'page', 'offset']);

/**
 * Handlers that give each CRUD collection real state: create → read, list, replace, patch and
 * delete see it. A collection starts with the resources its documented examples show, the first
 * time it is used, per tenant. Ids follow the id field's schema:
 * integers count up, strings are UUIDs (or generated from a pattern); a client may send its own.
 */
export function crudHandlers(collections: CrudCollection[], deps: CrudDeps): Record<string, OperationHandler> {
  let randomPromise: Promise<Random> | undefined;
  const shaping = async (): Promise<Shaping> => ({
    random: await (randomPromise ??= createRandom(deps.seed ?? 2013, SEED_REFERENCE_TIME)),
    check: deps.check,
  });
  const handlers: Record<string, OperationHandler> = {};
  for (const collection of collections) {
    const { operations } = collection;
    // Nested collections (`/users/{userId}/pets`) are one collection per parent.
    const where = (params: Record<string, string>) =>
      collection.path.replace(/\{([^}]+)\}/g, (_match, name: string) => params[name] ?? `{${name}}`);
    const found = async (scope: string, params: Record<string, string>) =>
      (await deps.store.get(scope, where(params), params[collection.idParam])) ??
      notFound(collection, params[collection.idParam]);
    const handle = (
      role: keyof typeof operations,
      run: (input: OperationInput, tools: Shaping, at: string) => Promise<Resource | Resource[]>,
    ) => {
      const operation = operations[role];
      if (!operation) return;
      handlers[operation.operationId!] = async (input) => {
        const tools = await shaping();
        const at = where(input.params);
        await deps.store.createOnce(input.tenant.id, at, () => documentedResources(collection, tools));
        return resourceResponse(collection, operation, await run(input, tools, at), tools);
      };
    };

    // A client may choose the id, unless the document marks it read-only.
    const clientIds = !propertiesOf(collection.itemSchema)[collection.idField]?.readOnly;
    handle('create', async ({ tenant, body }, tools, at) => {
      const record = { ...(body as Resource) };
      const given = clientIds ? record[collection.idField] : undefined;
      const id =
        given === undefined || given === null || given === ''
          ? nextId(collection, await deps.store.ids(tenant.id, at), tools.random)
          : given;
      record[collection.idField] = id;
      completeRecord(record, body, collection.itemSchema, tools, deps.clock(), true);
      return (await deps.store.insert(tenant.id, at, jsonText(id), record)) ?? conflict(collection, jsonText(id));
    });
    handle('list', async ({ tenant, query }, _tools, at) =>
      page(sort(filter(await deps.store.list(tenant.id, at), query, collection), query, collection), query),
    );
    handle('read', ({ tenant, params }) => found(tenant.id, params));
    handle('replace', async ({ tenant, params, body }, tools, at) => {
      const existing = await found(tenant.id, params);
      const settable = propertiesOf(operations.replace && objectBody(operations.replace));
      const kept = Object.fromEntries(
        Object.entries(existing).filter(([name]) => !(name in settable) || name === collection.idField),
      );
      const record = { ...kept, ...(body as Resource), [collection.idField]: existing[collection.idField] };
      completeRecord(record, body, collection.itemSchema, tools, deps.clock(), false, existing);
      return (await deps.store.replace(tenant.id, at, params[collection.idParam], record))!;
    });
    const patchMedia = Object.keys((operations.patch?.requestBody as OpenAPIV3.RequestBodyObject)?.content ?? {});
    const mergePatchBody = patchMedia.some((type) => /merge-patch/i.test(type));
    handle('patch', async ({ tenant, params, body }, tools, at) => {
      const existing = await found(tenant.id, params);
      // A JSON merge patch removes with null; a plain JSON body sets null where the resource can hold it.
      const nullIsValue = (schema: Schema | undefined) =>
        !mergePatchBody && schema !== undefined && tools.check?.(schema, null).length === 0;
      const merged = mergePatch(existing, body as Resource, collection.itemSchema, nullIsValue);
      const record = { ...merged, [collection.idField]: existing[collection.idField] };
      completeRecord(record, body, collection.itemSchema, tools, deps.clock(), false, existing);
      return (await deps.store.replace(tenant.id, at, params[collection.idParam], record))!;
    });
    handle(
      'remove',
      async ({ tenant, params }, _tools, at) =>
        (await deps.store.remove(tenant.id, at, params[collection.idParam])) ??
        notFound(collection, params[collection.idParam]),
    );
  }
  return handlers;
}

/**
 * The collection's first records: the resources its documented examples show (those with an id
 * that match the resource schema). A collection without such examples starts empty.
 */
function documentedResources(collection: CrudCollection, tools: Shaping): Array<{ id: string; resource: Resource }> {
  return documentedRecords(collection)
    .filter((record) => record[collection.idField] !== undefined)
    .filter(
      (record) => !(tools.check && collection.itemSchema && tools.check(collection.itemSchema, record).length > 0),
    )
    .map((record) => ({ id: String(record[collection.idField]), resource: project(record, collection.itemSchema) }));
}

function documentedRecords(collection: CrudCollection): Resource[] {
  const examplesOf = (operation: OpenAPIV3.OperationObject | undefined): unknown[] => {
    if (!operation) return [];
    const status = Object.keys(operation.responses ?? {})
      .filter((code) => /^2\d\d$/.test(code))
      .sort()[0];
    const media = Object.entries(
      (operation.responses[status] as OpenAPIV3.ResponseObject | undefined)?.content ?? {},
    ).find(([type]) => /json/i.test(type))?.[1];
    const named = Object.values((media?.examples ?? {}) as Record<string, OpenAPIV3.ExampleObject>).map(
      (example): unknown => example.value,
    );
    return [media?.example, ...named].filter((value) => value !== undefined);
  };
  const listed = examplesOf(collection.operations.list).find((value) => Array.isArray(value)) as Resource[] | undefined;
  const records =
    listed ??
    examplesOf(collection.operations.read).filter(
      (value): value is Resource => typeof value === 'object' && value !== null && !Array.isArray(value),
    );
  const unique = new Map(
    records
      .filter((r) => typeof r === 'object' && r !== null)
      .map((record) => [jsonText(record[collection.idField]), structuredClone(record)]),
  );
  return [...unique.values()];
}

/**
 * Fills what the client did not send: required fields (kept from before, or generated) and server
 * timestamps (a timestamp the client sets, where the document lets it, is kept as sent).
 */
function completeRecord(
  record: Resource,
  sent: unknown,
  schema: Schema | undefined,
  tools: Shaping,
  now: Date,
  created: boolean,
  before: Resource = {},
): void {
  const properties = propertiesOf(schema);
  for (const [name, property] of Object.entries(properties)) {
    const stamped = TIMESTAMP.test(name) && property.format === 'date-time' && (created || !/^created/i.test(name));
    if (stamped && !(isObject(sent) && sent[name] !== undefined)) record[name] = now.toISOString();
  }
  for (const name of requiredOf(schema)) {
    if (record[name] !== undefined || properties[name]?.writeOnly) continue;
    record[name] = before[name] ?? generateValidValue(properties[name], { random: tools.random }, tools.check);
  }
}

/**
 * A new id: integers count up from the highest (within the id's bounds while there is room);
 * strings are UUIDs unless the schema constrains them, then generated to fit, URL-safe.
 */
function nextId(collection: CrudCollection, existing: string[], random: Random): string | number {
  const schemas = [collection.idSchema, collection.idParameterSchema].filter(
    (schema): schema is Schema => schema !== undefined,
  );
  const type = [schemas[0]?.type].flat()[0];
  if (type === 'integer' || type === 'number') {
    const taken = new Set(existing.map(Number).filter(Number.isFinite));
    const next = Math.max(0, ...taken) + 1;
    const minimum = Math.max(1, ...schemas.map((schema) => schema.minimum ?? 1));
    const maximum = Math.min(...schemas.map((schema) => schema.maximum ?? Number.MAX_SAFE_INTEGER));
    if (next <= maximum) return next;
    for (let id = minimum; id <= maximum; id++) if (!taken.has(id)) return id;
    return next;
  }
  const constrained = schemas.find(
    (schema) =>
      schema.pattern || (schema.format && schema.format !== 'uuid') || schema.enum || schema.maxLength !== undefined,
  );
  if (!constrained) return randomUUID();
  for (let attempt = 0; attempt < 50; attempt++) {
    const candidate = String(generateValidValue(constrained, { random, examples: false }));
    if (/^[A-Za-z0-9._~-]+$/.test(candidate) && !existing.includes(candidate)) return candidate;
  }
  return randomUUID();
}

/**
 * A patch, as in a JSON merge patch (RFC 7396): objects merge recursively, anything else replaces,
 * and `null` removes a field, unless `nullIsValue` says the field's schema holds it.
 */
function mergePatch(
  target: Resource,
  patch: Resource,
  schema: Schema | undefined,
  nullIsValue: (schema: Schema | undefined) => boolean,
): Resource {
  const out: Resource = { ...target };
  const properties = propertiesOf(schema);
  const others = typeof schema?.additionalProperties === 'object' ? (schema.additionalProperties as Schema) : undefined;
  for (const [name, value] of Object.entries(patch ?? {})) {
    const property = properties[name] ?? others;
    if (value === null && !nullIsValue(property)) delete out[name];
    else if (isObject(value) && isObject(out[name])) out[name] = mergePatch(out[name], value, property, nullIsValue);
    else out[name] = value;
  }
  return out;
}

/**
 * Exact-match filters for query parameters named after top-level fields, or after a boolean
 * `isX` field for a boolean `x` (`active=false` → `isActive`), as the contract runner reads them.
 */
function filter(records: Resource[], query: Record<string, unknown>, collection: CrudCollection): Resource[] {
  const item = { properties: propertiesOf(collection.itemSchema) };
  const declared = (collection.operations.list?.parameters ?? []) as OpenAPIV3.ParameterObject[];
  const filters = Object.entries(query).flatMap(([name, value]) => {
    const primitive = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    if (PAGING.has(name) || listRoleOf(name) || !primitive) return [];
    const schema = (declared.find((p) => p.in === 'query' && p.name === name)?.schema ?? {}) as SchemaObject;
    const field = filterField({ name, schema }, item);
    return field === undefined ? [] : [[field, String(value)] as const];
  });
  return records.filter((record) => filters.every(([name, value]) => String(record[name]) === value));
}

/**
 * Sorted by the top-level field a `sortBy` (`orderBy`, `sort`, …) parameter names, ascending
 * unless a `sortOrder` (`order`, `direction`, …) says descending; records without the field last.
 * A parameter the request leaves out takes its documented default, as the document promises.
 */
function sort(records: Resource[], query: Record<string, unknown>, collection: CrudCollection): Resource[] {
  const declared = (collection.operations.list?.parameters ?? []) as OpenAPIV3.ParameterObject[];
  const valueOf = (role: string) => {
    const sent = Object.keys(query).find((name) => listRoleOf(name) === role);
    if (sent !== undefined) return query[sent];
    const documented = declared.find((p) => p.in === 'query' && listRoleOf(p.name) === role);
    return (documented?.schema as SchemaObject | undefined)?.default;
  };
  const field = valueOf('sortBy');
  const schema = typeof field === 'string' ? propertiesOf(collection.itemSchema)[field] : undefined;
  if (schema === undefined) return records;
  const compare = comparatorFor(schema);
  const sign = directionOf(valueOf('sortOrder')) === 'desc' ? -1 : 1;
  const absent = (value: unknown) => value === undefined || value === null;
  return [...records].sort((a, b) => {
    const [x, y] = [a[field as string], b[field as string]];
    if (absent(x) || absent(y)) return Number(absent(x)) - Number(absent(y));
    return sign * compare(x, y);
  });
}

/** Dates by time, numbers and booleans by value, anything else by code unit. */
function comparatorFor(schema: Schema): (a: unknown, b: unknown) => number {
  if (schema.format === 'date-time' || schema.format === 'date')
    return (a, b) => Date.parse(String(a)) - Date.parse(String(b));
  if (schema.type === 'number' || schema.type === 'integer' || schema.type === 'boolean')
    return (a, b) => Number(a) - Number(b);
  return (a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);
}

/** `limit`/`per_page` and `page` (1-based) or `offset`, when the request has them. */
function page(records: Resource[], query: Record<string, unknown>): Resource[] {
  const sizeName = PAGE_SIZE.find((name) => typeof query[name] === 'number');
  if (!sizeName && typeof query.offset !== 'number') return records;
  const size = sizeName ? Math.max(0, query[sizeName] as number) : records.length;
  const start =
    typeof query.offset === 'number'
      ? query.offset
      : typeof query.page === 'number'
        ? (Math.max(1, query.page) - 1) * size
        : 0;
  return records.slice(start, start + size);
}

function notFound(collection: CrudCollection, id: string): never {
  const shown = id.length > 64 ? `${id.slice(0, 64)}…` : id;
  throw new PersError(
    'RESOURCE_NOT_FOUND',
    `No resource at ${collection.itemPath} with ${collection.idParam} '${shown}'`,
  );
}

function conflict(collection: CrudCollection, id: string): never {
  throw new PersError(
    'RESOURCE_CONFLICT',
    `A resource at ${collection.itemPath} with ${collection.idParam} '${id}' exists already`,
  );
}

function isObject(value: unknown): value is Resource {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
