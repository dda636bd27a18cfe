import type { ParameterSpec } from '../engine/operation-index.js';
import { jsonText } from '../json-text.js';

/** A query as sent: one value per name, or several for a name repeated (`status=a&status=b`). */
export type QueryValues = Record<string, string | string[] | undefined>;

/**
 * The query pairs a value of a query parameter is written as, per its `style` and `explode`
 * (OpenAPI 3, "Style Values"): `form` (the default, exploded by default) repeats the name for
 * each array item and writes each property of an object as its own pair; unexploded it joins
 * them with commas; `spaceDelimited` and `pipeDelimited` join array items with a space or a
 * `|`; `deepObject` writes `name[property]=value`.
 */
export function queryPairs(param: ParameterSpec, value: unknown): Array<[string, string]> {
  if (param.mediaType !== undefined) return [[param.name, parameterText(param, value)]];
  const style = param.style ?? 'form';
  const explode = param.explode ?? style === 'form';
  if (Array.isArray(value)) {
    const items = value.map((item) => jsonText(item));
    if (style === 'form' && explode) return items.map((item) => [param.name, item]);
    const separator = style === 'spaceDelimited' ? ' ' : style === 'pipeDelimited' ? '|' : ',';
    return [[param.name, items.join(separator)]];
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]): [string, string] => [key, jsonText(item)]);
    if (style === 'deepObject') return entries.map(([key, item]) => [`${param.name}[${key}]`, item]);
    if (explode) return entries;
    return [[param.name, entries.flat().join(',')]];
  }
  return [[param.name, jsonText(value)]];
}

/**
 * Whether OpenAPI says how to write the parameter's values in a query: an array of objects or
 * of arrays has no style that writes it, unless the parameter has a media type (`content`).
 */
export function isQueryWritable(param: ParameterSpec): boolean {
  if (param.mediaType !== undefined) return true;
  const items = param.schema.items as ParameterSpec['schema'] | undefined;
  return ![items?.type].flat().some((type) => type === 'object' || type === 'array');
}

/**
 * One value of a parameter as text: as its media type writes it where it has one (JSON text for
 * a JSON type, so a string keeps its quotes), else as it reads (a string as it is).
 */
export function parameterText(param: ParameterSpec, value: unknown): string {
  if (param.mediaType !== undefined && /json/i.test(param.mediaType)) return JSON.stringify(value) ?? 'null';
  return jsonText(value);
}

/** The query of several parameters' values, each written as its style says. */
export function queryOf(values: Array<[ParameterSpec, unknown]>): QueryValues {
  const query: Record<string, string | string[]> = {};
  for (const [param, value] of values) {
    for (const [name, text] of queryPairs(param, value)) {
      const current = query[name];
      query[name] = current === undefined ? text : [current, text].flat();
    }
  }
  return query;
}
