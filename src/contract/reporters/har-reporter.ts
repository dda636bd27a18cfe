import type { LoggedExchange } from '../exchange-log.js';

export interface HarOptions {
  /** Only the exchanges some check failed. */
  failuresOnly?: boolean;
  /** The version in `log.creator`. */
  version: string;
}

interface NameValue {
  name: string;
  value: string;
}

/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): what `--har FILE` writes, one entry
 * per exchange in the run's planned order, secrets redacted as in the curl reproductions. A
 * request that got no answer has status 0 and says why in `_error`, as browsers' HAR files do.
 */
export function renderHar(exchanges: LoggedExchange[], options: HarOptions): string {
  const entries = exchanges.filter((e) => !options.failuresOnly || e.failed).map(entryOf);
  const har = { log: { version: '1.2', creator: { name: 'pers-mock contract', version: options.version }, entries } };
  return `${JSON.stringify(har, null, 2)}\n`;
}

function entryOf(exchange: LoggedExchange) {
  const time = round(exchange.durationMs);
  return {
    startedDateTime: new Date(exchange.startedAt).toISOString(),
    time,
    request: requestOf(exchange),
    response: responseOf(exchange),
    cache: {},
    // fetch does not say how the time divides; all of it counts as waiting for the answer.
    timings: { send: 0, wait: time, receive: 0 },
    comment: exchange.comment,
    ...(exchange.transportError ? { _error: exchange.transportError.message } : {}),
  };
}

function requestOf({ request }: LoggedExchange) {
  const url = new URL(request.url);
  const contentType = request.headers['content-type'];
  return {
    method: request.method,
    url: request.url,
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: headersOf(request.headers),
    queryString: [...url.searchParams].map(([name, value]): NameValue => ({ name, value })),
    ...(request.body !== undefined
      ? { postData: { mimeType: contentType ?? 'application/octet-stream', text: request.body } }
      : {}),
    headersSize: -1,
    bodySize: request.body === undefined ? 0 : Buffer.byteLength(request.body),
  };
}

function responseOf({ response }: LoggedExchange) {
  if (!response) {
    return {
      status: 0,
      statusText: '',
      httpVersion: '',
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    };
  }
  const size = Buffer.byteLength(response.bodyText);
  return {
    status: response.status,
    statusText: '',
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: headersOf(response.headers),
    content: { size, mimeType: response.headers['content-type'] ?? 'x-unknown', text: response.bodyText },
    redirectURL: response.headers.location ?? '',
    headersSize: -1,
    bodySize: size,
  };
}

function headersOf(headers: Record<string, string>): NameValue[] {
  return Object.entries(headers).map(([name, value]) => ({ name, value }));
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
