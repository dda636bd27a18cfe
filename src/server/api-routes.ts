import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context, Request as ApiRequest } from 'openapi-backend';
import type { OpenAPIV3 } from 'openapi-types';
import { authenticateJwt, authenticateProjectKey, type Credentials } from '../auth/authenticate.js';
import { PersError, validationError } from '../errors.js';
import type { ApiResult, OperationHandler } from '../handlers/trigger-source-handlers.js';
import { mockOperationResponse } from '../mock/mock-response.js';
import { createApi } from '../spec/create-api.js';
import type { LoadedSpec } from '../spec/load-spec.js';
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
}

/**
 * The request pipeline, top to bottom, for every path of the document:
 * read mock preferences (Prefer, __ parameters) → server-wide chaos (latency, 503s) →
 * route (404/405) → check security (401/403) → validate the request (400) → handle, or answer
 * from the document when a response is forced → check our own response against the document
 * (logged with --validate-responses) → delay if asked → reply.
 * Security comes before validation as in PERS, whose guards run before its validation pipes.
 * A forced response (`code`, `example`, `dynamic`) skips request validation and never changes state.
 */
export async function registerApiRoutes(app: FastifyInstance, deps: ApiRouteDeps): Promise<void> {
  const api = await createApi(deps.spec, (_context, _request, preferences: Preferences) => !forcesResponse(preferences));
  const security = (context: Context) => context.security as Record<string, { tenant?: Tenant; error?: unknown }>;

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
      const failure = Object.values(security(context)).find((result) => result?.error)?.error;
      throw failure ?? new PersError('AUTH_TOKEN_MISSING', 'This operation needs credentials');
    },
    validationFail: (context: Context) => {
      throw validationError(toViolations(context.validation.errors ?? []));
    },
    postResponseHandler: (context: Context, request: FastifyRequest) => {
      const result = context.response as ApiResult;
      if (deps.validateResponses && context.operation) {
        const check = api.validateResponse(result.body, context.operation, result.status);
        if (check.errors) {
          request.log.warn({ operationId: context.operation.operationId, status: result.status, errors: check.errors },
            'response does not match openapi.yaml');
        }
      }
      return result;
    },
  });

  api.registerSecurityHandler('authJWT', async (context: Context) => ({
    tenant: await authenticateJwt(credentialsOf(context), deps.tenants, { secret: deps.jwtSecret }, deps.clock()),
  }));
  api.registerSecurityHandler('projectKey', (context: Context) => ({
    tenant: authenticateProjectKey(credentialsOf(context), deps.tenants),
  }));

  for (const found of api.getOperations()) {
    const operation = found as unknown as OpenAPIV3.OperationObject & { method: string };
    const handle = deps.handlers[operation.operationId!] ?? (() => mockOperationResponse(operation, {}));
    api.register(operation.operationId!, async (context: Context, request: FastifyRequest, preferences: Preferences) => {
      if (forcesResponse(preferences)) {
        const { code: status, example, dynamic, seed } = preferences;
        return withPersErrorFields(await mockOperationResponse(operation, { status, example, dynamic, seed }), request, deps.clock());
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
    const apiRequest = toApiRequest(request);
    const { preferences, query } = readPreferences(request.headers.prefer, String(apiRequest.query));
    await deps.chaos.apply();
    const result = (await api.handleRequest({ ...apiRequest, query }, request, preferences)) as ApiResult;
    if (preferences.delay) await sleep(preferences.delay);
    reply.code(result.status);
    if (result.headers) reply.headers(result.headers);
    return reply.send(result.body);
  };
  app.route({ method: [...ROUTABLE_METHODS], url: '/*', handler: dispatch });
  app.setNotFoundHandler(dispatch);
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

function toApiRequest(request: FastifyRequest): ApiRequest {
  const url = request.url;
  const queryStart = url.indexOf('?');
  const rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
  return {
    // HEAD is answered as the GET it mirrors; Fastify drops the body.
    method: request.method === 'HEAD' ? 'GET' : request.method,
    path: stripBasePath(rawPath),
    query: queryStart === -1 ? '' : url.slice(queryStart + 1),
    headers: request.headers as Record<string, string | string[]>,
    // openapi-backend re-parses a string body as JSON text; a JSON string literal must stay one.
    body: typeof request.body === 'string' ? JSON.stringify(request.body) : request.body,
  };
}

function stripBasePath(path: string): string {
  if (path === BASE_PATH) return '/';
  return path.startsWith(`${BASE_PATH}/`) ? path.slice(BASE_PATH.length) : path;
}

function credentialsOf(context: Context): Credentials {
  const headers = context.request.headers;
  const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  return { authorization: single(headers.authorization), projectKey: single(headers['x-project-key']) };
}

function allowedMethods(api: Awaited<ReturnType<typeof createApi>>, path: string): string[] {
  return ROUTABLE_METHODS.filter((method) => api.router.matchOperation({ method, path, headers: {} }));
}
