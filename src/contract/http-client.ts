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
  response?: ReceivedResponse;
  transportError?: { kind: 'timeout' | 'connection'; code?: string; message: string };
  durationMs: number;
}

export interface HttpClientOptions {
  timeoutMs: number;
  /** Requests per second; unlimited when absent. */
  rate?: number;
  /** Aborting it stops the run between requests and cuts an in-flight one short. */
  signal?: AbortSignal;
}

/** Errors that mean nobody is listening at the address, as opposed to a server misbehaving. */
export const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

/** Sends one request at a time through Node's fetch, each with its own timeout. */
export class HttpClient {
  private readonly limiter: RateLimiter;

  constructor(private readonly options: HttpClientOptions) {
    this.limiter = new RateLimiter(options.rate);
  }

  /** `interruptible: false` lets cleanup finish after the run was interrupted. */
  async send(request: OutgoingRequest, { interruptible = true } = {}): Promise<HttpOutcome> {
    const runSignal = interruptible ? this.options.signal : undefined;
    if (runSignal?.aborted) throw new RunInterrupted();
    await this.limiter.wait();
    if (runSignal?.aborted) throw new RunInterrupted();
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = runSignal ? AbortSignal.any([timeout, runSignal]) : timeout;
    const started = performance.now();
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal,
      });
      const bodyText = await response.text();
      return { response: toReceived(response, bodyText), durationMs: performance.now() - started };
    } catch (error) {
      if (runSignal?.aborted) throw new RunInterrupted();
      const durationMs = performance.now() - started;
      if (timeout.aborted) {
        return {
          durationMs,
          transportError: { kind: 'timeout', message: `no complete response within ${this.options.timeoutMs} ms` },
        };
      }
      const code = errorCode(error);
      const detail = code ?? deepestMessage(error);
      return { durationMs, transportError: { kind: 'connection', code, message: `the connection failed (${detail})` } };
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
