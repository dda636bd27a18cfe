import type { Sql } from 'postgres';
import { StoreOpenError } from '../store-errors.js';

/**
 * The schema, as a list of migrations: version N is reached by applying the first N in order.
 * A migration is never changed once released; a change to the schema is a new one at the end.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE pers_mock_meta (key text PRIMARY KEY, value json NOT NULL);

  -- Strings the API takes may hold NUL or a lone surrogate, which PostgreSQL's text cannot: every
  -- client string is kept as JSON text (json, not jsonb, so metadata keeps its key order), with
  -- key columns to filter and sort on: name_key is the name in UTF-16 code units (big-endian), so
  -- bytes compare as JavaScript compares strings and every sort matches the file store's;
  -- campaign_keys is ',' followed by each campaign id as JSON text and a ',' (',"c1","c2",'): a
  -- JSON string holds no unescaped quote, so ',"id",' is found only where that id is listed.
  CREATE TABLE trigger_sources (
    id text COLLATE "C" PRIMARY KEY,
    tenant_id text NOT NULL,
    type text COLLATE "C" NOT NULL,
    name json NOT NULL,
    name_key bytea NOT NULL,
    description json,
    metadata json NOT NULL,
    business_id json,
    business_key text,
    is_active boolean NOT NULL,
    analytics json,
    campaign_keys text NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    updated_at text COLLATE "C" NOT NULL,
    deleted_at text COLLATE "C"
  );
  CREATE INDEX trigger_sources_by_created ON trigger_sources (tenant_id, created_at, id) WHERE deleted_at IS NULL;
  CREATE INDEX trigger_sources_by_name ON trigger_sources (tenant_id, name_key, id) WHERE deleted_at IS NULL;
  CREATE INDEX trigger_sources_by_type ON trigger_sources (tenant_id, type, id) WHERE deleted_at IS NULL;

  -- The CRUD collections of any document.
  CREATE TABLE resource_collections (
    tenant_id text NOT NULL,
    collection json NOT NULL,
    collection_key text NOT NULL,
    PRIMARY KEY (tenant_id, collection_key)
  );
  CREATE TABLE resources (
    tenant_id text NOT NULL,
    collection_key text NOT NULL,
    id_key text NOT NULL,
    position bigserial,
    body json NOT NULL,
    PRIMARY KEY (tenant_id, collection_key, id_key)
  );
  CREATE INDEX resources_in_order ON resources (tenant_id, collection_key, position);

  -- Moves on after every acknowledged change (see revisions.ts). A sequence, because nextval
  -- neither waits for nor blocks other writers, and never goes back, even after a crash.
  CREATE SEQUENCE pers_mock_revision;

  -- Row-level security: a statement sees and writes only the rows of the tenant its transaction
  -- names (set_config('pers_mock.tenant', …, true), i.e. SET LOCAL). Forced, so that it holds
  -- for the tables' owner too; only a superuser bypasses it.
  ALTER TABLE trigger_sources ENABLE ROW LEVEL SECURITY;
  ALTER TABLE trigger_sources FORCE ROW LEVEL SECURITY;
  CREATE POLICY tenant_rows ON trigger_sources
    USING (tenant_id = current_setting('pers_mock.tenant', true))
    WITH CHECK (tenant_id = current_setting('pers_mock.tenant', true));
  ALTER TABLE resource_collections ENABLE ROW LEVEL SECURITY;
  ALTER TABLE resource_collections FORCE ROW LEVEL SECURITY;
  CREATE POLICY tenant_rows ON resource_collections
    USING (tenant_id = current_setting('pers_mock.tenant', true))
    WITH CHECK (tenant_id = current_setting('pers_mock.tenant', true));
  ALTER TABLE resources ENABLE ROW LEVEL SECURITY;
  ALTER TABLE resources FORCE ROW LEVEL SECURITY;
  CREATE POLICY tenant_rows ON resources
    USING (tenant_id = current_setting('pers_mock.tenant', true))
    WITH CHECK (tenant_id = current_setting('pers_mock.tenant', true));

  -- One statement per operation, each naming its tenant for its own transaction (SET LOCAL)
  -- before it touches a row: a request costs one round trip, and no statement runs unscoped.
  CREATE FUNCTION pers_mock_list(
    p_tenant text, p_type text, p_business_key text, p_campaign_key text, p_active boolean,
    p_sort text, p_descending boolean, p_limit bigint, p_offset bigint
  ) RETURNS SETOF trigger_sources LANGUAGE plpgsql AS $$
  DECLARE
    sort_column text := CASE p_sort WHEN 'name' THEN 'name_key' WHEN 'type' THEN 'type' ELSE 'created_at' END;
    direction text := CASE WHEN p_descending THEN 'DESC' ELSE 'ASC' END;
  BEGIN
    PERFORM set_config('pers_mock.tenant', p_tenant, true);
    RETURN QUERY EXECUTE format(
      'SELECT * FROM trigger_sources WHERE tenant_id = $1 AND deleted_at IS NULL'
      ' AND ($2::text IS NULL OR type = $2) AND ($3::text IS NULL OR business_key = $3)'
      ' AND ($4::text IS NULL OR strpos(campaign_keys, '','' || $4 || '','') > 0)'
      ' AND ($5::boolean IS NULL OR is_active = $5)'
      ' ORDER BY %I %s, id %s LIMIT $6 OFFSET $7', sort_column, direction, direction)
    USING p_tenant, p_type, p_business_key, p_campaign_key, p_active, p_limit, p_offset;
  END $$;

  CREATE FUNCTION pers_mock_get(p_tenant text, p_id text) RETURNS SETOF trigger_sources LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM set_config('pers_mock.tenant', p_tenant, true);
    RETURN QUERY SELECT * FROM trigger_sources WHERE tenant_id = p_tenant AND id = p_id AND deleted_at IS NULL;
  END $$;

  CREATE FUNCTION pers_mock_count(p_tenants json) RETURNS bigint LANGUAGE plpgsql AS $$
  DECLARE
    tenant text;
    total bigint := 0;
  BEGIN
    FOR tenant IN SELECT json_array_elements_text(p_tenants) LOOP
      PERFORM set_config('pers_mock.tenant', tenant, true);
      total := total + (SELECT count(*) FROM trigger_sources WHERE tenant_id = tenant AND deleted_at IS NULL);
    END LOOP;
    RETURN total;
  END $$;

  CREATE FUNCTION pers_mock_create(
    p_tenant text, p_id text, p_type text, p_name json, p_name_key bytea, p_description json,
    p_metadata json, p_business_id json, p_business_key text, p_now text
  ) RETURNS SETOF trigger_sources LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM set_config('pers_mock.tenant', p_tenant, true);
    RETURN QUERY INSERT INTO trigger_sources VALUES (
      p_id, p_tenant, p_type, p_name, p_name_key, p_description, p_metadata, p_business_id, p_business_key,
      true, NULL, ',', p_now, p_now, NULL
    ) RETURNING *;
  END $$;

  -- updatedAt moves forward even when the clock has not: now, or a millisecond after the last one.
  CREATE FUNCTION pers_mock_update(
    p_tenant text, p_id text, p_type text, p_name json, p_name_key bytea, p_description json,
    p_metadata json, p_business_id json, p_business_key text, p_now text
  ) RETURNS SETOF trigger_sources LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM set_config('pers_mock.tenant', p_tenant, true);
    RETURN QUERY UPDATE trigger_sources SET
      type = p_type, name = p_name, name_key = p_name_key, description = p_description, metadata = p_metadata,
      business_id = p_business_id, business_key = p_business_key,
      updated_at = greatest(p_now, to_char(
        (updated_at::timestamptz + interval '1 millisecond') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    WHERE tenant_id = p_tenant AND id = p_id AND deleted_at IS NULL
    RETURNING *;
  END $$;

  CREATE FUNCTION pers_mock_delete(p_tenant text, p_id text, p_now text) RETURNS SETOF trigger_sources
  LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM set_config('pers_mock.tenant', p_tenant, true);
    RETURN QUERY UPDATE trigger_sources SET deleted_at = p_now
    WHERE tenant_id = p_tenant AND id = p_id AND deleted_at IS NULL
    RETURNING *;
  END $$;
  `,
  `
  -- Each replica's id and when it last said it was there (see replica-presence.ts). Not a
  -- tenant's data: no row-level security.
  CREATE TABLE pers_mock_replicas (id text PRIMARY KEY, seen_at timestamptz NOT NULL);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** One lock for every schema change and the first seeding, whichever replica gets there first. */
export const SCHEMA_LOCK = 0x70657273; // 'pers'

/**
 * Brings the schema to SCHEMA_VERSION, in one transaction under SCHEMA_LOCK, so replicas that
 * start together apply each migration once. A schema newer than this version is refused.
 */
export async function migrate(sql: Sql, where: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`;
    await tx`CREATE TABLE IF NOT EXISTS pers_mock_schema (version integer NOT NULL)`;
    const [row] = await tx<Array<{ version: number }>>`SELECT version FROM pers_mock_schema`;
    const found = row?.version ?? 0;
    if (found > SCHEMA_VERSION) {
      throw new StoreOpenError(
        where,
        `holds a schema of version ${found}, newer than this pers-mock knows (version ${SCHEMA_VERSION}); ` +
          'upgrade pers-mock or point --store at another database',
      );
    }
    for (const migration of MIGRATIONS.slice(found)) await tx.unsafe(migration);
    if (row === undefined) await tx`INSERT INTO pers_mock_schema (version) VALUES (${SCHEMA_VERSION})`;
    else if (found < SCHEMA_VERSION) await tx`UPDATE pers_mock_schema SET version = ${SCHEMA_VERSION}`;
  });
}
