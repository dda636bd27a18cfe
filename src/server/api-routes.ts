import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context, OpenAPIBackend, Request as ApiRequest } from 'openapi-backend';
import type { OpenAPIV3 } from 'openapi-types';
import { authenticateJwt, authenticateProjectKey, type Credentials } from '../auth/authenticate.js';
import { PersError, validationError } from '../errors.js';
import type { ApiResult, OperationHandler } from '../handlers/trigger-source-handlers.js';
import { acceptsMediaType, coerceForm, FormBody, registerDocumentBodyParsers } from '../mock/body-parsers.js';
import { findCrudCollections } from '../mock/crud-collections.js';
import { crudHandlers } from '../mock/crud-handlers.js';
import { mockOperationResponse, type MockTools } from '../mock/mock-response.js';
import { ResourceStore } from '../mock/resource-store.js';
import { genericSchemeChecks, unmetSecurityError, type PresentedCredentials } from '../mock/security-schemes.js';
import { createApi } from '../spec/create-api.js';
import { isJsonType } from '../spec/document-scan.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import { PathResolver, serverBasePaths } from '../spec/operation-paths.js';
import { SchemaValidator } from '../spec/validator-ajv.js';
import type { Tenant, TenantDirectory } from '../store/tenants.js';
import { sleep, type Chaos } from './chaos.js';
import { forcesResponse, readPreferences, type Preferences } from './preferences.js';
import { toViolations } from './violations.js';

/** The production base path; every operation is served both under it and at the root. */
export const BASE_PATH = '/v2';
const ROUTABLE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface ApiRouteDeps {
  spec: LoadedSpec;
  tenants: TenantDirectory;
  handlers: Record<string, OperationHandler>;
  jwtSecret?: string;
  validateResponses: boolean;
  chaos: Chaos;
  clock: () => Date;
  /** Registers what POST /__mock/reset must clear besides the trigger-source store. */
  onReset: (clear: () => void) => void;
}

/**
 * The request pipeline, top to bottom, for every path of the document:
 * read mock preferences (Prefer, __ parameters) → server-wide chaos (latency, 503s) →
 * check the body's media type (415; documents with non-JSON bodies) → route (404/405) →
 * check security (401/403) → validate the request (400) → handle: a stateful handler (trigger
 * sources, or a CRUD collection of any document), else answer from the document; or answer
 * from the document when a response is forced → check our own response against the document
 * (logged with --validate-responses) → delay if asked → reply.
 * Security comes before validation as in PERS, whose guards run before its validation pipes.
 * A forced response (`code`, `example`, `dynamic`) skips request validation and never changes state.
 */
