import type { ErrorObject } from 'ajv';
import type { Violation } from '../errors.js';

const LOCATIONS: Record<string, Violation['location']> = {
  requestBody: 'body',
  query: 'query',
  path: 'path',
  header: 'header',
};

/**
 * Turns ajv errors into violations that name their location and the JSON pointer inside it.
 * openapi-backend validates one object `{ path, query, header, requestBody }`, so its paths
 * start with the location; Fastify's own route schemas validate one location, given here.
 */
export function toViolations(errors: readonly ErrorObject[], location?: Violation['location']): Violation[] {
  return errors.map((error) => {
    const segments = error.instancePath.split('/').slice(1);
    const params = error.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
    const named = params.missingProperty ?? params.additionalProperty;
    if (named !== undefined) segments.push(named);
    const [where, inner] = location ? [location, segments] : split(segments);
    return {
      location: where,
      path: inner.length > 0 ? `/${inner.join('/')}` : '',
      message: messageOf(error, where === 'body' && inner.length === 0 && params.missingProperty !== undefined),
      keyword: error.keyword,
    };
  });
}

/** `['requestBody', 'name']` → body, `/name`; an error on the whole request object is the body's. */
function split(segments: string[]): [Violation['location'], string[]] {
  const [first = 'requestBody', ...rest] = segments;
  return LOCATIONS[first] ? [LOCATIONS[first], rest] : ['body', segments];
}

function messageOf(error: ErrorObject, bodyMissing: boolean): string {
  if (bodyMissing) return 'a JSON request body is required';
  if (error.keyword === 'enum') {
    return `${error.message}: ${((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')}`;
  }
  if (error.keyword === 'additionalProperties') return 'is not an accepted field';
  return error.message ?? 'is invalid';
}
