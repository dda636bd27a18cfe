import type { Sql, TransactionSql } from 'postgres';
import type { Resource, ResourceRepository } from '../../mock/resource-store.js';
import { asJson, guarded } from './connection.js';

/**
 * The CRUD collections of any document, in PostgreSQL, shared by every replica. Each operation is
 * one transaction that first names its tenant (SET LOCAL), so row-level security holds it to that
 * tenant's collections. Collections and ids are kept as JSON text, which holds any string.
 */
export class PostgresResourceStore implements ResourceRepository {
  constructor(private readonly sql: Sql) {}

  /** The collection's marker row is the lock: a replica creating it at the same moment waits, then finds it. */
  createOnce(scope: string, collection: string, initial: () => Array<{ id: string; resource: Resource }>) {
    return this.scoped(scope, async (tx) => {
      const created = await tx`
        INSERT INTO resource_collections (tenant_id, collection, collection_key)
        VALUES (${scope}, ${collection}, ${JSON.stringify(collection)})
        ON CONFLICT DO NOTHING RETURNING 1`;
      if (created.length === 0) return;
      for (const { id, resource } of initial()) {
        await tx`
          INSERT INTO resources (tenant_id, collection_key, id_key, body)
          VALUES (${scope}, ${JSON.stringify(collection)}, ${JSON.stringify(id)}, ${asJson(resource)})
          ON CONFLICT DO NOTHING`;
      }
    });
  }

  list(scope: string, collection: string): Promise<Resource[]> {
    return this.scoped(scope, async (tx) => {
      const rows = await tx<Array<{ body: Resource }>>`
        SELECT body FROM resources WHERE tenant_id = ${scope} AND collection_key = ${JSON.stringify(collection)}
        ORDER BY position`;
      return rows.map((row) => row.body);
    });
  }

  ids(scope: string, collection: string): Promise<string[]> {
    return this.scoped(scope, async (tx) => {
      const rows = await tx<Array<{ id_key: string }>>`
        SELECT id_key FROM resources WHERE tenant_id = ${scope} AND collection_key = ${JSON.stringify(collection)}
        ORDER BY position`;
      return rows.map((row) => JSON.parse(row.id_key) as string);
    });
  }

  get(scope: string, collection: string, id: string): Promise<Resource | undefined> {
    return this.scoped(scope, async (tx) => {
      const [row] = await tx<Array<{ body: Resource }>>`
        SELECT body FROM resources
        WHERE tenant_id = ${scope} AND collection_key = ${JSON.stringify(collection)}
          AND id_key = ${JSON.stringify(id)}`;
      return row?.body;
    });
  }

  insert(scope: string, collection: string, id: string, resource: Resource): Promise<Resource | undefined> {
    return this.scoped(scope, async (tx) => {
      const [row] = await tx<Array<{ body: Resource }>>`
        INSERT INTO resources (tenant_id, collection_key, id_key, body)
        VALUES (${scope}, ${JSON.stringify(collection)}, ${JSON.stringify(id)}, ${asJson(resource)})
        ON CONFLICT DO NOTHING RETURNING body`;
      return row?.body;
    });
  }

  replace(scope: string, collection: string, id: string, resource: Resource): Promise<Resource | undefined> {
    return this.scoped(scope, async (tx) => {
      const [row] = await tx<Array<{ body: Resource }>>`
        UPDATE resources SET body = ${asJson(resource)}
        WHERE tenant_id = ${scope} AND collection_key = ${JSON.stringify(collection)}
          AND id_key = ${JSON.stringify(id)}
        RETURNING body`;
      return row?.body;
    });
  }

  remove(scope: string, collection: string, id: string): Promise<Resource | undefined> {
    return this.scoped(scope, async (tx) => {
      const [row] = await tx<Array<{ body: Resource }>>`
        DELETE FROM resources
        WHERE tenant_id = ${scope} AND collection_key = ${JSON.stringify(collection)}
          AND id_key = ${JSON.stringify(id)}
        RETURNING body`;
      return row?.body;
    });
  }

  /** Every tenant's collections (a reset is of the whole dataset; TRUNCATE is not subject to row-level security). */
  async clear(): Promise<void> {
    await guarded(() => this.sql`TRUNCATE resources, resource_collections`);
  }

  private scoped<T>(tenantId: string, run: (tx: TransactionSql) => Promise<T>): Promise<T> {
    return guarded(
      () =>
        this.sql.begin(async (tx) => {
          await tx`SELECT set_config('pers_mock.tenant', ${tenantId}, true)`;
          return run(tx);
        }) as Promise<T>,
    );
  }
}
