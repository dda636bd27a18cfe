import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import Fastify, {
  LogController,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { OpenAPIBackend } from 'openapi-backend';
import { PersError, renderPersError } from '../errors.js';
import { registerCors } from '../server/cors.js';
import { createApi } from '../engine/create-api.js';
import { isJsonType } from '../engine/document-scan.js';
import type { LoadedSpec } from '../engine/load-spec.js';
import { PathResolver, serverBasePaths } from '../engine/operation-paths.js';
import { SchemaValidator } from '../engine/validator-ajv.js';
import { proxyChecks } from './checks/index.js';
import type { CheckContext, MatchedOperation, ProxyExchange, ProxyViolation } from './exchange.js';
import { readUpTo, returnedHeaders, Upstream, UpstreamError } from './upstream.js';
import { ViolationRecorder } from './violation-recorder.js';
import { VIOLATIONS_HEADER, violationsHeader } from './violations-header.js';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** JSON bodies up to this size are read and validated; larger ones are streamed through unchecked. */
export const DEFAULT_INSPECT_LIMIT = 10 * 1024 * 1024;
const CORRELATION_HEADER = 'x-correlation-id';
const FORWARDED_METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'];

export interface ProxyOptions {
  /** The server to forward to, e.g. `https://api.pers.ninja/v2` (its path prefixes every request's). */
  upstream: string;
  /** Answer a response that breaks the contract with a PERS 502 UPSTREAM_CONTRACT_VIOLATION instead. */
  strict?: boolean;
  /** How long the upstream may stay silent (default 30 s); then a 504. */
  timeoutMs?: number;
  /** JSON bodies larger than this are streamed through without validation (default 10 MiB). */
  inspectLimit?: number;
  logLevel?: string;
  /** The address the proxy will listen on: decides the CORS default, as for `serve`. */
  host?: string;
  corsOrigins?: string[];
  clock?: () => Date;
}

export interface ProxyDeps {
  spec: LoadedSpec;
  options: ProxyOptions;
  /** Where violations are collected; pass one to read the summary (default: a new one). */
  recorder?: ViolationRecorder;
}

/**
 * A validating reverse proxy as a Fastify instance (it does not listen): every request goes to
 * the upstream unchanged; request and response are checked against the document on the way
 * (`src/proxy/checks`), each violation is logged, recorded, and summed up in the
 * `x-pers-mock-violations` response header. JSON bodies of documented operations are read to be
 * checked; everything else streams through.
 */
export async function buildProxyServer(deps: ProxyDeps): Promise<FastifyInstance> {
  const { spec, options } = deps;
  const clock = options.clock ?? (() => new Date());
  const recorder = deps.recorder ?? new ViolationRecorder(options.upstream, clock);
  const upstream = new Upstream(options.upstream, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const inspectLimit = options.inspectLimit ?? DEFAULT_INSPECT_LIMIT;
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info' },
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
  });
  const warn = (message: string) => app.log.warn(message);
  const api = await createApi(spec, warn);
  await api.init();
  const context: CheckContext = {
    api,
    schemas: await SchemaValidator.create({
      version: spec.version,
      unknownFormats: spec.unknownFormats,
      sharedSchemas: spec.dereferenced.components?.schemas,
      onWarning: warn,
    }),
  };
  // A request may carry the upstream's own base path (see upstreamPath): it names the same operation.
  const paths = new PathResolver(spec.dereferenced, [
    new URL(options.upstream).pathname.replace(/\/+$/, ''),
    ...serverBasePaths(spec.dereferenced),
  ]);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const persError = error instanceof PersError ? error : fromFrameworkError(error);
    if (persError.code === 'INTERNAL_ERROR') request.log.error({ err: error }, 'proxy failed');
    return reply
      .code(persError.status)
      .headers(persError.extras.headers ?? {})
      .send(renderPersError(persError, correlationIdOf(request), clock()));
  });
  await registerCors(app, {
    corsOrigins: options.corsOrigins,
    host: options.host ?? '127.0.0.1',
    methods: FORWARDED_METHODS,
    exposedHeaders: [VIOLATIONS_HEADER, CORRELATION_HEADER],
  });
  // Bodies are not parsed: the handler decides whether to read one or stream it on.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  app.addHook('onClose', async () => upstream.close());

  app.route({
    method: FORWARDED_METHODS,
    url: '/*',
    exposeHeadRoute: false,
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const path = paths.resolve(pathOf(request.url));
      const operation = matchOperation(api, request.method, path);
      const requestBody = await readRequestBody(request, operation, inspectLimit);
      const sent = await upstream
        .send({
          method: request.method,
          url: request.url,
          headers: request.headers,
          body: requestBody.forward,
          clientAddress: request.ip,
        })
        .catch((error: unknown) => {
          if (error instanceof UpstreamError)
            throw new PersError(error.kind === 'timeout' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE', error.message);
          throw error;
        });
      const response = await readResponseBody(sent, request.method, operation, inspectLimit);
      const exchange: ProxyExchange = {
        operation,
        request: {
          method: request.method,
          path,
          query: queryOf(request.url),
          headers: request.headers,
          ...requestBody.inspected,
        },
        response: { status: sent.statusCode ?? 502, headers: sent.headers, ...response.inspected },
      };
      const violations = proxyChecks.flatMap((check) => check(context, exchange));
      const label = operationLabel(exchange);
      recorder.record(label, violations);
      for (const v of violations)
        request.log.warn(
          { operation: label, side: v.side, location: `${v.location}${v.path}` },
          `contract violation: ${v.message}`,
        );
      if (options.strict && violations.some((v) => v.side === 'response')) {
        if (!response.inspected.bodyInspected) sent.resume();
        throw contractViolation(label, exchange.response.status, violations);
      }
      reply
        .code(exchange.response.status)
        .headers(returnedHeaders(sent.headers))
        .header(VIOLATIONS_HEADER, violationsHeader(violations));
      return reply.send(response.forward);
    },
  });
  return app;
}

