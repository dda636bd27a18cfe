import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';

/** Headers that describe one connection, not the message: never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export class UpstreamError extends Error {
  constructor(
    readonly kind: 'unavailable' | 'timeout',
    message: string,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

export interface UpstreamRequest {
  method: string;
  /** Path and query as the client sent them; appended to the upstream's base path. */
  url: string;
  headers: IncomingHttpHeaders;
  /** A body read for inspection, or the client's stream passed through. */
  body?: Buffer | Readable;
  /** The client's address, for X-Forwarded-For. */
  clientAddress?: string;
}

/** Sends requests to one upstream over kept-alive connections. */
export class Upstream {
  private readonly agent: http.Agent;
  private readonly base: URL;

  constructor(
    url: string,
    private readonly timeoutMs: number,
  ) {
    this.base = new URL(url);
    const Agent = this.base.protocol === 'https:' ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, maxSockets: 256 });
  }

  get url(): string {
    return this.base.href;
  }

  /** The upstream's response, its body not yet read. Rejects with an UpstreamError when it cannot be had. */
  send(request: UpstreamRequest): Promise<IncomingMessage> {
    const transport = this.base.protocol === 'https:' ? https : http;
    const headers = forwardedHeaders(request.headers, this.base, request.clientAddress);
    if (Buffer.isBuffer(request.body)) headers['content-length'] = String(request.body.length);
    return new Promise((resolve, reject) => {
      const outgoing = transport.request(
        {
          protocol: this.base.protocol,
          hostname: this.base.hostname,
          port: this.base.port,
          method: request.method,
          path: upstreamPath(this.base.pathname, request.url),
          headers,
          agent: this.agent,
        },
        resolve,
      );
      outgoing.setTimeout(this.timeoutMs, () =>
        outgoing.destroy(
          new UpstreamError('timeout', `${this.base.origin} did not answer within ${this.timeoutMs} ms`),
        ),
      );
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        reject(
          error instanceof UpstreamError
            ? error
            : new UpstreamError('unavailable', `${this.base.origin} cannot be reached: ${error.code ?? error.message}`),
        );
      });
      if (request.body instanceof Readable) request.body.pipe(outgoing);
      else outgoing.end(request.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * The upstream's base path followed by the request's, unless the request already starts with that
 * base path: with `--upstream http://host/v2`, `/trigger-sources` and `/v2/trigger-sources` both go
 * to `/v2/trigger-sources` (a client configured with PERS's own base URL keeps working).
 */
export function upstreamPath(basePath: string, url: string): string {
  const base = basePath.replace(/\/+$/, '');
  if (base === '') return url;
  const rest = url.slice(base.length);
  if (url.startsWith(base) && (rest === '' || /^[/?#]/.test(rest))) return url;
  return `${base}${url}`;
}

/** The client's headers for the upstream: hop-by-hop ones dropped, Host the upstream's, X-Forwarded-* added. */
function forwardedHeaders(
  incoming: IncomingHttpHeaders,
  base: URL,
  clientAddress: string | undefined,
): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && name !== 'host') headers[name] = value;
  }
  headers.host = base.host;
  if (incoming.host) headers['x-forwarded-host'] = incoming.host;
  if (clientAddress)
    headers['x-forwarded-for'] = [incoming['x-forwarded-for'], clientAddress].filter(Boolean).join(', ');
  headers['x-forwarded-proto'] ??= 'http';
  return headers;
}

/** The upstream's headers for the client: hop-by-hop and CORS ones dropped (the proxy answers CORS itself). */
export function returnedHeaders(incoming: IncomingHttpHeaders): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !name.startsWith('access-control-')) headers[name] = value;
  }
  return headers;
}

/**
 * Reads a stream up to `limit` bytes. When it is longer, `rest` replays what was read and
 * streams the remainder, so the caller can still pass it on whole.
 */
export async function readUpTo(
  stream: Readable,
  limit: number,
): Promise<{ complete: true; buffer: Buffer } | { complete: false; rest: Readable }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const iterator: AsyncIterator<Buffer, unknown> = stream[Symbol.asyncIterator]();
  for (;;) {
    const { value, done } = await iterator.next();
    if (done) return { complete: true, buffer: Buffer.concat(chunks) };
    chunks.push(value);
    size += value.length;
    if (size > limit) {
      return {
        complete: false,
        rest: Readable.from(
          (async function* replay() {
            yield* chunks;
            for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
          })(),
        ),
      };
    }
  }
}
