import type { OpenAPIV3 } from 'openapi-types';

/** A JSON Schema object as found in a dereferenced OpenAPI 3.0 document. */
export type SchemaObject = Record<string, unknown>;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: SchemaObject;
  /** How an array or object value is written (`form`, `simple`, `spaceDelimited`, `pipeDelimited`, `deepObject`). */
  style?: string;
  explode?: boolean;
  /**
   * Set where the parameter is described by `content` rather than `schema` (Directus' `filter`:
   * `application/json`): its value is written as that media type, JSON text for a JSON one.
   */
  mediaType?: string;
  /** `x-published-as`: what the published document says where this one departs from it. */
  publishedAs?: SchemaObject;
}

export interface DocumentedResponse {
  /** The key it is documented under: `200`, `4XX` or `default`. */
  key: string;
  /** Media type → schema (an empty object when no schema is given). */
  content: Record<string, SchemaObject>;
  headers: Record<string, { schema: SchemaObject; required?: boolean }>;
}

export type SecurityScheme = OpenAPIV3.SecuritySchemeObject;

export interface OperationSpec {
  operationId: string;
  method: string;
  /** The path template, e.g. `/trigger-sources/{id}`. */
  path: string;
  parameters: ParameterSpec[];
  requestBody?: { required: boolean; content: Record<string, SchemaObject> };
  responses: DocumentedResponse[];
  /** Alternatives (any one suffices); each names the schemes that must all be satisfied. */
  security: string[][];
}

/** The operations of a dereferenced OpenAPI 3.0 document, in document order. */
export class SpecIndex {
  readonly operations: OperationSpec[];
  readonly securitySchemes: Record<string, SecurityScheme>;
  private readonly byId: Map<string, OperationSpec>;

  constructor(
    private readonly document: OpenAPIV3.Document,
    operations?: OperationSpec[],
  ) {
    this.securitySchemes = (document.components?.securitySchemes ?? {}) as Record<string, SecurityScheme>;
    this.operations = operations ?? collectOperations(document);
    this.byId = new Map(this.operations.map((op) => [op.operationId, op]));
  }

  /** The same document with only the operations `keep` accepts (the same objects). */
  only(keep: (op: OperationSpec) => boolean): SpecIndex {
    return new SpecIndex(this.document, this.operations.filter(keep));
  }

  get(operationId: string): OperationSpec | undefined {
    return this.byId.get(operationId);
  }

  /** `operationId` unless it is unknown, which is a bug in the caller. */
  operation(operationId: string): OperationSpec {
    const op = this.byId.get(operationId);
    if (!op) throw new Error(`unknown operation ${operationId}`);
    return op;
  }
}

/** The response documented for a status: the exact code, then its `4XX` range, then `default`. */
export function documentedResponse(op: OperationSpec, status: number): DocumentedResponse | undefined {
  const range = `${Math.floor(status / 100)}XX`;
  return (
    op.responses.find((r) => r.key === String(status)) ??
    op.responses.find((r) => r.key.toUpperCase() === range) ??
    op.responses.find((r) => r.key === 'default')
  );
}

export function documentedStatusKeys(op: OperationSpec): string[] {
  return op.responses.map((r) => r.key);
}

export function isSecured(op: OperationSpec): boolean {
  return op.security.length > 0 && op.security.every((alternative) => alternative.length > 0);
}

/**
 * OpenAPI 3.0 (Operation Object): where HTTP gives a request body no semantics, the requestBody
 * "SHALL be ignored by consumers". Of those methods GET and HEAD are the ones servers ignore a
 * body of (Fastify does, so the mock does); DELETE bodies are read by APIs that document them
 * (Neon's), and stay.
 */
const BODILESS_30_METHODS = new Set(['get', 'head']);

function collectOperations(document: OpenAPIV3.Document): OperationSpec[] {
  const ignoresBodies = (method: string) => document.openapi.startsWith('3.0') && BODILESS_30_METHODS.has(method);
  const operations: OperationSpec[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (!item) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operations.push({
        operationId: operation.operationId ?? `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: mergeParameters(item.parameters, operation.parameters),
        requestBody: ignoresBodies(method)
          ? undefined
          : requestBodyOf(operation.requestBody as OpenAPIV3.RequestBodyObject | undefined),
        responses: Object.entries(operation.responses ?? {}).map(([key, response]) =>
          responseOf(key, response as OpenAPIV3.ResponseObject),
        ),
        security: (operation.security ?? document.security ?? []).map((requirement) => Object.keys(requirement)),
      });
    }
  }
  return operations;
}

/**
 * Header parameters OpenAPI says to ignore ("Parameter Object": Accept, Content-Type and
 * Authorization are described by the media types and the security schemes instead).
 */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/** Operation parameters override path-level ones with the same name and location. */
function mergeParameters(pathLevel: unknown[] = [], operationLevel: unknown[] = []): ParameterSpec[] {
  const merged = new Map<string, ParameterSpec>();
  for (const raw of [...pathLevel, ...operationLevel] as OpenAPIV3.ParameterObject[]) {
    if (raw.in === 'header' && IGNORED_HEADERS.has(raw.name.toLowerCase())) continue;
    const [mediaType, media] = raw.schema ? [] : (Object.entries(raw.content ?? {})[0] ?? []);
    merged.set(`${raw.in}:${raw.name}`, {
      name: raw.name,
      in: raw.in as ParameterSpec['in'],
      required: raw.required === true || raw.in === 'path',
      schema: (raw.schema ?? media?.schema ?? {}) as SchemaObject,
      ...(mediaType !== undefined ? { mediaType } : {}),
      ...(raw.style !== undefined ? { style: raw.style } : {}),
      ...(raw.explode !== undefined ? { explode: raw.explode } : {}),
      publishedAs: (raw as { 'x-published-as'?: SchemaObject })['x-published-as'],
    });
  }
  return [...merged.values()];
}

function requestBodyOf(body: OpenAPIV3.RequestBodyObject | undefined): OperationSpec['requestBody'] {
  if (!body) return undefined;
  return { required: body.required === true, content: contentOf(body.content) };
}

function responseOf(key: string, response: OpenAPIV3.ResponseObject): DocumentedResponse {
  const headers: DocumentedResponse['headers'] = {};
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    const h = header as OpenAPIV3.HeaderObject;
    headers[name.toLowerCase()] = { schema: (h.schema ?? {}) as SchemaObject, required: h.required };
  }
  return { key, content: contentOf(response.content), headers };
}

function contentOf(content: Record<string, OpenAPIV3.MediaTypeObject> | undefined): Record<string, SchemaObject> {
  const out: Record<string, SchemaObject> = {};
  for (const [mediaType, media] of Object.entries(content ?? {})) out[mediaType] = (media.schema ?? {}) as SchemaObject;
  return out;
}
