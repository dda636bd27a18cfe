import type { OpenAPIV3 } from 'openapi-types';
import { documentedResponse, type ExchangeCheck, type ProxyViolation } from '../exchange.js';

/** Required documented headers are present; present ones match their schemas (read as their type). */
export const responseHeadersConformance: ExchangeCheck = ({ schemas }, exchange) => {
  const { operation, response } = exchange;
  const documented = operation && documentedResponse(operation, response.status);
  if (!documented) return [];
  const violations: ProxyViolation[] = [];
  for (const [name, header] of Object.entries(documented.headers ?? {}) as Array<[string, OpenAPIV3.HeaderObject]>) {
    if (name.toLowerCase() === 'content-type') continue;
    const value = response.headers[name.toLowerCase()];
    if (value === undefined) {
      if (header.required)
        violations.push({ side: 'response', location: 'header', path: `/${name}`, message: 'is required but missing' });
      continue;
    }
    const schema = header.schema as OpenAPIV3.SchemaObject | undefined;
    if (!schema) continue;
    for (const error of schemas.errors(schema, asType([value].flat().join(', '), schema))) {
      violations.push({
        side: 'response',
        location: 'header',
        path: `/${name}`,
        message: error.message ?? 'is invalid',
      });
    }
  }
  return violations;
};

/** A header is text; read it as the type its schema declares before validating. */
function asType(value: string, schema: OpenAPIV3.SchemaObject): unknown {
  const type = ([schema.type].flat() as Array<string | undefined>)[0];
  if ((type === 'integer' || type === 'number') && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  if (type === 'array') return value.split(',').map((item) => item.trim());
  return value;
}
