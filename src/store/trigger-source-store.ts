import { randomUUID } from 'node:crypto';
import type { Low } from 'lowdb';
import type { StoreData, StorePersistence } from './store-data.js';
import { SortedIndex } from './sorted-index.js';
import type { TriggerSourceRepository } from './trigger-source-repository.js';
import {
  SORT_FIELDS,
  type SortField,
  type TriggerSourceInput,
  type TriggerSourceQuery,
  type TriggerSourceRecord,
} from './trigger-source.js';

export interface StoreOptions {
  clock?: () => Date;
  newId?: () => string;
}

type TenantIndexes = Record<SortField, SortedIndex>;

/**
 * Trigger sources per tenant, over a lowdb database. Knows nothing of HTTP: reads return a
 * value or `undefined`; writes change memory at once and resolve once the change is durable.
 * Live sources are kept in per-tenant indexes sorted by each sortable field.
 */
export class TriggerSourceStore implements TriggerSourceRepository {
  private readonly db: Low<StoreData>;
  private readonly persistence: StorePersistence;
  private readonly clock: () => Date;
  private readonly newId: () => string;
  private byId = new Map<string, TriggerSourceRecord>();
  private byTenant = new Map<string, TenantIndexes>();
  private changes = 0;

  constructor(db: Low<StoreData>, persistence: StorePersistence, options: StoreOptions = {}) {
    this.db = db;
    this.persistence = persistence;
    this.clock = options.clock ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.reindex();
  }

  get data(): StoreData {
    return this.db.data;
  }

  /** Moves on with every change: equal values read at two moments mean nothing changed in between. */
  revision(): number {
    return this.changes;
  }

  seedSettings(): StoreData['seed'] {
    return this.db.data.seed;
  }

  /** Number of trigger sources that are not deleted, across tenants. */
  countLive(): number {
    let count = 0;
    for (const indexes of this.byTenant.values()) count += indexes.createdAt.size;
    return count;
  }

  list(tenantId: string, query: TriggerSourceQuery = {}): TriggerSourceRecord[] {
    const indexes = this.byTenant.get(tenantId);
    if (!indexes) return [];
    const skip = query.limit === undefined ? 0 : ((query.page ?? 1) - 1) * query.limit;
    const take = query.limit ?? Infinity;
    const page: TriggerSourceRecord[] = [];
    let skipped = 0;
    indexes[query.sortBy ?? 'createdAt'].walk(query.sortOrder === 'DESC', (record) => {
      if (!matches(record, query)) return true;
      if (skipped < skip) skipped++;
      else page.push(record);
      return page.length < take;
    });
    return page;
  }

  get(tenantId: string, id: string): TriggerSourceRecord | undefined {
    const record = this.byId.get(id);
    if (!record || record.tenantId !== tenantId || record.deletedAt !== null) return undefined;
    return record;
  }

  getEvenIfDeleted(tenantId: string, id: string): TriggerSourceRecord | undefined {
    const record = this.byId.get(id);
    return record?.tenantId === tenantId ? record : undefined;
  }

  async create(tenantId: string, input: TriggerSourceInput): Promise<TriggerSourceRecord> {
    const now = this.clock().toISOString();
    const record: TriggerSourceRecord = {
      id: this.newId(),
      tenantId,
      ...settableFields(input),
      isActive: true,
      analytics: null,
      campaignIds: [],
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    };
    this.db.data.triggerSources.push(record);
    this.byId.set(record.id, record);
    this.indexesOf(tenantId, (index) => index.insert(record));
    return this.persist(record);
  }

  /** Replaces the client-settable fields; `undefined` when there is no such live source. */
  async update(tenantId: string, id: string, input: TriggerSourceInput): Promise<TriggerSourceRecord | undefined> {
    const record = this.get(tenantId, id);
    if (!record) return undefined;
    const changes = settableFields(input);
    // Only the indexes whose key changes need the record moved (createdAt never does).
    const moved = (['name', 'type'] as const).filter((field) => changes[field] !== record[field]);
    const indexes = this.byTenant.get(tenantId)!;
    for (const field of moved) indexes[field].remove(record);
    Object.assign(record, changes, { updatedAt: this.later(record.updatedAt) });
    for (const field of moved) indexes[field].insert(record);
    return this.persist(record);
  }

  /** Soft delete: the record stays, with `deletedAt` set. */
  async softDelete(tenantId: string, id: string): Promise<TriggerSourceRecord | undefined> {
    const record = this.get(tenantId, id);
    if (!record) return undefined;
    this.indexesOf(tenantId, (index) => index.remove(record));
    record.deletedAt = this.clock().toISOString();
    return this.persist(record);
  }

  /** Replaces everything (used for seeding and reset). */
  async replaceAll(data: StoreData): Promise<void> {
    this.db.data = data;
    this.reindex();
    await this.db.write();
  }

  /** Waits for pending writes and leaves the store compact on disk. */
  close(): Promise<void> {
    return this.persistence.close();
  }

  /**
   * Waits until the change is durable and returns the record as this change left it: a later
   * change to the same record may land while this one waits for the disk.
   */
  private async persist(record: TriggerSourceRecord): Promise<TriggerSourceRecord> {
    this.changes++;
    const asChanged = { ...record };
    await this.persistence.record(record);
    return asChanged;
  }

  private indexesOf(tenantId: string, apply: (index: SortedIndex) => void): void {
    let indexes = this.byTenant.get(tenantId);
    if (!indexes) {
      indexes = newIndexes();
      this.byTenant.set(tenantId, indexes);
    }
    for (const field of SORT_FIELDS) apply(indexes[field]);
  }

  private reindex(): void {
    this.changes++;
    const records = this.db.data.triggerSources;
    this.byId = new Map(records.map((r) => [r.id, r]));
    const liveByTenant = new Map<string, TriggerSourceRecord[]>();
    for (const record of records) {
      if (record.deletedAt !== null) continue;
      const list = liveByTenant.get(record.tenantId) ?? [];
      list.push(record);
      liveByTenant.set(record.tenantId, list);
    }
    this.byTenant = new Map();
    for (const [tenantId, live] of liveByTenant) {
      const indexes = newIndexes();
      for (const field of SORT_FIELDS) indexes[field].load(live);
      this.byTenant.set(tenantId, indexes);
    }
  }

  /** Now, or a millisecond after `previous` if the clock has not moved past it. */
  private later(previous: string): string {
    const now = this.clock().getTime();
    return new Date(Math.max(now, Date.parse(previous) + 1)).toISOString();
  }
}

function newIndexes(): TenantIndexes {
  return { name: new SortedIndex('name'), createdAt: new SortedIndex('createdAt'), type: new SortedIndex('type') };
}

function matches(record: TriggerSourceRecord, query: TriggerSourceQuery): boolean {
  return (
    (query.type === undefined || record.type === query.type) &&
    (query.businessId === undefined || record.businessId === query.businessId) &&
    (query.campaignId === undefined || record.campaignIds.includes(query.campaignId)) &&
    (query.active === undefined || record.isActive === query.active)
  );
}

function settableFields(
  input: TriggerSourceInput,
): Pick<TriggerSourceRecord, 'type' | 'name' | 'description' | 'metadata' | 'businessId'> {
  return {
    type: input.type,
    name: input.name,
    description: input.description ?? null,
    metadata: input.metadata ?? {},
    businessId: input.businessId ?? null,
  };
}
