import type { Eventually } from '../store/trigger-source-repository.js';

export type Resource = Record<string, unknown>;

/**
 * State of the CRUD collections of any document: resources by id, per scope (a tenant) and
 * collection, in the order they were created; in memory (`ResourceStore`) or in PostgreSQL
 * (`PostgresResourceStore`). Knows nothing of HTTP; absence is `undefined`.
 */
export interface ResourceRepository {
  /** Creates the collection with these resources, unless it was created (seeded or written to) before. */
  createOnce(
    scope: string,
    collection: string,
    initial: () => Array<{ id: string; resource: Resource }>,
  ): Eventually<void>;
  list(scope: string, collection: string): Eventually<Resource[]>;
  ids(scope: string, collection: string): Eventually<string[]>;
  get(scope: string, collection: string, id: string): Eventually<Resource | undefined>;
  insert(scope: string, collection: string, id: string, resource: Resource): Eventually<Resource | undefined>;
  replace(scope: string, collection: string, id: string, resource: Resource): Eventually<Resource | undefined>;
  remove(scope: string, collection: string, id: string): Eventually<Resource | undefined>;
  clear(): Eventually<void>;
}

/** Collections in memory. Values are copied in and out, so callers never share a stored object. */
export class ResourceStore implements ResourceRepository {
  private readonly collections = new Map<string, Map<string, Resource>>();

  createOnce(scope: string, collection: string, initial: () => Array<{ id: string; resource: Resource }>): void {
    if (this.collections.has(key(scope, collection))) return;
    const entries = this.entries(scope, collection);
    for (const { id, resource } of initial()) if (!entries.has(id)) entries.set(id, structuredClone(resource));
  }

  list(scope: string, collection: string): Resource[] {
    return [...this.entries(scope, collection).values()].map((resource) => structuredClone(resource));
  }

  ids(scope: string, collection: string): string[] {
    return [...this.entries(scope, collection).keys()];
  }

  get(scope: string, collection: string, id: string): Resource | undefined {
    const found = this.collections.get(key(scope, collection))?.get(id);
    return found && structuredClone(found);
  }

  insert(scope: string, collection: string, id: string, resource: Resource): Resource | undefined {
    const entries = this.entries(scope, collection);
    if (entries.has(id)) return undefined;
    entries.set(id, structuredClone(resource));
    return structuredClone(resource);
  }

  replace(scope: string, collection: string, id: string, resource: Resource): Resource | undefined {
    const entries = this.collections.get(key(scope, collection));
    if (!entries?.has(id)) return undefined;
    entries.set(id, structuredClone(resource));
    return structuredClone(resource);
  }

  remove(scope: string, collection: string, id: string): Resource | undefined {
    const entries = this.collections.get(key(scope, collection));
    const found = entries?.get(id);
    if (found === undefined) return undefined;
    entries!.delete(id);
    return found;
  }

  clear(): void {
    this.collections.clear();
  }

  private entries(scope: string, collection: string): Map<string, Resource> {
    const name = key(scope, collection);
    let entries = this.collections.get(name);
    if (!entries) {
      entries = new Map();
      this.collections.set(name, entries);
    }
    return entries;
  }
}

function key(scope: string, collection: string): string {
  return `${scope}\u0000${collection}`;
}
