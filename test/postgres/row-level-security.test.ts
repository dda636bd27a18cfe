import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock-server.js';
import { freshPostgresStore } from '../helpers/test-store.js';

let mock: MockServer;
let sql: Sql;
beforeAll(async () => {
  const url = await freshPostgresStore();
  mock = await createMockServer({ store: url, logLevel: 'silent', records: 5 });
  sql = postgres(url, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await sql.end();
  await mock.close();
});

const [first, second] = [0, 1];

it('a query without a tenant filter sees only the rows of the tenant its transaction names', async () => {
  const [a, b] = [mock.tenants.all[first].id, mock.tenants.all[second].id];
  const unscoped = (tenant: string) =>
    sql.begin(async (tx) => {
      await tx`SELECT set_config('pers_mock.tenant', ${tenant}, true)`;
      // Deliberately no WHERE tenant_id = …: the policy alone must keep the other tenant out.
      return tx<Array<{ tenant_id: string }>>`SELECT tenant_id FROM trigger_sources`;
    });
  const seenByA = await unscoped(a);
  const seenByB = await unscoped(b);
  expect(seenByA).toHaveLength(5);
  expect(new Set(seenByA.map((row) => row.tenant_id))).toEqual(new Set([a]));
  expect(new Set(seenByB.map((row) => row.tenant_id))).toEqual(new Set([b]));
});

it('a query naming no tenant sees no rows at all, and cannot write a row for another tenant', async () => {
  expect(await sql`SELECT * FROM trigger_sources`).toHaveLength(0);
  const [a, b] = [mock.tenants.all[first].id, mock.tenants.all[second].id];
  const forged = sql.begin(async (tx) => {
    await tx`SELECT set_config('pers_mock.tenant', ${a}, true)`;
    await tx`UPDATE trigger_sources SET tenant_id = ${b}`;
  });
  await expect(forged).rejects.toThrow(/row-level security/);
  const stolen = sql.begin(async (tx) => {
    await tx`SELECT set_config('pers_mock.tenant', ${a}, true)`;
    return tx`DELETE FROM trigger_sources WHERE tenant_id = ${b} RETURNING id`;
  });
  expect(await stolen).toHaveLength(0);
  expect(await mock.store.countLive()).toBe(10);
});

it('holds for the CRUD collections of a document too', async () => {
  const rows = await sql`SELECT * FROM resources`;
  expect(rows).toHaveLength(0);
  const policies = await sql<Array<{ tablename: string }>>`
    SELECT tablename FROM pg_policies WHERE schemaname = current_schema() ORDER BY tablename`;
  expect(policies.map((p) => p.tablename)).toEqual(['resource_collections', 'resources', 'trigger_sources']);
  const forced = await sql<Array<{ relname: string }>>`
    SELECT relname FROM pg_class WHERE relforcerowsecurity AND relnamespace = current_schema()::regnamespace
    ORDER BY relname`;
  expect(forced.map((r) => r.relname)).toEqual(['resource_collections', 'resources', 'trigger_sources']);
});
