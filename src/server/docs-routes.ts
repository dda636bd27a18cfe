import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';

/** Headers of the reference's answers that this server's reply sets itself. */
const OWN_HEADERS = new Set(['content-length', 'connection', 'keep-alive', 'transfer-encoding', 'date']);
/** Tells the reference which forwarded request an error belongs to. */
const FORWARD_ID_HEADER = 'x-pers-mock-forward-id';

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
 */
export function registerDocsRoutes(app: FastifyInstance, document: OpenAPIV3.Document): void {
  let reference: Promise<Reference> | undefined;
  let forwarded = 0;
  /** Answers with what the reference answers at `url` (by default, the same URL), optionally as another media type. */
  const forward = async (request: FastifyRequest, reply: FastifyReply, url = request.url, type?: string) => {
    reference ??= buildReference(document).catch((error: Error) => {
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

async function buildReference(document: OpenAPIV3.Document): Promise<Reference> {
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
  await docs.register(swaggerUi, { routePrefix: '/docs' });
  await docs.ready();
  return { app: docs, errors };
}
