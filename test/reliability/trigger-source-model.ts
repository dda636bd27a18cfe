/**
 * A plain in-memory model of the documented trigger-source semantics (docs/behaviour.md),
 * written from the documentation rather than from the store's code: no indexes, just filter,
 * sort and slice over an array.
 */
export type TenantName = 'A' | 'B';

export interface SourceInput {
  type: 'QR_CODE' | 'API_WEBHOOK';
  name: string;
  description?: string | null;
  metadata?: Record<string, unknown>;
  businessId?: string | null;
}

export interface SourceDto {
  type: string;
  name: string;
  description: string | null;
  metadata: Record<string, unknown>;
  businessId: string | null;
  id: string;
  isActive: boolean;
  analytics: null;
  createdAt: string;
  updatedAt: string;
}

export interface ListQuery {
  type?: 'QR_CODE' | 'API_WEBHOOK';
  businessId?: string;
  campaignId?: string;
  active?: boolean;
  sortBy?: 'name' | 'createdAt' | 'type';
  sortOrder?: 'ASC' | 'DESC';
  limit?: number;
  page?: number;
}

export interface ModelSource {
  tenant: TenantName;
  dto: SourceDto;
  deleted: boolean;
}

export interface Model {
  /** Every source ever created, in creation order; its index is how commands name it (`#k`). */
  sources: ModelSource[];
}

/** Create and update set these alike; an omitted optional field is null (metadata `{}`). */
export function settableFields(input: SourceInput) {
  return {
    type: input.type,
    name: input.name,
    description: input.description ?? null,
    metadata: input.metadata ?? {},
    businessId: input.businessId ?? null,
  };
}

/** A live source of this tenant; anything else (deleted, another tenant's) is a 404. */
export function visibleTo(source: ModelSource, tenant: TenantName): boolean {
  return source.tenant === tenant && !source.deleted;
}

/**
 * Filters AND-combined; sorted by `sortBy` (default createdAt) with ties broken by id, so the
 * order is total; DESC is that order reversed (the docs do not say which way ties go under
 * DESC; reversing the whole order is what keeps pages of ASC and DESC mirror images). Without
 * `limit` every match; with it, 1-based `page` (default 1), past the end empty.
 * Strings compare by UTF-16 code units, as JavaScript's `<` does; the docs name no collation.
 */
export function listOf(model: Model, tenant: TenantName, query: ListQuery): SourceDto[] {
  const field = query.sortBy ?? 'createdAt';
  const matching = model.sources
    .filter((s) => visibleTo(s, tenant))
    .map((s) => s.dto)
    .filter(
      (dto) =>
        (query.type === undefined || dto.type === query.type) &&
        (query.businessId === undefined || dto.businessId === query.businessId) &&
        // Sources created through the API are linked to no campaign.
        query.campaignId === undefined &&
        (query.active === undefined || dto.isActive === query.active),
    )
    .sort((a, b) => compare(a[field], b[field]) || compare(a.id, b.id));
  if (query.sortOrder === 'DESC') matching.reverse();
  if (query.limit === undefined) return matching;
  const start = ((query.page ?? 1) - 1) * query.limit;
  return matching.slice(start, start + query.limit);
}

const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

export function queryString(query: ListQuery): string {
  const params = new URLSearchParams(
    Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
  );
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
