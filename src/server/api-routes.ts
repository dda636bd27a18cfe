import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OpenAPIBackend, Operation, ParsedRequest, Request as ApiRequest } from 'openapi-backend';
import type { OpenAPIV3 } from 'openapi-types';
import { PersError, validationError } from '../errors.js';
import type { ApiResult, OperationHandler } from '../handlers/trigger-source-handlers.js';
import { acceptsMediaType, coerceForm, FormBody, registerDocumentBodyParsers } from '../mock/body-parsers.js';
import { findCrudCollections, undocumentedNotFound } from '../engine/resource-collections.js';
import { crudHandlers } from '../mock/crud-handlers.js';
import { mockOperationResponse, withDocumentedHeaders, type MockTools } from '../mock/mock-response.js';
import { ResourceStore, type ResourceRepository } from '../mock/resource-store.js';
import { createApi } from '../engine/create-api.js';
import { isJsonType } from '../engine/document-scan.js';
import type { LoadedSpec } from '../engine/load-spec.js';
import { PathResolver, serverBasePaths } from '../engine/operation-paths.js';
import { SchemaValidator } from '../engine/validator-ajv.js';
import type { TenantDirectory } from '../store/tenants.js';
import { sleep, type Chaos } from './chaos.js';
import { forcesResponse, readPreferences, type Preferences } from './preferences.js';
import type { SchemeCredential } from '../mock/scheme-credentials.js';
import { createAuthorizer } from './security.js';
import { toViolations } from './violations.js';

const ROUTABLE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface ApiRouteDeps {
  spec: LoadedSpec;
  tenants: TenantDirectory;
  handlers: Record<string, OperationHandler>;
  /** Where the CRUD collections are kept; default: in memory, with this server. */
  resources?: ResourceRepository;
  jwtSecret?: string;
  /** The dev credential of each scheme that is not a PERS one. */
  credentials: Record<string, SchemeCredential>;
  validateResponses: boolean;
  chaos: Chaos;
  clock: () => Date;
  /** Registers what POST /__mock/reset must clear besides the trigger-source store. */
  onReset: (clear: () => unknown) => void;
}

/**
 * The request pipeline, top to bottom, for every path of the document:
 * read mock preferences (Prefer, __ parameters) → server-wide chaos (latency, 503s) →
 * route (404/405) → check the body's media type (415; documents with non-JSON bodies) →
 * check security (401/403) → validate the request (400) → handle: a stateful handler (trigger
 * sources, or a CRUD collection of any document), else answer from the document; or answer
 * from the document when a response is forced → check our own response against the document
 * (logged with --validate-responses) → delay if asked → reply.
 * openapi-backend routes and validates (its router, and its Ajv validators compiled once per
 * operation); each step here calls it directly, so every step is plain code to read and a request
 * is parsed once, by the validator (and again only for path parameters, a body still in JSON text,
 * or a security scheme that reads the query or cookies), where its handleRequest parsed it three times.
 * Security comes before validation as in PERS, whose guards run before its validation pipes.
 * A forced response (`code`, `example`, `dynamic`) skips request validation and never changes state.
 */
/**
 * What the error handler needs to answer an error as the document says (see documented-error.ts):
 * the operation a request was for, whatever step refused it (a body parser included).
 */
export interface DocumentedErrors {
  operationOf(request: FastifyRequest): OpenAPIV3.OperationObject | undefined;
  tools: MockTools;
}

