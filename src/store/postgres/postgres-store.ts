import { randomUUID } from 'node:crypto';
import type { Sql, TransactionSql } from 'postgres';
import type { StoreData } from '../store-data.js';
import type { StoreOptions } from '../trigger-source-store.js';
import type { TriggerSourceRepository } from '../trigger-source-repository.js';
import type { TriggerSourceInput, TriggerSourceQuery, TriggerSourceRecord } from '../trigger-source.js';
import { asJson, guarded } from './connection.js';
import type { ReplicaPresence } from './replica-presence.js';
import { SharedRevision } from './revisions.js';

/** A row of trigger_sources; the json columns arrive parsed. */
interface Row {
  id: string;
  tenant_id: string;
  type: TriggerSourceRecord['type'];
  name: string;
  description: string | null;
  metadata: Record<string, unknown>;
  business_id: string | null;
  is_active: boolean;
  analytics: TriggerSourceRecord['analytics'];
  campaign_keys: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** Rows per INSERT when seeding: well under the protocol's 65,535 parameters. */
const SEED_BATCH = 2_000;

/**
 * Trigger sources in PostgreSQL, shared by every replica that points at the same database. Every
 * statement names its tenant (row-level security holds it to that tenant's rows); a write is
 * acknowledged once committed (synchronous commit) and once the shared revision has moved on, so
 * that no replica gives a kept answer from before it (see revisions.ts).
 */
export class PostgresTriggerSourceStore implements TriggerSourceRepository {
  private readonly revisions: SharedRevision;
  private readonly clock: () => Date;
  private readonly newId: () => string;

  constructor(
    private readonly sql: Sql,
    /** The tenants whose sources are counted by `countLive`. */
    private readonly tenantIds: readonly string[],
    private readonly presence: ReplicaPresence,
    options: StoreOptions = {},
  ) {
    this.revisions = new SharedRevision(sql, presence);
    this.clock = options.clock ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
  }

  revision(): Promise<number> {
    return guarded(() => this.revisions.current());
  }

  countLive(): Promise<number> {
    return guarded(async () => {
      const [row] = await this.sql<
        Array<{ total: string }>
      >`SELECT pers_mock_count(${asJson(this.tenantIds)}) AS total`;
      return Number(row.total);
    });
  }

  seedSettings(): Promise<StoreData['seed']> {
    return guarded(async () => {
      const [row] = await this.sql<Array<{ value: StoreData['seed'] }>>`
        SELECT value FROM pers_mock_meta WHERE key = 'seed'`;
      return row?.value ?? null;
    });
  }

  list(tenantId: string, query: TriggerSourceQuery = {}): Promise<TriggerSourceRecord[]> {
    const limit = query.limit ?? null;
    const offset = query.limit === undefined ? 0 : ((query.page ?? 1) - 1) * query.limit;
    return guarded(async () => {
      const rows = await this.sql<Row[]>`
        SELECT * FROM pers_mock_list(${tenantId}, ${query.type ?? null}, ${keyOf(query.businessId)},
          ${keyOf(query.campaignId)}, ${query.active ?? null}, ${query.sortBy ?? 'createdAt'},
          ${query.sortOrder === 'DESC'}, ${limit}, ${offset})`;
      return rows.map(toRecord);
    });
  }

  get(tenantId: string, id: string): Promise<TriggerSourceRecord | undefined> {
    if (!storable(id)) return Promise.resolve(undefined);
    return guarded(async () => {
      const [row] = await this.sql<Row[]>`SELECT * FROM pers_mock_get(${tenantId}, ${id})`;
      return row && toRecord(row);
    });
  }

  getEvenIfDeleted(tenantId: string, id: string): Promise<TriggerSourceRecord | undefined> {
    if (!storable(id)) return Promise.resolve(undefined);
    return guarded(async () => {
      const [row] = (await this.sql.begin(async (tx) => {
        await tx`SELECT set_config('pers_mock.tenant', ${tenantId}, true)`;
        return tx<Row[]>`SELECT * FROM trigger_sources WHERE tenant_id = ${tenantId} AND id = ${id}`;
      })) as Row[];
      return row && toRecord(row);
    });
  }

  create(tenantId: string, input: TriggerSourceInput): Promise<TriggerSourceRecord> {
    return this.write(
      (sql) => sql<Row[]>`
        SELECT * FROM pers_mock_create(${tenantId}, ${this.newId()}, ${input.type}, ${input.name},
          ${nameKey(input.name)}, ${input.description ?? null}, ${asJson(input.metadata ?? {})},
          ${input.businessId ?? null}, ${keyOf(input.businessId ?? undefined)}, ${this.now()})`,
    ) as Promise<TriggerSourceRecord>;
  }

