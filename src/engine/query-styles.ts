import type { OpenAPIRouter, Operation, ParsedRequest } from 'openapi-backend';
import type { OpenAPIV3 } from 'openapi-types';

type QueryParameter = OpenAPIV3.ParameterObject & { schema?: OpenAPIV3.SchemaObject };

interface QueryReading {
  /** Written `explode: false`, and not arrays. */
  unexploded: QueryParameter[];
  /** Written `style: form` exploded (the default), with a schema an object may satisfy. */
  explodedObjects: QueryParameter[];
  /** The query names the operation declares, and the API keys sent in the query. */
  declared: Set<string>;
}

/**
 * openapi-backend reads query parameters by their names only, and splits the value of every
 * `explode: false` one at its commas, whatever its schema. OpenAPI says otherwise in two places:
 * - `explode: false`: `page=90` (an integer written `style: form, explode: false`, as many
 *   documents spell every query parameter) reached validation as `["90"]`, "must be integer",
 *   and a string holding a comma came apart. Only an array is split there; a primitive is the
 *   value as written, and an object is its `name,value` pairs.
 * - `style: form` exploded (the default): an object is written as one pair per property
 *   (`role=admin&firstName=Alex`), under no name of its own. Those pairs were unknown
 *   parameters, and the request a 400. The names no parameter declares are read back as the
 *   properties of the object-valued parameter (the one whose schema names them, else the first
 *   without named properties).
 * The router's parse is wrapped so that both read as OpenAPI says; arrays keep openapi-backend's split.
 */
export function readQueryAsDocumented(router: OpenAPIRouter, queryKeys: readonly string[] = []): void {
  const readings = new WeakMap<object, QueryReading>();
  const readingOf = (operation: Operation): QueryReading => {
    let found = readings.get(operation);
    if (!found) {
      const query = ((operation.parameters ?? []) as QueryParameter[]).filter(
        (parameter) => parameter.in === 'query' && parameter.content === undefined,
      );
      found = {
        unexploded: query.filter((p) => p.explode === false && !typesOf(p.schema).includes('array')),
        explodedObjects: query.filter(
          (p) => (p.style ?? 'form') === 'form' && p.explode !== false && admitsObject(p.schema),
        ),
        declared: new Set([...query.map((p) => p.name), ...queryKeys]),
      };
      readings.set(operation, found);
    }
    return found;
  };
  const parseRequest = router.parseRequest.bind(router);
  router.parseRequest = ((request: Parameters<OpenAPIRouter['parseRequest']>[0], operation?: Operation) => {
    const parsed: ParsedRequest = parseRequest(request, operation);
    if (!operation) return parsed;
    const reading = readingOf(operation);
    if (reading.unexploded.length === 0 && reading.explodedObjects.length === 0) return parsed;
    const query = parsed.query as Record<string, unknown>;
    const raw = router.parseRequestQuery(request);
    for (const parameter of reading.unexploded) {
      const written = raw[parameter.name];
      if (typeof written !== 'string') continue;
      query[parameter.name] = typesOf(parameter.schema).includes('object') ? pairsOf(written) : written;
    }
    gatherExplodedObjects(query, reading);
    return parsed;
  }) as OpenAPIRouter['parseRequest'];
}

/** Moves the query's undeclared names into the exploded object parameter they belong to. */
function gatherExplodedObjects(query: Record<string, unknown>, reading: QueryReading): void {
  const candidates = reading.explodedObjects.filter((parameter) => query[parameter.name] === undefined);
  if (candidates.length === 0) return;
  for (const name of Object.keys(query)) {
    if (reading.declared.has(name)) continue;
    const owner =
      candidates.find((parameter) => name in propertiesOf(parameter.schema)) ??
      candidates.find((parameter) => Object.keys(propertiesOf(parameter.schema)).length === 0);
    if (!owner) continue;
    const object = (query[owner.name] ??= {}) as Record<string, unknown>;
    object[name] = query[name];
    delete query[name];
  }
}

/** Whether some object may satisfy the schema, as far as its `type` and compositions say. */
function admitsObject(schema: OpenAPIV3.SchemaObject | undefined, seen = new Set<object>()): boolean {
  if (!schema || seen.has(schema)) return true;
  seen.add(schema);
  const types = typesOf(schema);
  if (types.length > 0) return types.includes('object');
  if (schema.allOf && !schema.allOf.every((part) => admitsObject(part as OpenAPIV3.SchemaObject, seen))) return false;
  for (const key of ['oneOf', 'anyOf'] as const) {
    const parts = schema[key] as OpenAPIV3.SchemaObject[] | undefined;
    if (parts && parts.length > 0 && !parts.some((part) => admitsObject(part, seen))) return false;
  }
  return true;
}

function propertiesOf(schema: OpenAPIV3.SchemaObject | undefined): Record<string, unknown> {
  return schema?.properties ?? {};
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
