import { randomUUID } from 'node:crypto';
import type { Low } from 'lowdb';
import type {
  TriggerSourceInput,
  TriggerSourceQuery,
  TriggerSourceRecord,
  SortField,
} from './trigger-source.js';

export const STORE_FORMAT_VERSION = 1;

/** What the store file holds. */
export interface StoreData {
  formatVersion: number;
  /** How the data was seeded, so a restart can tell what it is looking at. */
  seed: { seed: number; recordsPerTenant: number } | null;
  triggerSources: TriggerSourceRecord[];
}

export interface StoreOptions {
  clock?: () => Date;
  newId?: () => string;
}

/**
 * Trigger sources per tenant, over a lowdb database. Knows nothing of HTTP: reads return a
 * value or `undefined`, writes resolve once the adapter has stored the change.
 */
export class TriggerSourceStore {
  private readonly db: Low<StoreData>;
  private readonly clock: () => Date;
  private readonly newId: () => string;
  private byId = new Map<string, TriggerSourceRecord>();

  constructor(db: Low<StoreData>, options: StoreOptions = {}) {
    this.db = db;
    this.clock = options.clock ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.reindex();
  }

  get data(): StoreData {
    return this.db.data;
  }

  /** Number of trigger sources that are not deleted, across tenants. */
  countLive(): number {
    let count = 0;
    for (const record of this.byId.values()) if (record.deletedAt === null) count++;
    return count;
  }

  list(tenantId: string, query: TriggerSourceQuery = {}): TriggerSourceRecord[] {
    const matches = this.db.data.triggerSources.filter(
      (r) =>
        r.tenantId === tenantId &&
        r.deletedAt === null &&
        (query.type === undefined || r.type === query.type) &&
        (query.businessId === undefined || r.businessId === query.businessId) &&
        (query.campaignId === undefined || r.campaignIds.includes(query.campaignId)) &&
        (query.active === undefined || r.isActive === query.active),
    );
    matches.sort(compareBy(query.sortBy ?? 'createdAt', query.sortOrder === 'DESC' ? -1 : 1));
    if (query.limit === undefined) return matches;
    const start = ((query.page ?? 1) - 1) * query.limit;
    return matches.slice(start, start + query.limit);
  }

  get(tenantId: string, id: string): TriggerSourceRecord | undefined {
    const record = this.byId.get(id);
    if (!record || record.tenantId !== tenantId || record.deletedAt !== null) return undefined;
    return record;
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
    await this.db.write();
    return record;
  }

  /** Replaces the client-settable fields; `undefined` when there is no such live source. */
  async update(tenantId: string, id: string, input: TriggerSourceInput): Promise<TriggerSourceRecord | undefined> {
    const record = this.get(tenantId, id);
    if (!record) return undefined;
    Object.assign(record, settableFields(input), { updatedAt: this.later(record.updatedAt) });
    await this.db.write();
    return record;
  }

  /** Soft delete: the record stays, with `deletedAt` set. */
  async softDelete(tenantId: string, id: string): Promise<TriggerSourceRecord | undefined> {
    const record = this.get(tenantId, id);
    if (!record) return undefined;
    record.deletedAt = this.clock().toISOString();
    await this.db.write();
    return record;
  }

  /** Replaces everything (used for seeding and reset). */
  async replaceAll(data: StoreData): Promise<void> {
    this.db.data = data;
    this.reindex();
    await this.db.write();
  }

  private reindex(): void {
    this.byId = new Map(this.db.data.triggerSources.map((r) => [r.id, r]));
  }

  /** Now, or a millisecond after `previous` if the clock has not moved past it. */
  private later(previous: string): string {
    const now = this.clock().getTime();
    return new Date(Math.max(now, Date.parse(previous) + 1)).toISOString();
  }
}

function settableFields(input: TriggerSourceInput): Pick<
  TriggerSourceRecord,
  'type' | 'name' | 'description' | 'metadata' | 'businessId'
> {
  return {
    type: input.type,
    name: input.name,
    description: input.description ?? null,
    metadata: input.metadata ?? {},
    businessId: input.businessId ?? null,
  };
}

/** A total order: the chosen field, then `id`, so pages never overlap or skip. */
function compareBy(field: SortField, direction: 1 | -1) {
  return (a: TriggerSourceRecord, b: TriggerSourceRecord): number => {
    const byField = a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : 0;
    if (byField !== 0) return byField * direction;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}
