import { idsOf, listItems } from '../checks/list-items.js';
import { directionOf, filterField, listParameters, type ListParameters } from '../../engine/list-conventions.js';
import { queryOf } from '../parameter-serialization.js';
import type { ParameterSpec } from '../../engine/operation-index.js';
import type { ListFilter, Purpose, SchemaObject } from '../types.js';
import {
  inParallel,
  requestValue,
  sendAll,
  type ModelState,
  type PlannedRequest,
  type ProbeContext,
} from './probe-context.js';
import { jsonText } from '../../json-text.js';

const MAX_PAGES = 4;
const OBSERVED_FILTER_VALUES = 2;

/**
 * Reads the whole list once (the reference), then sorted, filtered and paged lists that must
 * each agree with it. GET only, so it runs with --read-only too.
 */
export async function listProbes(pc: ProbeContext, state: ModelState): Promise<void> {
  const list = state.model.list;
  if (!list) return;
  pc.session.phase(`listing (${state.model.collectionPath})`);
  const params = listParameters(list);
  const reference = await pc.session.send(list, { auth: { as: 'primary' } }, defaultOrderPurpose(params, state));
  state.reference = listItems(reference) ?? [];
  const probes = [
    ...(pc.session.wants('list-sort') ? [sortProbes] : []),
    ...(pc.session.wants('list-filter') ? [filterProbes] : []),
    ...(pc.session.wants('list-page') ? [pageProbes] : []),
  ];
  await inParallel(pc, probes, (pc, probe) => probe(pc, state, params));
}

/** The unpaged list must already be in the documented default order, when defaults are documented. */
function defaultOrderPurpose(params: ListParameters, state: ModelState): Purpose {
  const field = params.sortBy?.schema.default;
  const direction = params.sortOrder ? directionOf(params.sortOrder.schema.default) : 'asc';
  const fieldSchema = typeof field === 'string' ? propertyOf(state.model.itemSchema, field) : undefined;
  if (!fieldSchema || !direction) return { kind: 'positive', description: 'the unpaged, unfiltered list' };
  return {
    kind: 'list-sort',
    field: String(field),
    direction,
    fieldSchema,
    description: `the unpaged list, in the documented default order (${String(field)} ${direction})`,
  };
}

async function sortProbes(pc: ProbeContext, state: ModelState, params: ListParameters): Promise<void> {
  const list = state.model.list!;
  const fields = params.sortBy?.schema.enum;
  if (!params.sortBy || !Array.isArray(fields)) {
    pc.session.skip(
      ['sorting'],
      [list.operationId],
      params.sortBy ? 'the sort parameter has no enum of fields' : 'the list has no sort parameter',
    );
    return;
  }
  const orders: unknown[] = Array.isArray(params.sortOrder?.schema.enum) ? params.sortOrder.schema.enum : [undefined];
  const planned: PlannedRequest[] = [];
  for (const field of fields.map(String)) {
    const fieldSchema = propertyOf(state.model.itemSchema, field);
    if (!fieldSchema) continue;
    for (const order of orders) {
      const direction = directionOf(order ?? params.sortOrder?.schema.default ?? 'asc');
      if (!direction) continue;
      const query: Record<string, string> = { [params.sortBy.name]: field };
      if (order !== undefined) query[params.sortOrder!.name] = jsonText(order);
      planned.push({
        op: list,
        input: { auth: { as: 'primary' }, query },
        purpose: {
          kind: 'list-sort',
          field,
          direction,
          fieldSchema,
          description: `list sorted by ${field} ${jsonText(order ?? direction)}`,
        },
      });
    }
  }
  await sendAll(pc, planned);
}

