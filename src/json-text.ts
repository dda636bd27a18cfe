/**
 * A value read from JSON as text for a path, a query or a message: strings, numbers, booleans and
 * null as `String()` writes them, arrays joined with commas as `String()` joins them, and objects
 * as their JSON (where `String()` would only say `[object Object]`).
 */
export function jsonText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'symbol':
    case 'undefined':
      return String(value);
    case 'function':
      return value.toString();
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value))
        return value.map((item) => (item === null || item === undefined ? '' : jsonText(item))).join(',');
      return JSON.stringify(value);
  }
}
