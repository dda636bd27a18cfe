export type Resource = Record<string, unknown>;

/**
 * In-memory state for the collections of any document: resources by id, per scope (a tenant)
 * and collection, in the order they were created. Knows nothing of HTTP; absence is
 * `undefined`. Values are copied in and out, so callers never share a stored object.
 */
export class ResourceStore {
  private readonly collections = new Map<string, Map<string, Resource>>();

  /** True once the collection has been created (seeded or written to) in this scope. */
  has(scope: string, collection: string): boolean {
    return this.collections.has(key(scope, collection));
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

  /** Adds a resource; `undefined` when one with that id exists already. */
  insert(scope: string, collection: string, id: string, resource: Resource): Resource | undefined {
    const entries = this.entries(scope, collection);
    if (entries.has(id)) return undefined;
    entries.set(id, structuredClone(resource));
    return structuredClone(resource);
  }

  /** Replaces a resource; `undefined` when there is none with that id. */
  replace(scope: string, collection: string, id: string, resource: Resource): Resource | undefined {
    const entries = this.collections.get(key(scope, collection));
    if (!entries?.has(id)) return undefined;
    entries.set(id, structuredClone(resource));
    return structuredClone(resource);
  }

  /** Removes a resource and returns it; `undefined` when there is none with that id. */
  remove(scope: string, collection: string, id: string): Resource | undefined {
    const entries = this.collections.get(key(scope, collection));
    const found = entries?.get(id);
    if (found === undefined) return undefined;
    entries!.delete(id);
    return found;
  }

  /** Forgets everything (POST /__mock/reset). */
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
