import type { OperationSpec, SpecIndex } from '../engine/operation-index.js';
import { isJsonMediaType } from './checks/media-types.js';
import type { SchemaObject } from './types.js';

/**
 * A REST resource read off the document: a collection path with POST (create) and usually GET
 * (list), and an item path `<collection>/{id}` with GET, PUT/PATCH and DELETE. Stateful probes
 * and cleanup work through it.
 */
export interface ResourceModel {
  collectionPath: string;
  create: OperationSpec;
  list?: OperationSpec;
  read?: OperationSpec;
  update?: OperationSpec;
  delete?: OperationSpec;
  /** The item path's parameter, e.g. `id`. */
  idParam: string;
  /** The response property holding that identifier. */
  idField: string;
  createSchema: SchemaObject;
  updateSchema?: SchemaObject;
  /** The schema of one resource as responses show it. */
  itemSchema?: SchemaObject;
}

export function resourceModels(spec: SpecIndex): ResourceModel[] {
  const models: ResourceModel[] = [];
  for (const create of spec.operations.filter((op) => op.method === 'POST')) {
    const createSchema = jsonSchemaOf(create.requestBody?.content);
    if (!createSchema) continue;
    const itemOps = spec.operations.filter((op) => itemParam(create.path, op.path) !== undefined);
    const idParam = itemOps.length > 0 ? itemParam(create.path, itemOps[0].path)! : 'id';
    const read = itemOps.find((op) => op.method === 'GET');
    const update = itemOps.find((op) => op.method === 'PUT') ?? itemOps.find((op) => op.method === 'PATCH');
    const itemSchema = successSchemaOf(read) ?? successSchemaOf(create);
    const properties = (itemSchema?.properties ?? {}) as Record<string, unknown>;
    models.push({
      collectionPath: create.path,
      create,
      list: spec.operations.find((op) => op.method === 'GET' && op.path === create.path),
      read,
      update,
      delete: itemOps.find((op) => op.method === 'DELETE'),
      idParam,
      idField: idParam in properties ? idParam : 'id',
      createSchema,
      updateSchema: jsonSchemaOf(update?.requestBody?.content),
      itemSchema,
    });
  }
  return models;
}

/** `{id}` when `path` is `collection/{id}`. */
function itemParam(collection: string, path: string): string | undefined {
  const prefix = `${collection.replace(/\/$/, '')}/{`;
  if (!path.startsWith(prefix) || !path.endsWith('}')) return undefined;
  const name = path.slice(prefix.length, -1);
  return /^[^/{}]+$/.test(name) ? name : undefined;
}

export function jsonSchemaOf(content: Record<string, SchemaObject> | undefined): SchemaObject | undefined {
  const mediaType = Object.keys(content ?? {}).find(isJsonMediaType);
  return mediaType ? content![mediaType] : undefined;
}

/** The JSON schema of the operation's first documented 2xx response. */
export function successSchemaOf(op: OperationSpec | undefined): SchemaObject | undefined {
  const success = op?.responses.find((r) => /^2\d\d$/.test(r.key) && Object.keys(r.content).length > 0);
  return success ? jsonSchemaOf(success.content) : undefined;
}