async function readRequestBody(request: FastifyRequest, operation: MatchedOperation | undefined, limit: number) {
  const stream = request.body as Readable | undefined;
  if (!stream) return { forward: undefined, inspected: { bodyInspected: true } };
  if (!operation || !isJsonType(String(request.headers['content-type'] ?? '')))
    return { forward: stream, inspected: { bodyInspected: false } };
  const read = await readUpTo(stream, limit);
  if (!read.complete) return { forward: read.rest, inspected: { bodyInspected: false } };
  const parsed = parseJson(read.buffer);
  // Unparsable JSON is handed to the validator as text, which reports it as such.
  return {
    forward: read.buffer,
    inspected: { bodyInspected: true, body: parsed.ok ? parsed.value : read.buffer.toString('utf8') },
  };
}

async function readResponseBody(
  response: IncomingMessage,
  method: string,
  operation: MatchedOperation | undefined,
  limit: number,
) {
  const status = response.statusCode ?? 502;
  const empty = method === 'HEAD' || status === 204 || status === 304 || response.headers['content-length'] === '0';
  if (empty) {
    response.resume();
    return { forward: undefined, inspected: { bodyInspected: true, hasBody: false } };
  }
  if (!operation || !isJsonType(String(response.headers['content-type'] ?? '')))
    return { forward: response, inspected: { bodyInspected: false, hasBody: true } };
  const read = await readUpTo(response, limit);
  if (!read.complete) return { forward: read.rest, inspected: { bodyInspected: false, hasBody: true } };
  if (read.buffer.length === 0) return { forward: read.buffer, inspected: { bodyInspected: true, hasBody: false } };
  const parsed = parseJson(read.buffer);
  const inspected = parsed.ok ? { body: parsed.value } : { bodyUnparsable: parsed.error };
  return { forward: read.buffer, inspected: { bodyInspected: true, hasBody: true, ...inspected } };
}

function parseJson(buffer: Buffer): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(buffer.toString('utf8')) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function matchOperation(api: OpenAPIBackend, method: string, path: string): MatchedOperation | undefined {
  const found = api.router.matchOperation({ method: method === 'HEAD' ? 'GET' : method, path, headers: {} });
  return found as unknown as MatchedOperation | undefined;
}

function contractViolation(label: string, status: number, violations: ProxyViolation[]): PersError {
  const count = violations.filter((v) => v.side === 'response').length;
  return new PersError(
    'UPSTREAM_CONTRACT_VIOLATION',
    `The upstream's ${status} response to ${label} breaks the contract in ${count} way(s)`,
    {
      details: { upstreamStatus: status, violations },
      headers: { [VIOLATIONS_HEADER]: violationsHeader(violations) },
    },
  );
}

function operationLabel({ operation, request }: ProxyExchange): string {
  if (!operation) return `${request.method} ${request.path} (undocumented)`;
  return `${operation.method.toUpperCase()} ${operation.path} (${operation.operationId})`;
}

function fromFrameworkError(error: FastifyError): PersError {
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
    return new PersError('BAD_REQUEST', error.message);
  return new PersError('INTERNAL_ERROR', 'The proxy failed to handle this request; see its log for details');
}

function correlationIdOf(request: FastifyRequest): string {
  const incoming = request.headers[CORRELATION_HEADER];
  return typeof incoming === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(incoming) ? incoming : request.id;
}

function pathOf(url: string): string {
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
}

function queryOf(url: string): string {
  const start = url.indexOf('?');
  return start === -1 ? '' : url.slice(start + 1);
}