export async function registerApiRoutes(app: FastifyInstance, deps: ApiRouteDeps): Promise<void> {
  const document = deps.spec.dereferenced;
  const warn = warnOnce(app);
  const api = await createApi(deps.spec, (_context, _request, preferences: Preferences) => !forcesResponse(preferences), warn);
  const responses = await SchemaValidator.create({ version: deps.spec.version, unknownFormats: deps.spec.unknownFormats, onWarning: warn });
  const tools: MockTools = { validate: (schema, value) => responses.errors(schema, value), warn };
  const resources = new ResourceStore();
  const crud = findCrudCollections(document, new Set(Object.keys(deps.handlers)));
  const handlers = { ...crudHandlers(crud.collections, { store: resources, clock: deps.clock, check: tools.validate }), ...deps.handlers };
  const paths = new PathResolver(document, [BASE_PATH, ...serverBasePaths(document)]);
  const otherMediaTypes = registerDocumentBodyParsers(app, document);
  const security = (context: Context) => context.security as Record<string, { tenant?: Tenant; error?: unknown }>;
  for (const { pointer, message } of [...deps.spec.warnings, ...crud.warnings]) app.log.warn({ pointer }, message);

  api.register({
    notFound: (context: Context) => {
      throw new PersError('ROUTE_NOT_FOUND', `No route ${context.request.method.toUpperCase()} ${context.request.path}`);
    },
    methodNotAllowed: (context: Context) => {
      const allow = allowedMethods(api, context.request.path);
      throw new PersError(
        'METHOD_NOT_ALLOWED',
        `${context.request.method.toUpperCase()} is not allowed on ${context.request.path}; allowed: ${allow.join(', ')}`,
        { headers: { allow: allow.join(', ') } },
      );
    },
    unauthorizedHandler: (context: Context) => {
      const failures = Object.fromEntries(Object.entries(security(context)).flatMap(([name, result]) => (result?.error ? [[name, result.error]] : [])));
      throw unmetSecurityError(context.operation.security ?? [], failures, securitySchemes(document));
    },
    validationFail: (context: Context) => {
      throw validationError(toViolations(context.validation.errors ?? []));
    },
    postResponseHandler: (context: Context, request: FastifyRequest) => {
      const result = context.response as ApiResult;
      if (deps.validateResponses && context.operation) {
        const body = result.json === undefined ? result.body : JSON.parse(result.json);
        const check = api.validateResponse(body, context.operation, result.status);
        if (check.errors) {
          request.log.warn({ operationId: context.operation.operationId, status: result.status, errors: check.errors },
            'response does not match openapi.yaml');
        }
      }
      return result;
    },
  });
  registerSecurityHandlers(api, document, deps);

  await api.init();
  for (const found of api.getOperations()) {
    const operation = found as unknown as OpenAPIV3.OperationObject & { method: string };
    const handle = handlers[operation.operationId!] ?? (() => mockOperationResponse(operation, {}, tools));
    api.register(operation.operationId!, async (context: Context, request: FastifyRequest, preferences: Preferences) => {
      if (forcesResponse(preferences)) {
        const { code: status, example, dynamic, seed } = preferences;
        return withPersErrorFields(await mockOperationResponse(operation, { status, example, dynamic, seed }, tools), request, deps.clock());
      }
      if (preferences.state === 'empty' && listsResources(operation)) return { status: 200, body: [] };
      return handle({
        tenant: Object.values(security(context)).find((result) => result?.tenant)?.tenant ?? deps.tenants.defaultTenant,
        params: context.request.params as Record<string, string>,
        query: (context.validation?.coerced?.query ?? {}) as Record<string, unknown>,
        body: context.request.requestBody,
      });
    });
  }

  const dispatch = async (request: FastifyRequest, reply: FastifyReply) => {
    const apiRequest = toApiRequest(request, paths);
    const { preferences, query } = readPreferences(request.headers.prefer, String(apiRequest.query));
    await deps.chaos.apply();
    if (otherMediaTypes) apiRequest.body = documentedBody(api, apiRequest);
    const result = (await api.handleRequest({ ...apiRequest, query }, request, preferences)) as ApiResult;
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
  app.route({ method: [...ROUTABLE_METHODS], url: '/*', handler: dispatch });
  app.setNotFoundHandler(dispatch);
  // State of any document's collections lives with this server; a reset drops it with the trigger sources.
  deps.onReset(() => resources.clear());
}

/**
 * The PERS schemes keep their own handlers (tenants, JWT checks) where the document defines them
 * as PERS does; every other scheme gets a presence check, and a requirement naming a scheme the
 * document does not define is not enforced (the document scan warns about it).
 */
function registerSecurityHandlers(api: OpenAPIBackend, document: OpenAPIV3.Document, deps: ApiRouteDeps): void {
  const schemes = securitySchemes(document);
  const persJwt = schemes.authJWT?.type === 'http' && schemes.authJWT.scheme.toLowerCase() === 'bearer';
  const persKey = schemes.projectKey?.type === 'apiKey' && schemes.projectKey.in === 'header' && schemes.projectKey.name.toLowerCase() === 'x-project-key';
  if (persJwt) {
    api.registerSecurityHandler('authJWT', async (context: Context) => ({
      tenant: await authenticateJwt(credentialsOf(context), deps.tenants, { secret: deps.jwtSecret }, deps.clock()),
    }));
  }
  if (persKey) {
    api.registerSecurityHandler('projectKey', (context: Context) => ({
      tenant: authenticateProjectKey(credentialsOf(context), deps.tenants),
    }));
  }
  const handled = new Set([...(persJwt ? ['authJWT'] : []), ...(persKey ? ['projectKey'] : [])]);
  for (const [name, check] of Object.entries(genericSchemeChecks(schemes, handled))) {
    api.registerSecurityHandler(name, (context: Context) => check(context.request as unknown as PresentedCredentials));
  }
}

function securitySchemes(document: OpenAPIV3.Document): Record<string, OpenAPIV3.SecuritySchemeObject> {
  return (document.components?.securitySchemes ?? {}) as Record<string, OpenAPIV3.SecuritySchemeObject>;
}

/** A body of a type the operation does not take is a 415; form fields are typed as its schema says. */
function documentedBody(api: OpenAPIBackend, request: ApiRequest): unknown {
  const operation = api.router.matchOperation(request) as unknown as OpenAPIV3.OperationObject | undefined;
  const contentType = [request.headers['content-type']].flat()[0];
  if (operation && request.body !== undefined && !acceptsMediaType(operation, contentType)) {
    throw new PersError('UNSUPPORTED_MEDIA_TYPE', `Content type '${contentType}' is not accepted by ${operation.operationId}`);
  }
  if (!(request.body instanceof FormBody)) return request.body;
  return operation ? coerceForm(request.body, operation, String(contentType)) : request.body.fields;
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
  if (result.status < 400 || typeof body !== 'object' || body === null || Array.isArray(body) || !('code' in body)) return result;
  return { ...result, body: { ...body, status: result.status, timestamp: now.toISOString(), correlationId: request.correlationId } };
}

function toApiRequest(request: FastifyRequest, paths: PathResolver): ApiRequest {
  const url = request.url;
  const queryStart = url.indexOf('?');
  const rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
  return {
    // HEAD is answered as the GET it mirrors; Fastify drops the body.
    method: request.method === 'HEAD' ? 'GET' : request.method,
    path: paths.resolve(rawPath),
    query: queryStart === -1 ? '' : url.slice(queryStart + 1),
    headers: request.headers as Record<string, string | string[]>,
    // openapi-backend reads a string body as JSON text; a JSON body that is a string must stay one.
    body: typeof request.body === 'string' && isJsonType(String(request.headers['content-type'] ?? '')) ? JSON.stringify(request.body) : request.body,
  };
}

function credentialsOf(context: Context): Credentials {
  const headers = context.request.headers;
  const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  return { authorization: single(headers.authorization), projectKey: single(headers['x-project-key']) };
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