async function filterProbes(pc: ProbeContext, state: ModelState, params: ListParameters): Promise<void> {
  const list = state.model.list!;
  if (params.filters.length === 0) {
    pc.session.skip(['filtering'], [list.operationId], 'the list has no filter parameters');
    return;
  }
  const reference = idsOf(state.reference, state.model.idField);
  const rng = pc.rng.fork('filters');
  const planned: PlannedRequest[] = [];
  const parameterNamed = (name: string) => params.filters.find((param) => param.name === name)!;
  const add = (filters: ListFilter[]) =>
    planned.push({
      op: list,
      input: { auth: { as: 'primary' }, query: queryOf(filters.map((f) => [parameterNamed(f.param), f.value])) },
      purpose: { kind: 'list-filter', filters, reference, idField: state.model.idField },
    });
  // A value the list shows is sent only where the parameter takes it: GitHub's issues have
  // `labels` objects, its `labels` filter takes a comma-separated string.
  const accepts = (param: string, value: unknown) => {
    const { schema } = parameterNamed(param);
    if (value === null || value === undefined) return false;
    // A scalar goes out as text, which the parameter's type reads back (`7` for a string too).
    return typeof value === 'object'
      ? pc.validator.isValid(schema, value)
      : pc.validator.isValidRaw(schema, jsonText(value));
  };
  const mapped: ListFilter[] = [];
  for (const param of params.filters) {
    const field = filterField(param, state.model.itemSchema);
    const values = filterValues(param, field, state.reference, rng, (value) => accepts(param.name, value));
    for (const value of values) add([{ param: param.name, value, field }]);
    if (field) mapped.push({ param: param.name, value: undefined, field });
  }
  // Filters are AND-combined: two at once, with values one existing item has.
  const [a, b] = mapped;
  const both =
    a && b
      ? state.reference.find(
          (item) => accepts(a.param, valueAt(item, a.field!)) && accepts(b.param, valueAt(item, b.field!)),
        )
      : undefined;
  if (both) add([a, b].map((f) => ({ ...f, value: valueAt(both, f.field!) })));
  await sendAll(pc, planned);
}

/** Every enum value, both booleans, else values the list shows (or one generated value). */
function filterValues(
  param: ParameterSpec,
  field: string | undefined,
  items: unknown[],
  rng: ReturnType<ProbeContext['rng']['fork']>,
  accepts: (value: unknown) => boolean,
): unknown[] {
  if (Array.isArray(param.schema.enum)) return param.schema.enum;
  if (param.schema.type === 'boolean') return [true, false];
  const observed = field ? [...new Set(items.map((item) => valueAt(item, field)).filter(accepts))] : [];
  if (observed.length > 0) return observed.slice(0, OBSERVED_FILTER_VALUES);
  const generated = requestValue(param.schema, rng, 'full', param.name);
  return generated === undefined ? [] : [generated];
}

/**
 * Pages of about a third of the list: each must be exactly its slice of the reference, and the
 * page after the last must be empty.
 */
async function pageProbes(pc: ProbeContext, state: ModelState, params: ListParameters): Promise<void> {
  const list = state.model.list!;
  const total = state.reference.length;
  if (!params.limit) return pc.session.skip(['pagination'], [list.operationId], 'the list has no limit parameter');
  if (total === 0)
    return pc.session.skip(['pagination'], [list.operationId], 'the list is empty: nothing to page through');
  const minLimit = numberOr(params.limit.schema.minimum, 1);
  const maxLimit = numberOr(params.limit.schema.maximum, total);
  const limit = Math.max(minLimit, Math.min(maxLimit, Math.ceil(total / 3)));
  const firstPage = numberOr(params.page?.schema.minimum, 1);
  const reference = idsOf(state.reference, state.model.idField);
  const purpose = (page: number): Purpose => ({
    kind: 'list-page',
    limit,
    page,
    firstPage,
    reference,
    idField: state.model.idField,
  });
  const planned: PlannedRequest[] = [
    {
      op: list,
      input: { auth: { as: 'primary' }, query: { [params.limit.name]: String(limit) } },
      purpose: purpose(firstPage),
    },
  ];
  if (!params.page) return sendAll(pc, planned);
  const lastPage = firstPage + Math.ceil(total / limit) - 1;
  const maxPage = numberOr(params.page.schema.maximum, Number.MAX_SAFE_INTEGER);
  const pages = [];
  for (let page = firstPage; page <= Math.min(lastPage, firstPage + MAX_PAGES - 1); page++) pages.push(page);
  if (lastPage < firstPage + MAX_PAGES && lastPage + 1 <= maxPage) pages.push(lastPage + 1);
  for (const page of pages) {
    const query = { [params.limit.name]: String(limit), [params.page.name]: String(page) };
    planned.push({ op: list, input: { auth: { as: 'primary' }, query }, purpose: purpose(page) });
  }
  await sendAll(pc, planned);
}

function propertyOf(schema: SchemaObject | undefined, name: string): SchemaObject | undefined {
  return (schema?.properties as Record<string, SchemaObject> | undefined)?.[name];
}

function valueAt(item: unknown, field: string): unknown {
  return item && typeof item === 'object' ? (item as Record<string, unknown>)[field] : undefined;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}
