import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context, Request as ApiRequest } from 'openapi-backend';
import { authenticateJwt, authenticateProjectKey, type Credentials } from '../auth/authenticate.js';
import { PersError, validationError } from '../errors.js';
import type { ApiResult, OperationHandler } from '../handlers/trigger-source-handlers.js';
import { createApi } from '../spec/create-api.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import type { Tenant, TenantDirectory } from '../store/tenants.js';
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
  clock: () => Date;
}

/**
 * The request pipeline, top to bottom, for every path of the document:
 * route (404/405) → check security (401/403) → validate the request (400) → handle → check our
 * own response against the document (logged with --validate-responses) → reply.
 * Security comes before validation as in PERS, whose guards run before its validation pipes.
 */
export async function registerApiRoutes(app: FastifyInstance, deps: ApiRouteDeps): Promise<void> {
  const api = await createApi(deps.spec);
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

  for (const [operationId, handle] of Object.entries(deps.handlers)) {
    api.register(operationId, (context: Context) =>
      handle({
        tenant: Object.values(security(context)).find((result) => result?.tenant)?.tenant ?? deps.tenants.defaultTenant,
        params: context.request.params as Record<string, string>,
        query: (context.validation.coerced?.query ?? {}) as Record<string, unknown>,
        body: context.request.requestBody,
      }),
    );
  }
  await api.init();

  const dispatch = async (request: FastifyRequest, reply: FastifyReply) => {
    const result = (await api.handleRequest(toApiRequest(request), request)) as ApiResult;
    reply.code(result.status);
    if (result.headers) reply.headers(result.headers);
    return reply.send(result.body);
  };
  app.route({ method: [...ROUTABLE_METHODS], url: '/*', handler: dispatch });
  app.setNotFoundHandler(dispatch);
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
    body: request.body,
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