export async function registerApiRoutes(app: FastifyInstance, deps: ApiRouteDeps): Promise<DocumentedErrors> {
  const document = deps.spec.dereferenced;
  const warn = warnOnce(app);
  const api = await createApi(deps.spec, warn);
  const setup = {
    version: deps.spec.version,
    unknownFormats: deps.spec.unknownFormats,
    sharedSchemas: document.components?.schemas,
  };
  const responses = await SchemaValidator.create({ ...setup, onWarning: warn });
  const exact = await SchemaValidator.create({ ...setup, strict: true });
  const tools: MockTools = {
    validate: (schema, value) => responses.errors(schema, value),
    prefer: (schema, value) => exact.errors(schema, value),
    warn,
  };
  const resources = deps.resources ?? new ResourceStore();
  const crud = findCrudCollections(document, new Set(Object.keys(deps.handlers)));
  const handlers = {
    ...crudHandlers(crud.collections, { store: resources, clock: deps.clock, check: tools.validate }),
    ...deps.handlers,
  };
  // Under the path of each `servers` URL as well as at the root: PERS's /v2 comes from its own servers entry.
  const paths = new PathResolver(document, serverBasePaths(document));
  const otherMediaTypes = registerDocumentBodyParsers(app, document);
  const authorize = createAuthorizer(document, deps);
  const warnings = [...deps.spec.warnings, ...crud.warnings, ...undocumentedNotFound(crud.collections)];
  for (const { pointer, message } of warnings) app.log.warn({ pointer }, message);

  // openapi-backend's strict match tells 404 from 405 only in its error's message; the methods the
  // path does take tell them apart without reading it.
  const route = (request: ApiRequest): Operation => {
    const operation = api.router.matchOperation(request);
    if (operation) return operation;
    const allow = allowedMethods(api, request.path);
    if (allow.length === 0) throw new PersError('ROUTE_NOT_FOUND', `No route ${request.method} ${request.path}`);
    throw new PersError(
      'METHOD_NOT_ALLOWED',
      `${request.method} is not allowed on ${request.path}; allowed: ${allow.join(', ')}`,
      { headers: { allow: allow.join(', ') } },
    );
  };

  /** The coerced query of a valid request; a 400 listing every violation otherwise. */
  const validQuery = (operation: Operation, request: ApiRequest): Record<string, unknown> => {
    const validation = api.validator.validateRequest(request, operation);
    if (validation.errors) throw validationError(toViolations(validation.errors));
    return (validation.coerced?.query ?? {}) as Record<string, unknown>;
  };

  const answer = async (
    operation: Operation,
    apiRequest: ApiRequest,
    request: FastifyRequest,
    preferences: Preferences,
  ): Promise<ApiResult> => {
    // openapi-backend's parse of the request (path parameters, JSON body, query, cookies), made
    // only if a step needs it.
    let parsed: ParsedRequest | undefined;
    const parse = () => (parsed ??= api.router.parseRequest(apiRequest, operation));
    const tenant =
      (await authorize(operation, { headers: request.headers, parsed: parse })) ?? deps.tenants.defaultTenant;
    const described = operation as unknown as OpenAPIV3.OperationObject & { method: string };
    if (forcesResponse(preferences)) {
      const { code: status, example, dynamic, seed } = preferences;
      return withPersErrorFields(
        await mockOperationResponse(described, { status, example, dynamic, seed }, tools),
        request,
        deps.clock(),
      );
    }
    const query = validQuery(operation, apiRequest);
    if (preferences.state === 'empty' && listsResources(described)) return { status: 200, body: [] };
    const handle = handlers[operation.operationId!] ?? (() => mockOperationResponse(described, {}, tools));
    return handle({
      tenant,
      params: (operation.path.includes('{') ? parse().params : {}) as Record<string, string>,
      query,
      // The parse changes only a body that is still JSON text; a parsed one is taken as it is.
      body:
        typeof apiRequest.body === 'object' || apiRequest.body === undefined ? apiRequest.body : parse().requestBody,
    });
  };

  const checkResponse = (operation: Operation, result: ApiResult, request: FastifyRequest) => {
    const body: unknown = result.json === undefined ? result.body : JSON.parse(result.json.toString('utf8'));
    const check = api.validateResponse(body, operation, result.status);
    if (check.errors) {
      request.log.warn(
        { operationId: operation.operationId, status: result.status, errors: check.errors },
        'response does not match openapi.yaml',
      );
    }
  };

  const dispatch = async (request: FastifyRequest, reply: FastifyReply) => {
    const { preferences, query } = readPreferences(request.headers.prefer, queryStringOf(request.url));
    await deps.chaos.apply();
    const apiRequest = toApiRequest(request, paths, query);
    const operation = route(apiRequest);
    if (otherMediaTypes) apiRequest.body = documentedBody(operation as OpenAPIV3.OperationObject, apiRequest);
    const result = await withDocumentedHeaders(
      operation as OpenAPIV3.OperationObject,
      await answer(operation, apiRequest, request, preferences),
      (name) => reply.hasHeader(name),
    );
    if (deps.validateResponses) checkResponse(operation, result, request);
    if (preferences.delay) await sleep(preferences.delay);
    reply.code(result.status);
    for (const [name, value] of Object.entries(result.headers ?? {})) {
      // Headers the server set itself (the correlation id) win over values made up from the document.
      if (name === 'content-type' || !reply.hasHeader(name)) reply.header(name, value);
    }
    if (result.json !== undefined) return reply.type('application/json; charset=utf-8').send(result.json);
    // A JSON string body must go out as JSON; Fastify sends strings as they are.
    const json = typeof result.body === 'string' && isJsonType(String(reply.getHeader('content-type') ?? ''));
    return reply.send(json ? JSON.stringify(result.body) : result.body);
  };
  await api.init();
  app.route({ method: [...ROUTABLE_METHODS], url: '/*', handler: dispatch });
  app.setNotFoundHandler(dispatch);
  // A reset drops the state of any document's collections with the trigger sources.
  deps.onReset(() => resources.clear());
  return {
    operationOf: (request) => {
      const path = paths.resolve(request.url.split('?')[0]);
      const method = request.method === 'HEAD' ? 'GET' : request.method;
      return api.router.matchOperation({ method, path, headers: {} }) as OpenAPIV3.OperationObject | undefined;
    },
    tools,
  };
}

