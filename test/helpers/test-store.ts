import { randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import type { MockConfig } from '../../src/mock-server.js';

/**
 * Which store the parameterised tests run on: the file store (the default), or PostgreSQL when
 * the `postgres` vitest project sets PERS_MOCK_TEST_STORE=postgres (see vitest.config.ts). In
 * PostgreSQL each mock gets a schema of its own in one database, as a role that is not a
 * superuser (a superuser is exempt from row-level security).
 */
export const TEST_STORE: 'file' | 'postgres' = process.env.PERS_MOCK_TEST_STORE === 'postgres' ? 'postgres' : 'file';

const ROLE = 'pers_mock_test';
const PASSWORD = 'pers_mock_test';
const DATABASE = 'pers_mock_test';

let admin: Promise<{ sql: Sql; url: URL }> | undefined;

/** PERS_MOCK_TEST_PG_URL: a superuser's URL of a throwaway cluster (.ci/run and scripts/test-postgres.sh set it). */
export function testDatabaseUrl(): string {
  const url = process.env.PERS_MOCK_TEST_PG_URL;
  if (!url) {
    throw new Error(
      'PERS_MOCK_TEST_PG_URL is not set: these tests need a PostgreSQL cluster (run scripts/test-postgres.sh)',
    );
  }
  return url;
}

/** The role and database the tests use, made once per run (concurrent workers wait on a lock). */
function adminConnection(): Promise<{ sql: Sql; url: URL }> {
  admin ??= (async () => {
    const url = new URL(testDatabaseUrl());
    const sql = postgres(url.href, { max: 2, onnotice: () => {} });
    await sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(4242)`;
      const [role] = await tx`SELECT 1 FROM pg_roles WHERE rolname = ${ROLE}`;
      if (!role) await tx.unsafe(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}'`);
    });
    const [database] = await sql`SELECT 1 FROM pg_database WHERE datname = ${DATABASE}`;
    if (!database) await sql.unsafe(`CREATE DATABASE ${DATABASE} OWNER ${ROLE}`).catch(() => undefined);
    return { sql, url };
  })();
  return admin;
}

/** A fresh, empty schema for one mock (or for several replicas of one), and its --store URL. */
export async function freshPostgresStore(): Promise<string> {
  const { url } = await adminConnection();
  const schema = `t_${randomUUID().replaceAll('-', '')}`;
  const owner = new URL(url.href);
  owner.username = ROLE;
  owner.password = PASSWORD;
  owner.pathname = `/${DATABASE}`;
  const sql = postgres(owner.href, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`CREATE SCHEMA ${schema}`);
  } finally {
    await sql.end();
  }
  owner.searchParams.set('search_path', schema);
  return owner.href;
}

/** What a test mock is given for its store: the config's own, or a fresh PostgreSQL schema instead. */
export async function testStoreConfig(config: MockConfig): Promise<MockConfig> {
  if (TEST_STORE === 'file') return { db: ':memory:', ...config };
  const { db: _db, ...rest } = config;
  return { ...rest, store: await freshPostgresStore() };
}
