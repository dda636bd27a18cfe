import http from 'node:http';
import https from 'node:https';
import { Slots, type Priority } from './concurrency.js';
import { RunInterrupted } from './errors.js';
import { RateLimiter } from './rate-limiter.js';
import type { ReceivedResponse } from './types.js';

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpOutcome {
  /** Epoch ms when the request went out (after waiting for a worker and for --rate). */
  startedAt: number;
  response?: ReceivedResponse;
  transportError?: { kind: 'timeout' | 'connection'; code?: string; message: string };
  durationMs: number;
}

export interface HttpClientOptions {
  timeoutMs: number;
  /** Requests per second, all workers together; unlimited when absent. */
  rate?: number;
  /** Requests in flight at once (default 1). */
  workers?: number;
  /**
   * Aborting it stops the run: no request starts after it, and reads in flight are cut short.
   * Writes in flight are waited for, since their answer says what was created (and so what
   * cleanup must delete).
   */
  signal?: AbortSignal;
}

/** The methods that change nothing: a --read-only run sends only these, and an interrupt may cut them short. */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Errors that mean nobody is listening at the address, as opposed to a server misbehaving. */
export const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

/**
 * Sends requests with node:http(s) over kept-alive connections, up to `workers` at once, each
 * with its own timeout. Not fetch: a run sends tens of thousands of requests, and fetch's streams
 * and its abort signal per request cost the runner more CPU than everything it checks.
 */
export class HttpClient {
  private readonly limiter: RateLimiter;
  private readonly slots: Slots;
  private readonly agents: { http: http.Agent; https: https.Agent };

  constructor(private readonly options: HttpClientOptions) {
    this.limiter = new RateLimiter(options.rate);
    this.slots = new Slots(options.workers ?? 1);
    this.agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  }

  /**
   * `interruptible: false` lets cleanup finish after the run was interrupted; `priority` says who
   * goes first among the requests waiting for a worker.
   */
  async send(
    request: OutgoingRequest,
    { interruptible = true, priority = 1 }: { interruptible?: boolean; priority?: Priority } = {},
  ): Promise<HttpOutcome> {
    const runSignal = interruptible ? this.options.signal : undefined;
    if (runSignal?.aborted) throw new RunInterrupted();
    const release = await this.slots.acquire(priority);
    try {
      await this.limiter.wait();
      if (runSignal?.aborted) throw new RunInterrupted();
      const startedAt = Date.now();
      const started = performance.now();
      const sent = await this.exchange(request, SAFE_METHODS.has(request.method) ? runSignal : undefined);
      const durationMs = performance.now() - started;
      if ('interrupted' in sent) throw new RunInterrupted();
      return { startedAt, durationMs, ...sent };
    } finally {
      release();
    }
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private exchange(
    request: OutgoingRequest,
    runSignal: AbortSignal | undefined,
  ): Promise<Pick<HttpOutcome, 'response' | 'transportError'> | { interrupted: true }> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: Pick<HttpOutcome, 'response' | 'transportError'> | { interrupted: true }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        runSignal?.removeEventListener('abort', interrupt);
        resolve(outcome);
      };
      let outgoing: http.ClientRequest;
      try {
        const url = new URL(request.url);
        const secure = url.protocol === 'https:';
        // A length, not chunks, as fetch sends a string body.
        const headers =
          request.body === undefined
            ? request.headers
            : { 'content-length': String(Buffer.byteLength(request.body)), ...request.headers };
        const agent = secure ? this.agents.https : this.agents.http;
        outgoing = (secure ? https : http).request(url, { method: request.method, headers, agent }, (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () => settle({ response: toReceived(incoming, Buffer.concat(chunks)) }));
          incoming.on('error', (error) => settle({ transportError: connectionError(error) }));
        });
      } catch (error) {
        // A URL or a header value that cannot be sent (e.g. a control character in it).
        resolve({ transportError: connectionError(error) });
        return;
      }
      const timer = setTimeout(() => {
        settle({
          transportError: { kind: 'timeout', message: `no complete response within ${this.options.timeoutMs} ms` },
        });
        outgoing.destroy();
      }, this.options.timeoutMs);
      const interrupt = () => {
        settle({ interrupted: true });
        outgoing.destroy();
      };
      runSignal?.addEventListener('abort', interrupt, { once: true });
      outgoing.on('error', (error) => settle({ transportError: connectionError(error) }));
      outgoing.end(request.body);
    });
  }
}

function connectionError(error: unknown): NonNullable<HttpOutcome['transportError']> {
  const code = errorCode(error);
  const detail = code ?? deepestMessage(error);
  return { kind: 'connection', code, message: `the connection failed (${detail})` };
}

/** Repeated headers joined with ", " (as fetch joins them); the body decoded as UTF-8, as fetch's text() does. */
function toReceived(incoming: http.IncomingMessage, body: Buffer): ReceivedResponse {
  const headers: Record<string, string> = {};
  const raw = incoming.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    headers[name] = headers[name] === undefined ? raw[i + 1] : `${headers[name]}, ${raw[i + 1]}`;
  }
  const text = body.toString('utf8');
  const bodyText = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return { status: incoming.statusCode ?? 0, headers, bodyText, json: parseJson(bodyText) };
}

function parseJson(text: string): { value: unknown } | undefined {
  if (text.trim() === '') return undefined;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** The code of a socket error, looked for down the chain of causes. */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  let fallback: string | undefined;
  for (let depth = 0; depth < 5 && current; depth++) {
    const candidate = current as { code?: unknown; errors?: unknown[]; cause?: unknown };
    if (typeof candidate.code === 'string') {
      if (!candidate.code.startsWith('UND_ERR_')) return candidate.code;
      fallback ??= candidate.code;
    }
    current = Array.isArray(candidate.errors) && candidate.errors.length > 0 ? candidate.errors[0] : candidate.cause;
  }
  return fallback;
}

/** The innermost cause's message says why (e.g. `bad port`). */
function deepestMessage(error: unknown): string {
  let current = error as { message?: string; cause?: unknown } | undefined;
  while (current?.cause && typeof current.cause === 'object') current = current.cause;
  return current?.message ?? String(error);
}