/** A body of a type the operation does not take is a 415; form fields are typed as its schema says. */
function documentedBody(operation: OpenAPIV3.OperationObject, request: ApiRequest): unknown {
  const contentType = [request.headers['content-type']].flat()[0];
  if (request.body !== undefined && !acceptsMediaType(operation, contentType)) {
    throw new PersError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content type '${contentType}' is not accepted by ${operation.operationId}`,
    );
  }
  return request.body instanceof FormBody ? coerceForm(request.body, operation, String(contentType)) : request.body;
}

/** A GET whose success is an array: what `Prefer: state=empty` empties. */
function listsResources(operation: OpenAPIV3.OperationObject & { method?: string }): boolean {
  if (operation.method?.toLowerCase() !== 'get') return false;
  const success = operation.responses?.['200'] as OpenAPIV3.ResponseObject | undefined;
  const schema = success?.content?.['application/json']?.schema as OpenAPIV3.SchemaObject | undefined;
  return schema?.type === 'array';
}

/** A forced error comes from a documented example: give it this request's correlation id and time. */
function withPersErrorFields(result: ApiResult, request: FastifyRequest, now: Date): ApiResult {
  const body = result.body as Record<string, unknown> | undefined;
  if (result.status < 400 || typeof body !== 'object' || body === null || Array.isArray(body) || !('code' in body))
    return result;
  return {
    ...result,
    body: { ...body, status: result.status, timestamp: now.toISOString(), correlationId: request.correlationId },
  };
}

function queryStringOf(url: string): string {
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? '' : url.slice(queryStart + 1);
}

function toApiRequest(request: FastifyRequest, paths: PathResolver, query: string): ApiRequest {
  const url = request.url;
  const queryStart = url.indexOf('?');
  return {
    // HEAD is answered as the GET it mirrors; Fastify drops the body.
    method: request.method === 'HEAD' ? 'GET' : request.method,
    path: paths.resolve(queryStart === -1 ? url : url.slice(0, queryStart)),
    query,
    headers: request.headers as Record<string, string | string[]>,
    // openapi-backend reads a string body as JSON text; a JSON body that is a string must stay one.
    body:
      typeof request.body === 'string' && isJsonType(String(request.headers['content-type'] ?? ''))
        ? JSON.stringify(request.body)
        : request.body,
  };
}

function allowedMethods(api: OpenAPIBackend, path: string): string[] {
  return ROUTABLE_METHODS.filter((method) => api.router.matchOperation({ method, path, headers: {} }));
}

/** Problems found while serving (an example that does not match its schema): logged once each. */
function warnOnce(app: FastifyInstance): (message: string) => void {
  const told = new Set<string>();
  return (message) => {
    if (told.has(message)) return;
    told.add(message);
    app.log.warn(message);
  };
}
