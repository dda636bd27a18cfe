import type { OpenAPIRouter, Operation, ParsedRequest } from 'openapi-backend';
import type { OpenAPIV3 } from 'openapi-types';

type QueryParameter = OpenAPIV3.ParameterObject & { schema?: OpenAPIV3.SchemaObject };

/**
 * openapi-backend splits the value of every `explode: false` query parameter at its commas,
 * whatever its schema: `page=90` (an integer written `style: form, explode: false`, as many
 * documents spell every query parameter) reached validation as `["90"]`, "must be integer", and
 * a string holding a comma came apart. OpenAPI splits only an array there; a primitive is the
 * value as written, and an object is its `name,value` pairs. The router's parse is wrapped so
 * that those two read as OpenAPI says; arrays keep openapi-backend's split.
 */
export function readQueryAsDocumented(router: OpenAPIRouter): void {
  const unexploded = new WeakMap<object, QueryParameter[]>();
  const unexplodedOf = (operation: Operation): QueryParameter[] => {
    let found = unexploded.get(operation);
    if (!found) {
      found = ((operation.parameters ?? []) as QueryParameter[]).filter(
        (parameter) =>
          parameter.in === 'query' &&
          parameter.explode === false &&
          parameter.content === undefined &&
          !typesOf(parameter.schema).includes('array'),
      );
      unexploded.set(operation, found);
    }
    return found;
  };
  const parseRequest = router.parseRequest.bind(router);
  router.parseRequest = ((request: Parameters<OpenAPIRouter['parseRequest']>[0], operation?: Operation) => {
    const parsed: ParsedRequest = parseRequest(request, operation);
    const parameters = operation ? unexplodedOf(operation) : [];
    if (parameters.length === 0) return parsed;
    const raw = router.parseRequestQuery(request);
    for (const parameter of parameters) {
      const written = raw[parameter.name];
      if (typeof written !== 'string') continue;
      (parsed.query as Record<string, unknown>)[parameter.name] = typesOf(parameter.schema).includes('object')
        ? pairsOf(written)
        : written;
    }
    return parsed;
  }) as OpenAPIRouter['parseRequest'];
}

/** The schema's declared types (3.0's one type, 3.1's list); none for a schema without `type`. */
function typesOf(schema: OpenAPIV3.SchemaObject | undefined): string[] {
  const type = (schema as { type?: string | string[] } | undefined)?.type;
  return type === undefined ? [] : [type].flat();
}

/** `role,admin,firstName,Alex` → `{ role: 'admin', firstName: 'Alex' }`. */
function pairsOf(written: string): Record<string, string> {
  const parts = written.split(',');
  const object: Record<string, string> = {};
  for (let i = 0; i + 1 < parts.length; i += 2) object[parts[i]] = parts[i + 1];
  return object;
}