  update(tenantId: string, id: string, input: TriggerSourceInput): Promise<TriggerSourceRecord | undefined> {
    if (!storable(id)) return Promise.resolve(undefined);
    return this.write(
      (sql) => sql<Row[]>`
        SELECT * FROM pers_mock_update(${tenantId}, ${id}, ${input.type}, ${input.name},
          ${nameKey(input.name)}, ${input.description ?? null}, ${asJson(input.metadata ?? {})},
          ${input.businessId ?? null}, ${keyOf(input.businessId ?? undefined)}, ${this.now()})`,
    );
  }

  softDelete(tenantId: string, id: string): Promise<TriggerSourceRecord | undefined> {
    if (!storable(id)) return Promise.resolve(undefined);
    return this.write((sql) => sql<Row[]>`SELECT * FROM pers_mock_delete(${tenantId}, ${id}, ${this.now()})`);
  }

  /** The whole shared dataset at once, in one transaction: other replicas see the old or the new. */
  replaceAll(data: StoreData): Promise<void> {
    return guarded(async () => {
      await this.presence.mayChange();
      await this.sql.begin((tx) => replaceAllIn(tx, data));
      await this.revisions.moveOn();
    });
  }

  /** Ends every connection once the queries in flight are answered. */
  async close(): Promise<void> {
    await this.presence.stop();
    await this.sql.end({ timeout: 5 });
  }

  private async write(statement: (sql: Sql) => Promise<Row[]>): Promise<TriggerSourceRecord | undefined> {
    return guarded(async () => {
      await this.presence.mayChange();
      const [row] = await statement(this.sql);
      if (row) await this.revisions.moveOn();
      return row && toRecord(row);
    });
  }

  private now(): string {
    return this.clock().toISOString();
  }
}

/**
 * Empties the tables and writes `data`, each tenant's rows with that tenant set for the
 * transaction. TRUNCATE is not subject to row-level security: a reset is of the whole dataset.
 */
export async function replaceAllIn(tx: TransactionSql, data: StoreData): Promise<void> {
  await tx`TRUNCATE trigger_sources, resources, resource_collections`;
  await tx`
    INSERT INTO pers_mock_meta (key, value) VALUES ('seed', ${asJson(data.seed)})
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`;
  const byTenant = new Map<string, TriggerSourceRecord[]>();
  for (const record of data.triggerSources) {
    const list = byTenant.get(record.tenantId) ?? [];
    list.push(record);
    byTenant.set(record.tenantId, list);
  }
  for (const [tenantId, records] of byTenant) {
    await tx`SELECT set_config('pers_mock.tenant', ${tenantId}, true)`;
    for (let start = 0; start < records.length; start += SEED_BATCH) {
      const rows = records.slice(start, start + SEED_BATCH).map(toRow);
      await tx`INSERT INTO trigger_sources ${tx(rows)}`;
    }
  }
}

function toRow(record: TriggerSourceRecord) {
  return {
    id: record.id,
    tenant_id: record.tenantId,
    type: record.type,
    name: record.name,
    name_key: nameKey(record.name),
    description: record.description,
    metadata: asJson(record.metadata),
    business_id: record.businessId,
    business_key: keyOf(record.businessId ?? undefined),
    is_active: record.isActive,
    analytics: asJson(record.analytics),
    campaign_keys: `,${record.campaignIds.map((id) => `${JSON.stringify(id)},`).join('')}`,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    deleted_at: record.deletedAt,
  };
}

function toRecord(row: Row): TriggerSourceRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    type: row.type,
    name: row.name,
    description: row.description,
    metadata: row.metadata,
    businessId: row.business_id,
    isActive: row.is_active,
    analytics: row.analytics,
    campaignIds: JSON.parse(`[${row.campaign_keys.slice(1, -1)}]`) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

/** The name in UTF-16 code units, big-endian: compared as bytes, it sorts as JavaScript sorts strings. */
function nameKey(name: string): Buffer {
  return Buffer.from(name, 'utf16le').swap16();
}

/** A string to match on, as JSON text: it can hold any string, NUL and lone surrogates included. */
function keyOf(value: string | undefined): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/** Ids the server makes are UUIDs; an id no text column can hold (a NUL) is no stored source. */
function storable(id: string): boolean {
  return !id.includes('\u0000');
}
