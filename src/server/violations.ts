import type { ErrorObject } from 'ajv';
import type { Violation } from '../errors.js';

const LOCATIONS: Record<string, Violation['location']> = {
  requestBody: 'body',
  query: 'query',
  path: 'path',
  header: 'header',
};

/**
 * openapi-backend validates one object `{ path, query, header, requestBody }`; turn each ajv
 * error on it into a violation that names its location and the JSON pointer inside it.
 */
export function toViolations(errors: readonly ErrorObject[]): Violation[] {
  return errors.map((error) => {
    const segments = error.instancePath.split('/').slice(1);
    const missing = error.keyword === 'required' ? (error.params as { missingProperty?: string }).missingProperty : undefined;
    if (missing !== undefined) segments.push(missing);
    const [first = 'requestBody', ...rest] = segments;
    const location = LOCATIONS[first] ?? 'body';
    const inner = LOCATIONS[first] ? rest : segments;
    const message = error.keyword === 'enum'
      ? `${error.message}: ${((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')}`
      : error.message ?? 'is invalid';
    return {
      location,
      path: inner.length > 0 ? `/${inner.join('/')}` : '',
      message: first === 'requestBody' && inner.length === 0 && missing ? 'a JSON request body is required' : message,
      keyword: error.keyword,
    };
  });
}
