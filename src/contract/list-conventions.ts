import type { OperationSpec, ParameterSpec } from '../engine/operation-index.js';
import type { SchemaObject } from './types.js';

/**
 * The roles of a list operation's query parameters, recognised by the names REST APIs (PERS
 * among them) use; every other query parameter is a filter.
 */
export interface ListParameters {
  limit?: ParameterSpec;
  page?: ParameterSpec;
  sortBy?: ParameterSpec;
  sortOrder?: ParameterSpec;
  filters: ParameterSpec[];
}

const ROLE_NAMES = {
  limit: ['limit', 'pagesize', 'page_size', 'perpage', 'per_page', 'size'],
  page: ['page', 'pagenumber', 'page_number'],
  sortBy: ['sortby', 'sort_by', 'orderby', 'order_by', 'sort'],
  sortOrder: ['sortorder', 'sort_order', 'order', 'direction', 'sortdirection'],
} as const;

export function listParameters(op: OperationSpec): ListParameters {
  const query = op.parameters.filter((p) => p.in === 'query');
  const byRole = (names: readonly string[]) => query.find((p) => names.includes(p.name.toLowerCase()));
  const roles = {
    limit: byRole(ROLE_NAMES.limit),
    page: byRole(ROLE_NAMES.page),
    sortBy: byRole(ROLE_NAMES.sortBy),
    sortOrder: byRole(ROLE_NAMES.sortOrder),
  };
  const assigned = new Set(Object.values(roles).filter(Boolean));
  return { ...roles, filters: query.filter((p) => !assigned.has(p)) };
}

/** The item property a filter parameter filters on: same name, or `isX` for a boolean `x`. */
export function filterField(param: ParameterSpec, itemSchema: SchemaObject | undefined): string | undefined {
  const properties = (itemSchema?.properties ?? {}) as Record<string, SchemaObject>;
  if (param.name in properties) return param.name;
  const prefixed = `is${param.name[0].toUpperCase()}${param.name.slice(1)}`;
  return properties[prefixed]?.type === 'boolean' && param.schema.type === 'boolean' ? prefixed : undefined;
}

/** `asc`/`desc` for a sort-order value such as `ASC`, `desc`, `ascending`. */
export function directionOf(value: unknown): 'asc' | 'desc' | undefined {
  const text = String(value).toLowerCase();
  if (text.startsWith('asc')) return 'asc';
  if (text.startsWith('desc')) return 'desc';
  return undefined;
}
