import type { OpenAPIV3 } from 'openapi-types';
import { escape, type SpecWarning } from './document-scan.js';

type Schema = OpenAPIV3.SchemaObject;
export type CrudRole = 'create' | 'list' | 'read' | 'replace' | 'patch' | 'remove';
export type LocatedOperation = OpenAPIV3.OperationObject & { method: string; path: string };

/** A collection that looks like CRUD and gets real state. */
export interface CrudCollection {
  /** The collection's path, e.g. `/pets`. */
  path: string;
  /** The item path, e.g. `/pets/{petId}`. */
  itemPath: string;
  /** The item path's parameter (`petId`). */
  idParam: string;
  /** The resource's field that holds its id (`id`, or `x-pers-mock.idField`). */
  idField: string;
  idSchema?: Schema;
  /** The item path parameter's schema: ids must fit it too, as clients send them there. */
  idParameterSchema?: Schema;
  /** The resource's schema, as the item's GET answers it. */
  itemSchema?: Schema;
  operations: Partial<Record<CrudRole, LocatedOperation>>;
}

/** The `x-pers-mock` extension, on a path item or the collection's POST. */
export interface PersMockExtension {
  /** `false` keeps the collection stateless (answered from examples). */
  stateful?: boolean;
  /** The resource field that holds the id, when it is not the path parameter's name or `id`. */
  idField?: string;
}

const ROLES: Array<[CrudRole, 'collection' | 'item', string]> = [
  ['create', 'collection', 'post'],
  ['list', 'collection', 'get'],
  ['read', 'item', 'get'],
  ['replace', 'item', 'put'],
  ['patch', 'item', 'patch'],
  ['remove', 'item', 'delete'],
];

/**
 * The collections of a document that look like CRUD: `POST /things` with an item path
 * `/things/{id}` that can be read (`GET`), or a list (`GET /things`). Collections whose operations
 * already have a handler (trigger sources) and those marked `x-pers-mock: { stateful: false }`
 * are left out.
 */
export function findCrudCollections(
  document: OpenAPIV3.Document,
  handled: ReadonlySet<string>,
): { collections: CrudCollection[]; warnings: SpecWarning[] } {
  const paths = document.paths ?? {};
  const collections: CrudCollection[] = [];
  const warnings: SpecWarning[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!item?.post) continue;
    const itemPath = Object.keys(paths).find(
      (candidate) =>
        candidate.startsWith(`${path === '/' ? '' : path}/`) &&
        /^\/\{[^}/]+\}$/.test(candidate.slice(path === '/' ? 0 : path.length)),
    );
    if (!itemPath) continue;
    const extension = readExtension(path, itemPath, paths, warnings);
    if (extension.stateful === false) continue;
    const operations = rolesOf(path, itemPath, paths);
    if (!operations.read && !operations.list) continue;
    // A read that answers no resource (a 204 membership check) is not a collection's read.
    if (operations.read && !objectSchema(successSchema(operations.read))) continue;
    if (Object.values(operations).some((operation) => handled.has(operation.operationId!))) continue;
    if (!operations.create || !objectBody(operations.create)) continue;
    const idParam = /\{([^}]+)\}$/.exec(itemPath)![1];
    const itemSchema = resourceSchema(operations, extension.idField ?? idParam);
    const properties = propertiesOf(itemSchema);
    const idField = extension.idField ?? (idParam in properties ? idParam : 'id' in properties ? 'id' : idParam);
    if (extension.idField && !(extension.idField in properties)) {
      warnings.push({
        pointer: `#/paths/${escape(path)}/x-pers-mock/idField`,
        message: `idField '${extension.idField}' is not a property of the resource schema`,
      });
    }
    const pathParameter = [...(operations.read?.parameters ?? []), ...(paths[itemPath]?.parameters ?? [])].find(
      (parameter) => (parameter as OpenAPIV3.ParameterObject).name === idParam,
    ) as OpenAPIV3.ParameterObject | undefined;
    // A path parameter with a fixed set of values names a kind, not a resource; an id is a string or a number.
    if ((pathParameter?.schema as Schema | undefined)?.enum) continue;
    const idSchema = (properties[idField] ?? pathParameter?.schema) as Schema | undefined;
    if (idSchema && [idSchema.type].flat().some((type) => type === 'object' || type === 'array')) continue;
    collections.push({
      path,
      itemPath,
      idParam,
      idField,
      idSchema,
      idParameterSchema: pathParameter?.schema as Schema | undefined,
      itemSchema,
      operations,
    });
  }
  return { collections, warnings };
}

/** The item roles, whose request names one resource by its id. */
export const ITEM_ROLES: readonly CrudRole[] = ['read', 'replace', 'patch', 'remove'];

/**
 * An unknown id is a 404 `RESOURCE_NOT_FOUND` whatever the document says, as HTTP has it: a
 * warning for each item operation of the collections that documents no answer for one (404, 410,
 * `4XX` or `default`).
 */
export function undocumentedNotFound(collections: readonly CrudCollection[]): SpecWarning[] {
  return collections.flatMap((collection) =>
    ITEM_ROLES.flatMap((role) => {
      const operation = collection.operations[role];
      const codes = Object.keys(operation?.responses ?? {});
      if (!operation || codes.some((code) => /^(404|410|4XX|default)$/.test(code))) return [];
      return [
        {
          pointer: `#/paths/${escape(operation.path)}/${operation.method}/responses`,
          message:
            `documents no answer for an unknown ${collection.idParam} (404, 410, 4XX or default); ` +
            'the mock answers 404 RESOURCE_NOT_FOUND',
        },
      ];
    }),
  );
}

/**
 * The collection's operations by role; one that documents no success (only errors) keeps answering
 * from the document.
 */
