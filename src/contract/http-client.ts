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

/** Sends requests through Node's fetch, up to `workers` at once, each with its own timeout. */
export class HttpClient {
  private readonly limiter: RateLimiter;
  private readonly slots: Slots;

  constructor(private readonly options: HttpClientOptions) {
    this.limiter = new RateLimiter(options.rate);
    this.slots = new Slots(options.workers ?? 1);
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
      return await this.fetch(request, SAFE_METHODS.has(request.method) ? runSignal : undefined);
    } finally {
      release();
    }
  }

  private async fetch(request: OutgoingRequest, runSignal: AbortSignal | undefined): Promise<HttpOutcome> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = runSignal ? AbortSignal.any([timeout, runSignal]) : timeout;
    const started = performance.now();
    const startedAt = Date.now();
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal,
      });
      const bodyText = await response.text();
      return { startedAt, response: toReceived(response, bodyText), durationMs: performance.now() - started };
    } catch (error) {
      if (runSignal?.aborted) throw new RunInterrupted();
      const durationMs = performance.now() - started;
      if (timeout.aborted) {
        return {
          startedAt,
          durationMs,
          transportError: { kind: 'timeout', message: `no complete response within ${this.options.timeoutMs} ms` },
        };
      }
      const code = errorCode(error);
      const detail = code ?? deepestMessage(error);
      return {
        startedAt,
        durationMs,
        transportError: { kind: 'connection', code, message: `the connection failed (${detail})` },
      };
    }
  }
}

function toReceived(response: Response, bodyText: string): ReceivedResponse {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return { status: response.status, headers, bodyText, json: parseJson(bodyText) };
}

function parseJson(text: string): { value: unknown } | undefined {
  if (text.trim() === '') return undefined;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** undici wraps the socket error: `fetch failed` with a cause that carries the code. */
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

/** `fetch failed` says nothing; its innermost cause says why (e.g. `bad port`). */
function deepestMessage(error: unknown): string {
  let current = error as { message?: string; cause?: unknown } | undefined;
  while (current?.cause && typeof current.cause === 'object') current = current.cause;
  return current?.message ?? String(error);
}
