import postgres from 'postgres';
import { expect, it } from 'vitest';
import { createMockServer } from '../../src/mock-server.js';
import { SCHEMA_VERSION } from '../../src/store/postgres/schema.js';
import { runCli } from '../helpers/cli-process.js';
import { freshPostgresStore } from '../helpers/test-store.js';

it('creates the schema on the first start and finds it on the next, seeding only once', async () => {
  const url = await freshPostgresStore();
  const first = await createMockServer({ store: url, logLevel: 'silent', records: 3 });
  expect(first.seeded).toBe(true);
  await first.store.create(first.tenants.all[0].id, { type: 'QR_CODE', name: 'Kept' });
  await first.close();
  const second = await createMockServer({ store: url, logLevel: 'silent', records: 3, seed: 99 });
  expect(second.seeded).toBe(false);
  expect(await second.store.countLive()).toBe(7);
  expect(await second.store.seedSettings()).toEqual({ seed: 2013, recordsPerTenant: 3 });
  await second.close();
});

it('seeds exactly once when several replicas start on an empty database at the same moment', async () => {
  const url = await freshPostgresStore();
  const replicas = await Promise.all(
    Array.from({ length: 4 }, () => createMockServer({ store: url, logLevel: 'silent', records: 10 })),
  );
  expect(replicas.filter((replica) => replica.seeded)).toHaveLength(1);
  for (const replica of replicas) expect(await replica.store.countLive()).toBe(20);
  await Promise.all(replicas.map((replica) => replica.close()));
});

it('refuses a database whose schema is newer than this version: exit 2, naming the version found', async () => {
  const url = await freshPostgresStore();
  const mock = await createMockServer({ store: url, logLevel: 'silent', records: 0 });
  await mock.close();
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql`UPDATE pers_mock_schema SET version = ${SCHEMA_VERSION + 1}`;
  await sql.end();
  const result = await runCli(['serve', '--port', '0', '--store', url]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`holds a schema of version ${SCHEMA_VERSION + 1}, newer than this pers-mock knows`);
});
