import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockServer } from '../../../src/mock-server.js';
import type { TriggerSourceRepository } from '../../../src/store/trigger-source-repository.js';
import type { RunCredentials } from '../../../src/contract/credentials.js';
import { jsonText } from '../../../src/json-text.js';

export interface ProxiedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ProxiedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A fault planted in front of the real mock: rewrite the request, answer it instead of the
 * mock (or never: return 'hang'), or rewrite the mock's response.
 */
export interface Fault {
  request?: (request: ProxiedRequest) => ProxiedRequest | ProxiedResponse | 'hang';
  /** `forward` sends another request straight to the mock. */
  response?: (
    request: ProxiedRequest,
    response: ProxiedResponse,
    forward: Forward,
  ) => ProxiedResponse | Promise<ProxiedResponse>;
}

export type Forward = (request: ProxiedRequest) => Promise<ProxiedResponse>;

export interface FaultyMock {
  baseUrl: string;
  credentials: RunCredentials;
  store: TriggerSourceRepository;
  /** Every request the server received, with when it arrived (ms, performance.now()). */
  received: Array<ProxiedRequest & { at: number }>;
  close: () => Promise<void>;
}

/** The in-process mock behind a small HTTP server that applies `fault` (none: the mock as is). */
export async function startFaultyMock(fault: Fault = {}): Promise<FaultyMock> {
  const { app, store } = await createMockServer({ db: ':memory:', logLevel: 'silent' });
  await app.ready();
  const tenants = JSON.parse((await app.inject({ url: '/__mock/credentials' })).body).tenants;
  const received: FaultyMock['received'] = [];
  const forward: Forward = async (request) => {
    // The body may have been rewritten; let inject compute its length.
    const { 'content-length': _length, ...headers } = request.headers;
    const injected = await app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers,
      payload: request.body,
    });
    return { status: injected.statusCode, headers: flatten(injected.headers), body: injected.body };
  };

  const answer = async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    const original: ProxiedRequest = {
      method: incoming.method ?? 'GET',
      url: incoming.url ?? '/',
      headers: flatten(incoming.headers),
      body: await readBody(incoming),
    };
    received.push({ ...original, at: performance.now() });
    const rewritten = fault.request ? fault.request(original) : original;
    if (rewritten === 'hang') return;
    let response: ProxiedResponse;
    if ('status' in rewritten) {
      response = rewritten;
    } else {
      response = await forward(rewritten);
      if (fault.response) response = await fault.response(original, response, forward);
    }
    const {
      'content-length': _length,
      'transfer-encoding': _encoding,
      connection: _connection,
      ...headers
    } = response.headers;
    outgoing.writeHead(response.status, headers);
    outgoing.end(response.body);
  };
  const server: Server = createServer((incoming, outgoing) => void answer(incoming, outgoing));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    credentials: {
      primary: { projectKey: tenants[0].projectKey, jwt: tenants[0].jwt },
      second: { projectKey: tenants[1].projectKey, jwt: tenants[1].jwt },
    },
    store,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}

function flatten(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : jsonText(value);
  }
  return out;
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined;
}

/** Helpers for writing faults. */
export const on = {
  path: (request: ProxiedRequest) => new URL(request.url, 'http://x').pathname.replace(/^\/v2/, ''),
  query: (request: ProxiedRequest) => new URL(request.url, 'http://x').searchParams,
  isItem: (request: ProxiedRequest) => /^\/trigger-sources\/[^/]+$/.test(on.path(request)),
  isList: (request: ProxiedRequest) => on.path(request) === '/trigger-sources',
  withQuery: (request: ProxiedRequest, query: URLSearchParams): ProxiedRequest => {
    const url = new URL(request.url, 'http://x');
    const search = query.toString();
    return { ...request, url: `${url.pathname}${search ? `?${search}` : ''}` };
  },
  json: (response: ProxiedResponse) => JSON.parse(response.body) as unknown,
  withJson: (response: ProxiedResponse, value: unknown): ProxiedResponse => ({
    ...response,
    body: JSON.stringify(value),
  }),
};