function rolesOf(
  path: string,
  itemPath: string,
  paths: OpenAPIV3.PathsObject,
): Partial<Record<CrudRole, LocatedOperation>> {
  const operations: Partial<Record<CrudRole, LocatedOperation>> = {};
  for (const [role, where, method] of ROLES) {
    const at = where === 'collection' ? path : itemPath;
    const operation = paths[at]?.[method as OpenAPIV3.HttpMethods];
    const succeeds = Object.keys(operation?.responses ?? {}).some((code) => /^(2\d\d|2XX|default)$/.test(code));
    if (operation && succeeds) operations[role] = { ...operation, method, path: at };
  }
  return operations;
}

function readExtension(
  path: string,
  itemPath: string,
  paths: OpenAPIV3.PathsObject,
  warnings: SpecWarning[],
): PersMockExtension {
  const merged: PersMockExtension = {};
  const extensionOf = (node: unknown) => (node as Record<string, unknown> | undefined)?.['x-pers-mock'];
  const sources: Array<[string, unknown]> = [
    [`#/paths/${escape(path)}/x-pers-mock`, extensionOf(paths[path])],
    [`#/paths/${escape(path)}/post/x-pers-mock`, extensionOf(paths[path]?.post)],
    [`#/paths/${escape(itemPath)}/x-pers-mock`, extensionOf(paths[itemPath])],
  ];
  for (const [pointer, value] of sources) {
    if (value === undefined) continue;
    if (typeof value !== 'object' || value === null) {
      warnings.push({
        pointer,
        message: 'x-pers-mock must be an object such as { stateful: false } or { idField: petId }; it is ignored',
      });
      continue;
    }
    const { stateful, idField, ...unknown } = value as Record<string, unknown>;
    if (stateful !== undefined && typeof stateful !== 'boolean')
      warnings.push({ pointer: `${pointer}/stateful`, message: 'stateful must be true or false; it is ignored' });
    else if (stateful !== undefined) merged.stateful = merged.stateful === false ? false : stateful;
    if (idField !== undefined && typeof idField !== 'string')
      warnings.push({ pointer: `${pointer}/idField`, message: 'idField must be a property name; it is ignored' });
    else if (idField !== undefined) merged.idField = idField;
    for (const name of Object.keys(unknown))
      warnings.push({
        pointer: `${pointer}/${escape(name)}`,
        message: `unknown x-pers-mock setting '${name}'; it is ignored`,
      });
  }
  return merged;
}

/** The request body media and schema of an operation, when it is an object (JSON or a form). */
export function objectBody(operation: OpenAPIV3.OperationObject): Schema | undefined {
  const content = (operation.requestBody as OpenAPIV3.RequestBodyObject | undefined)?.content ?? {};
  const media = Object.entries(content).find(([type]) => /json|form/i.test(type))?.[1];
  const schema = media?.schema as Schema | undefined;
  return schema && (schema.type === 'object' || schema.properties || schema.allOf) ? schema : undefined;
}

/** The JSON schema of an operation's first 2xx response. */
export function successSchema(operation: OpenAPIV3.OperationObject | undefined): Schema | undefined {
  if (!operation) return undefined;
  const status = Object.keys(operation.responses ?? {})
    .filter((code) => /^2(\d\d|XX)$/.test(code))
    .sort()[0];
  const content = (operation.responses[status] as OpenAPIV3.ResponseObject | undefined)?.content ?? {};
  const media = Object.entries(content).find(([type]) => /json/i.test(type))?.[1];
  return media?.schema as Schema | undefined;
}

/**
 * The resource's schema: the first of read, create, list item and create body that has the id field
 * (unwrapping `{ data: … }` envelopes).
 */
function resourceSchema(operations: Partial<Record<CrudRole, LocatedOperation>>, idName: string): Schema | undefined {
  const listed = successSchema(operations.list);
  const listedItems =
    listed?.type === 'array'
      ? (listed.items as Schema)
      : Object.values(propertiesOf(listed)).find((p) => p.type === 'array');
  const candidates = [
    successSchema(operations.read),
    successSchema(operations.create),
    listedItems?.type === 'array' ? (listedItems.items as Schema) : listedItems,
    objectBody(operations.create!),
  ]
    .map((schema) => unwrap(objectSchema(schema), idName))
    .filter((schema): schema is Schema => schema !== undefined);
  return candidates.find((schema) => idName in propertiesOf(schema) || 'id' in propertiesOf(schema)) ?? candidates[0];
}

function unwrap(schema: Schema | undefined, idName: string): Schema | undefined {
  if (!schema || idName in propertiesOf(schema) || 'id' in propertiesOf(schema)) return schema;
  const inner = Object.values(propertiesOf(schema)).filter((property) => objectSchema(property));
  return inner.length === 1 && idName in propertiesOf(inner[0]) ? inner[0] : schema;
}

function objectSchema(schema: Schema | undefined): Schema | undefined {
  return schema && schema.type !== 'array' && (schema.type === 'object' || schema.properties || schema.allOf)
    ? schema
    : undefined;
}

/** The properties of an object schema, with those of its `allOf` parts. */
export function propertiesOf(schema: Schema | undefined): Record<string, Schema> {
  if (!schema) return {};
  const own = (schema.properties ?? {}) as Record<string, Schema>;
  const parts = ((schema.allOf ?? []) as Schema[]).map((part) => propertiesOf(part));
  return Object.fromEntries([...parts.flatMap((part) => Object.entries(part)), ...Object.entries(own)]);
}

/** The required properties of an object schema, with those of its `allOf` parts. */
export function requiredOf(schema: Schema | undefined): string[] {
  if (!schema) return [];
  return [
    ...new Set([...(schema.required ?? []), ...((schema.allOf ?? []) as Schema[]).flatMap((part) => requiredOf(part))]),
  ];
}
