import type { OperationSpec, ParameterSpec, SchemaObject } from './operation-index.js';

/**
 * The roles of a list operation's query parameters, recognised by the names REST APIs (PERS
 * among them) use; every other query parameter is a filter. The contract runner expects a list
 * to honour them, and the mock's generic collections honour them, by the same names.
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

/** The role a query parameter's name gives it, if any (`sortBy`, `per_page`, …). */
export function listRoleOf(name: string): keyof typeof ROLE_NAMES | undefined {
  const lower = name.toLowerCase();
  return (Object.keys(ROLE_NAMES) as Array<keyof typeof ROLE_NAMES>).find((role) =>
    (ROLE_NAMES[role] as readonly string[]).includes(lower),
  );
}

export function listParameters(op: OperationSpec): ListParameters {
  const query = op.parameters.filter((p) => p.in === 'query');
  const byRole = (role: keyof typeof ROLE_NAMES) => query.find((p) => listRoleOf(p.name) === role);
  const roles = {
    limit: byRole('limit'),
    page: byRole('page'),
    sortBy: byRole('sortBy'),
    sortOrder: byRole('sortOrder'),
  };
  const assigned = new Set(Object.values(roles).filter(Boolean));
  return { ...roles, filters: query.filter((p) => !assigned.has(p)) };
}

/**
 * The item property a filter parameter filters on: same name, or `isX` for a boolean `x`. Only a
 * single value filters by equality; what a list of values or an object does to a list (any of,
 * all of, excluded) no convention says.
 */
export function filterField(
  param: Pick<ParameterSpec, 'name' | 'schema'>,
  itemSchema: SchemaObject | undefined,
): string | undefined {
  const properties = (itemSchema?.properties ?? {}) as Record<string, SchemaObject>;
  if (!isScalar(param.schema)) return undefined;
  if (param.name in properties) return isScalar(properties[param.name]) ? param.name : undefined;
  const prefixed = `is${param.name[0].toUpperCase()}${param.name.slice(1)}`;
  return properties[prefixed]?.type === 'boolean' && param.schema.type === 'boolean' ? prefixed : undefined;
}

function isScalar(schema: SchemaObject | undefined): boolean {
  return ![schema?.type].flat().some((type) => type === 'array' || type === 'object');
}

/** `asc`/`desc` for a sort-order value such as `ASC`, `desc`, `ascending`. */
export function directionOf(value: unknown): 'asc' | 'desc' | undefined {
  const text = String(value).toLowerCase();
  if (text.startsWith('asc')) return 'asc';
  if (text.startsWith('desc')) return 'desc';
  return undefined;
}
