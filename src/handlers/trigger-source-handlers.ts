import { PersError } from '../errors.js';
import type { Tenant } from '../store/tenants.js';
import type { TriggerSourceRepository } from '../store/trigger-source-repository.js';
import type { TriggerSourceInput, TriggerSourceQuery, TriggerSourceRecord } from '../store/trigger-source.js';

/** A validated request, reduced to what an operation needs. */
export interface OperationInput {
  tenant: Tenant;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

export interface ApiResult {
  status: number;
  body?: unknown;
  /** The body already serialised as JSON (UTF-8), sent as it is (instead of `body`). */
  json?: Buffer;
  headers?: Record<string, string>;
}

export type OperationHandler = (input: OperationInput) => ApiResult | Promise<ApiResult>;

/** The public shape of a trigger source (TriggerSourceResponseDto), in the published field order. */
export function toTriggerSourceDto(record: TriggerSourceRecord) {
  return {
    type: record.type,
    name: record.name,
    description: record.description,
    metadata: record.metadata,
    businessId: record.businessId,
    id: record.id,
    isActive: record.isActive,
    analytics: record.analytics,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export type TriggerSourceDto = ReturnType<typeof toTriggerSourceDto>;

/** How many distinct answers are kept per kind; past it the kept ones are dropped, not evicted one by one. */
const LIST_PAGES_KEPT = 256;
const SOURCES_KEPT = 10_000;

/**
 * Handlers by operation id. Requests arrive validated against openapi.yaml.
 * Answers carry JSON cached per record, as UTF-8 bytes: serialising the same sources again for
 * every list was the largest cost of a read, and bytes go to the socket without being measured
 * and encoded again. A record's cache entry is valid while its `updatedAt` is unchanged, which
 * every update moves forward. List and get answers are kept too, for as long as the store's
 * revision has not moved: a frontend asks for the same page again and again, and a store in a
 * database is asked for its revision (one small query shared by concurrent requests) rather
 * than for the rows.
 */
export function triggerSourceHandlers(store: TriggerSourceRepository): Record<string, OperationHandler> {
  const cache = new WeakMap<TriggerSourceRecord, { updatedAt: string; json: Buffer }>();
  const jsonOf = (record: TriggerSourceRecord): Buffer => {
    const cached = cache.get(record);
    if (cached?.updatedAt === record.updatedAt) return cached.json;
    const json = Buffer.from(JSON.stringify(toTriggerSourceDto(record)));
    cache.set(record, { updatedAt: record.updatedAt, json });
    return json;
  };
  const pages = new RevisionCache(LIST_PAGES_KEPT);
  const listJson = (tenantId: string, query: TriggerSourceQuery) =>
    pages.answer(store, `${tenantId} ${JSON.stringify(query)}`, async () =>
      jsonArray((await store.list(tenantId, query)).map(jsonOf)),
    );
  const sources = new RevisionCache(SOURCES_KEPT);
  const sourceJson = (tenantId: string, id: string) =>
    sources.answer(store, `${tenantId} ${id}`, async () => {
      const record = await store.get(tenantId, id);
      return record && jsonOf(record);
    });
  return {
    TriggerSourcesController_createTriggerSource: async ({ tenant, body }) => ({
      status: 201,
      json: jsonOf(await store.create(tenant.id, body as TriggerSourceInput)),
    }),

    TriggerSourcesController_getTriggerSources: async ({ tenant, query }) => ({
      status: 200,
      json: (await listJson(tenant.id, query))!,
    }),

    TriggerSourcesController_getTriggerSource: async ({ tenant, params }) => ({
      status: 200,
      json: (await sourceJson(tenant.id, params.id)) ?? notFound(params.id),
    }),

    TriggerSourcesController_updateTriggerSource: async ({ tenant, params, body }) => ({
      status: 200,
      json: jsonOf((await store.update(tenant.id, params.id, body as TriggerSourceInput)) ?? notFound(params.id)),
    }),

    TriggerSourcesController_deleteTriggerSource: async ({ tenant, params }) => {
      if ((await store.softDelete(tenant.id, params.id)) === undefined) notFound(params.id);
      return { status: 200 };
    },
  };
}

/** Answers by key, each valid while the store's revision is the one it was computed at. */
class RevisionCache {
  private readonly kept = new Map<string, { revision: number; json: Buffer | undefined }>();

  constructor(private readonly limit: number) {}

  async answer(
    store: TriggerSourceRepository,
    key: string,
    compute: () => Promise<Buffer | undefined>,
  ): Promise<Buffer | undefined> {
    const revision = await store.revision();
    const kept = this.kept.get(key);
    if (kept?.revision === revision) return kept.json;
    const json = await compute();
    if (this.kept.size >= this.limit) this.kept.clear();
    this.kept.set(key, { revision, json });
    return json;
  }
}

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/** `[a,b,c]` from the JSON of each item. */
function jsonArray(items: Buffer[]): Buffer {
  const parts: Buffer[] = [OPEN];
  for (const item of items) {
    if (parts.length > 1) parts.push(COMMA);
    parts.push(item);
  }
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

function notFound(id: string): never {
  const shown = id.length > 64 ? `${id.slice(0, 64)}…` : id;
  throw new PersError('TRIGGER_SOURCE_NOT_FOUND', `Trigger source '${shown}' was not found`);
}
