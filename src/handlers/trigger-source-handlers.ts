import { PersError } from '../errors.js';
import type { Tenant } from '../store/tenants.js';
import type { TriggerSourceStore } from '../store/trigger-source-store.js';
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

/** How many distinct list answers are kept; past it the kept ones are dropped, not evicted one by one. */
const LIST_PAGES_KEPT = 256;

/**
 * Handlers by operation id. Requests arrive validated against openapi.yaml.
 * Answers carry JSON cached per record, as UTF-8 bytes: serialising the same sources again for
 * every list was the largest cost of a read, and bytes go to the socket without being measured
 * and encoded again. A record's cache entry is valid while its `updatedAt` is unchanged, which
 * every update moves forward. A list answer is kept too, for as long as the store has not
 * changed: a frontend asks for the same page again and again.
 */
export function triggerSourceHandlers(store: TriggerSourceStore): Record<string, OperationHandler> {
  const cache = new WeakMap<TriggerSourceRecord, { updatedAt: string; json: Buffer }>();
  const jsonOf = (record: TriggerSourceRecord): Buffer => {
    const cached = cache.get(record);
    if (cached?.updatedAt === record.updatedAt) return cached.json;
    const json = Buffer.from(JSON.stringify(toTriggerSourceDto(record)));
    cache.set(record, { updatedAt: record.updatedAt, json });
    return json;
  };
  const pages = new Map<string, { revision: number; json: Buffer }>();
  const listJson = (tenantId: string, query: TriggerSourceQuery): Buffer => {
    const key = `${tenantId} ${JSON.stringify(query)}`;
    const kept = pages.get(key);
    if (kept?.revision === store.revision) return kept.json;
    const json = jsonArray(store.list(tenantId, query).map(jsonOf));
    if (pages.size >= LIST_PAGES_KEPT) pages.clear();
    pages.set(key, { revision: store.revision, json });
    return json;
  };
  return {
    TriggerSourcesController_createTriggerSource: async ({ tenant, body }) => ({
      status: 201,
      json: jsonOf(await store.create(tenant.id, body as TriggerSourceInput)),
    }),

    TriggerSourcesController_getTriggerSources: ({ tenant, query }) => ({
      status: 200,
      json: listJson(tenant.id, query),
    }),

    TriggerSourcesController_getTriggerSource: ({ tenant, params }) => ({
      status: 200,
      json: jsonOf(store.get(tenant.id, params.id) ?? notFound(params.id)),
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
