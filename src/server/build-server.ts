import { randomUUID } from 'node:crypto';
import Fastify, {
  LogController,
  type FastifyError,
  type FastifyReply,
  type FastifyRequest,
  type FastifyInstance,
  type FastifyServerOptions,
} from 'fastify';
import { PersError, renderPersError, validationError, type Violation } from '../errors.js';
import { triggerSourceHandlers } from '../handlers/trigger-source-handlers.js';
import { jsonBodyParser } from '../mock/body-parsers.js';
import { withDocumentedHeaders } from '../mock/mock-response.js';
import { asDocumented, documentedErrorBody } from '../mock/documented-error.js';
import { StoreWriteError } from '../store/journaled-file.js';
import { StoreUnavailableError } from '../store/store-errors.js';
import { registerAdminRoutes } from './admin-routes.js';
import { registerApiRoutes, type DocumentedErrors } from './api-routes.js';
import { Chaos } from './chaos.js';
import { registerDocsRoutes, registerIndexRoute } from './docs-routes.js';
import { adminEndpointsEnabled } from './exposure.js';
import { registerCors } from './cors.js';
import { rejectHostileInput } from './request-guards.js';
import { documentCredentials } from './security.js';
import { DEFAULT_SEED } from '../seed/seed-trigger-sources.js';
import type { ServerDeps } from './server-deps.js';
import { toViolations } from './violations.js';
import type { ErrorObject } from 'ajv';

export type { ServerDeps, ServerOptions } from './server-deps.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;
const CORRELATION_HEADER = 'x-correlation-id';
const CORRELATION_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

declare module 'fastify' {
  interface FastifyRequest {
    correlationId: string;
  }
}

