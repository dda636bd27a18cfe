import type { IncomingHttpHeaders } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';
import { isLoopbackHost } from './exposure.js';

/** Headers of the reference's answers that this server's reply sets itself. */
const OWN_HEADERS = new Set(['content-length', 'connection', 'keep-alive', 'transfer-encoding', 'date']);
/** Tells the reference which forwarded request an error belongs to. */
const FORWARD_ID_HEADER = 'x-pers-mock-forward-id';
/** A Host header that is a plain host name or address, with an optional port. */
const HOST_PATTERN = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

interface Reference {
  app: FastifyInstance;
  /** Errors the reference met, by forward id: thrown again here, so they get PERS error bodies. */
  errors: Map<string, Error>;
}

/**
 * The document at /openapi.json and /openapi.yaml (served by @fastify/swagger), and the API
 * reference (Swagger UI) at /docs.
 *
 * Loading and registering Swagger UI, @fastify/swagger and @fastify/static took some 50 ms of
 * every start, and nobody needs them before the first API call. So the reference is a Fastify
 * instance of its own, built on the first request for one of these; every such request is passed to
 * it with `inject` and its answer sent as this server's, so the correlation id, CORS headers, the
 * log line and the PERS bodies of a 404 or another error are those of any other route.
 *
 * The served document's first server is this server, so that Swagger UI's "Try it out" calls the
 * sandbox, not production.
 */
export function registerDocsRoutes(app: FastifyInstance, document: OpenAPIV3.Document): void {
  let reference: Promise<Reference> | undefined;
  let forwarded = 0;
  const withThisServer = (headers: IncomingHttpHeaders) => servingFrom(document, ownOrigin(app, headers.host));
  /** Answers with what the reference answers at `url` (by default, the same URL), optionally as another media type. */
  const forward = async (request: FastifyRequest, reply: FastifyReply, url = request.url, type?: string) => {
    reference ??= buildReference(document, withThisServer).catch((error: Error) => {
      reference = undefined;
      throw error;
    });
    const { app: docs, errors } = await reference;
    const id = String(++forwarded);
    // Always a GET: for a HEAD, Fastify's own HEAD route of this one drops the body.
    const answer = await docs.inject({ method: 'GET', url, headers: { ...request.headers, [FORWARD_ID_HEADER]: id } });
    const error = errors.get(id);
    errors.delete(id);
    if (error) throw error;
    if (answer.statusCode === 404) return reply.callNotFound();
    const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !OWN_HEADERS.has(name)));
    if (type) headers['content-type'] = type;
    // An empty Buffer would be sent as application/octet-stream; a redirect has no type.
    return reply
      .code(answer.statusCode)
      .headers(headers)
      .send(answer.rawPayload.length > 0 ? answer.rawPayload : undefined);
  };
  // The document itself, as @fastify/swagger serves it to Swagger UI.
  app.get('/openapi.json', (request, reply) => forward(request, reply, '/docs/json'));
  app.get('/openapi.yaml', (request, reply) => forward(request, reply, '/docs/yaml', 'application/yaml'));
  app.get('/docs', (request, reply) => forward(request, reply));
  app.get('/docs/*', (request, reply) => forward(request, reply));
  app.addHook('onClose', async () => {
    await reference?.then(
      (built) => built.app.close(),
      () => undefined,
    );
  });
}

/**
 * `GET /` points at what a person opening the server's URL in a browser is looking for, unless
 * the document has an operation there.
 */
export function registerIndexRoute(app: FastifyInstance, document: OpenAPIV3.Document, credentials: boolean): void {
  if (document.paths?.['/']) return;
  app.get('/', async () => ({
    name: 'pers-mock',
    message:
      'This is pers-mock. Its API is served at the root and under /v2; the API reference (try requests there) is ' +
      'at /docs, the OpenAPI document at /openapi.json' +
      (credentials ? ', dev credentials at /__mock/credentials.' : '.'),
    docs: '/docs',
    openapi: '/openapi.json',
    ...(credentials ? { credentials: '/__mock/credentials' } : {}),
    health: '/__mock/health',
  }));
}

/**
 * The origin a client reached this server at: its Host header when that is a plain host and
 * port, else the address the server listens on.
 */
function ownOrigin(app: FastifyInstance, host: string | undefined): string {
  if (host !== undefined && HOST_PATTERN.test(host)) return `http://${host}`;
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) return 'http://127.0.0.1';
  const name = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${name}:${address.port}`;
}

/**
 * The document with this server first among its servers. Loopback entries of the document (the
 * bundled one names 127.0.0.1:4010) are dropped: this server stands for them, on its real port.
 */
function servingFrom(document: OpenAPIV3.Document, origin: string): OpenAPIV3.Document {
  const others = (document.servers ?? []).filter((server) => !isLoopbackUrl(server.url));
  return { ...document, servers: [{ url: origin, description: 'this pers-mock server' }, ...others] };
}

function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

async function buildReference(
  document: OpenAPIV3.Document,
  withThisServer: (headers: IncomingHttpHeaders) => OpenAPIV3.Document,
): Promise<Reference> {
  const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([
    import('@fastify/swagger'),
    import('@fastify/swagger-ui'),
  ]);
  const docs = Fastify({ logger: false });
  const errors = new Map<string, Error>();
  docs.setErrorHandler((error: Error, request, reply) => {
    errors.set(String(request.headers[FORWARD_ID_HEADER]), error);
    return reply.code(500).send();
  });
  await docs.register(swagger, { mode: 'static', specification: { document } });
  await docs.register(swaggerUi, {
    routePrefix: '/docs',
    // A new object per request (see servingFrom): nothing to clone.
    transformSpecificationClone: false,
    transformSpecification: (_document, request) => withThisServer(request.headers),
  });
  await docs.ready();
  return { app: docs, errors };
}
