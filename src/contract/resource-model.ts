import type { OperationSpec, SpecIndex } from '../engine/operation-index.js';
import { ITEM_ROLES, type CrudCollection, type CrudRole } from '../engine/resource-collections.js';
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

/**
 * The resources the mock keeps state for, as the engine infers them from the document
 * (findCrudCollections), limited to the operations `spec` holds: the runner probes exactly the
 * collections the mock makes stateful.
 */
export function resourceModels(spec: SpecIndex, collections: readonly CrudCollection[]): ResourceModel[] {
  const models: ResourceModel[] = [];
  for (const collection of collections) {
    const find = (role: CrudRole) => {
      const id = collection.operations[role]?.operationId;
      return id === undefined ? undefined : spec.get(id);
    };
    const create = find('create');
    const createSchema = jsonSchemaOf(create?.requestBody?.content);
    if (!create || !createSchema) continue;
    const read = find('read');
    const update = find('replace') ?? find('patch');
    models.push({
      collectionPath: collection.path,
      create,
      list: find('list'),
      read,
      update,
      delete: find('remove'),
      idParam: collection.idParam,
      idField: collection.idField,
      createSchema,
      updateSchema: jsonSchemaOf(update?.requestBody?.content),
      itemSchema: successSchemaOf(read) ?? successSchemaOf(create),
    });
  }
  return models;
}

/**
 * The item operations of the collections the mock keeps state for but the runner cannot create in
 * (their create takes a form, not JSON), each with why no valid request is sent to it: no id is
 * known to exist, and what a server answers for one it made up, the document need not say.
 */
export function itemsWithoutKnownIds(
  spec: SpecIndex,
  collections: readonly CrudCollection[],
  models: ResourceModel[],
): Map<string, string> {
  const modelled = new Set(models.map((model) => model.collectionPath));
  const reasons = new Map<string, string>();
  for (const collection of collections) {
    if (modelled.has(collection.path)) continue;
    for (const role of ITEM_ROLES) {
      const id = collection.operations[role]?.operationId;
      if (id !== undefined && spec.get(id))
        reasons.set(
          id,
          `no ${collection.path} resource is known to exist: ` +
            'the runner cannot create one (its create takes no JSON body)',
        );
    }
  }
  return reasons;
}

/**
 * Why use_after_free cannot judge the deletes that belong to no resource model: nothing of the
 * run's own is there to delete and look for again.
 */
export function deletesOutsideModels(spec: SpecIndex, models: ResourceModel[]): Array<[string, string]> {
  const modelled = new Set(models.map((model) => model.delete?.operationId));
  const reads = new Set(spec.operations.filter((op) => op.method === 'GET').map((op) => op.path));
  return spec.operations
    .filter((op) => op.method === 'DELETE' && !modelled.has(op.operationId))
    .map((op) => {
      const collection = op.path.replace(/\/\{[^}/]+\}$/, '');
      const observable = reads.has(op.path) || (collection !== op.path && reads.has(collection));
      return [
        op.operationId,
        observable
          ? 'it belongs to no resource the runner can create and read back'
          : 'no read or list shows whether a deleted resource still exists',
      ];
    });
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