/** The whole mock as a Fastify instance, ready to `inject` or `listen`; it does not listen itself. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const options = deps.options ?? {};
  const clock = options.clock ?? (() => new Date());
  const renderError = (error: PersError, correlationId: string) => renderPersError(error, correlationId, clock());
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info' },
    // One compact line per response (below) instead of Fastify's two verbose ones.
    logController: new LogController({ disableRequestLogging: true }),
    // A URL that cannot be decoded fails before any hook runs: answer it in the PERS shape too.
    frameworkErrors: (error, request, reply) => {
      const correlationId = correlationIdOf(request);
      const persError = new PersError('BAD_REQUEST', error.message);
      void (reply as FastifyReply)
        .code(persError.status)
        .header(CORRELATION_HEADER, correlationId)
        .send(renderError(persError, correlationId));
    },
    // Requests Node's HTTP parser refuses (CR/LF in a header, an oversized head) never reach
    // Fastify; they still get a PERS error body.
    clientErrorHandler: (error, socket) => {
      if ((error as NodeJS.ErrnoException).code === 'ECONNRESET' || !socket.writable) return;
      const tooLarge = (error as NodeJS.ErrnoException).code === 'HPE_HEADER_OVERFLOW';
      const persError = new PersError(
        tooLarge ? 'HEADERS_TOO_LARGE' : 'BAD_REQUEST',
        tooLarge ? 'The request head is too large' : 'The request is not valid HTTP',
      );
      const body = JSON.stringify(renderError(persError, randomUUID()));
      socket.end(
        `HTTP/1.1 ${persError.status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
          `Content-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
    bodyLimit: BODY_LIMIT_BYTES,
    // While closing, requests already on open connections are still answered (see preClose below).
    return503OnClosing: false,
    genReqId: () => randomUUID(),
    // The admin routes' schemas are ours and tested; checking them against the JSON Schema
    // meta-schema at every start would cost more than the rest of Fastify's start-up. Unknown
    // fields are an error, not silently dropped.
    ajv: { customOptions: { validateSchema: false, removeAdditional: false, allErrors: true } },
  } satisfies FastifyServerOptions);

  // A client that half-closes its side after sending (as scripts piping into a socket do) still
  // gets its answer when the answer waits on a database: Node would otherwise abort the request.
  (app.server as typeof app.server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;

  app.decorateRequest('correlationId', '');
  app.addHook('onRequest', (request, reply, done) => {
    request.correlationId = correlationIdOf(request);
    reply.header(CORRELATION_HEADER, request.correlationId);
    done();
  });
  app.addHook('preValidation', rejectHostileInput);
  // Registered only where the line would be written: above `info`, a response costs no log line.
  if (['trace', 'debug', 'info'].includes(options.logLevel ?? 'info')) {
    app.addHook('onResponse', (request, reply, done) => {
      request.log.info(`${request.method} ${request.url} → ${reply.statusCode} (${reply.elapsedTime.toFixed(1)} ms)`);
      done();
    });
  }

  // Set once the document's routes are registered: errors of its operations take their documented shape.
  let documented: DocumentedErrors | undefined;
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const operation = documented?.operationOf(request);
    const persError = operation ? asDocumented(operation, toPersError(error)) : toPersError(error);
    if (persError.status >= 500) request.log.error({ err: error }, 'request failed');
    const rendered = renderError(persError, request.correlationId);
    const shaped = operation && (await documentedErrorBody(operation, persError.status, rendered, documented!.tools));
    reply.code(persError.status).headers(persError.extras.headers ?? {});
    const answer =
      operation &&
      (await withDocumentedHeaders(operation, shaped ?? { status: persError.status }, (name) => reply.hasHeader(name)));
    const { 'content-type': type = 'application/json', ...headers } = answer?.headers ?? {};
    for (const [name, value] of Object.entries(headers)) if (!reply.hasHeader(name)) reply.header(name, value);
    if (!shaped) return reply.send(rendered);
    // A JSON type's string body (Catalyst's 400) goes out as a JSON string; another type's as it is.
    if (!/json/i.test(type)) return reply.type(type).send(shaped.body);
    return reply.type(type).send(JSON.stringify(shaped.body));
  });
  // Only JSON bodies are accepted: anything else is a 415 rather than a string to validate.
  app.removeContentTypeParser('text/plain');
  // JSON with a forbidden key is answered as such rather than as broken JSON.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, jsonBodyParser(app));

  await registerCors(app, {
    corsOrigins: options.corsOrigins,
    host: options.host ?? '127.0.0.1',
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposedHeaders: [CORRELATION_HEADER, 'allow'],
  });
  registerDocsRoutes(app, deps.spec.document);
  registerIndexRoute(app, deps.spec.document, adminEndpointsEnabled(options.host ?? '127.0.0.1', options.adminToken));

  // Closing (SIGTERM, SIGINT, a reload, tests) stops accepting connections and answers what is
  // already in flight, closing each connection after its response rather than keeping it alive.
  // The store outlives the server (a reload keeps it); its owner closes it.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  const chaos = deps.chaos ?? new Chaos(options.chaos);
  const resetListeners: Array<() => unknown> = [];
  const credentials = documentCredentials(deps.spec.dereferenced, options.seed ?? DEFAULT_SEED);
  registerAdminRoutes(app, deps, { chaos, clock, credentials, resetListeners });
  documented = await registerApiRoutes(app, {
    spec: deps.spec,
    tenants: deps.tenants,
    handlers: triggerSourceHandlers(deps.store),
    resources: deps.resources,
    jwtSecret: options.jwtSecret,
    credentials,
    validateResponses: options.validateResponses ?? false,
    chaos,
    clock,
    onReset: (clear) => resetListeners.push(clear),
  });
  return app;
}

function correlationIdOf(request: FastifyRequest): string {
  const incoming = request.headers[CORRELATION_HEADER];
  return typeof incoming === 'string' && CORRELATION_ID_PATTERN.test(incoming) ? incoming : request.id;
}

/** Every error reaching the client goes through here: ours as they are, the framework's mapped. */
function toPersError(error: FastifyError): PersError {
  if (error instanceof PersError) return error;
  if (error instanceof StoreWriteError) {
    return new PersError(
      'STORE_UNAVAILABLE',
      'The change could not be saved; it was not applied durably. Retry later.',
    );
  }
  if (error instanceof StoreUnavailableError) {
    return new PersError('STORE_UNAVAILABLE', 'The store cannot be reached; retry later.');
  }
  if (error.validation) {
    return validationError(
      toViolations(error.validation as ErrorObject[], (error.validationContext as Violation['location']) ?? 'body'),
    );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new PersError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be sent as application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PersError('PAYLOAD_TOO_LARGE', `The request body is larger than ${BODY_LIMIT_BYTES} bytes`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new PersError('MALFORMED_JSON', 'The request says it is JSON but its body is empty');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new PersError('MALFORMED_JSON', 'The request body does not match its Content-Length');
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new PersError('MALFORMED_JSON', `The request body is not valid JSON: ${error.message}`);
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new PersError('BAD_REQUEST', error.message);
  }
  return new PersError('INTERNAL_ERROR', 'The mock failed to handle this request; see its log for details');
}
