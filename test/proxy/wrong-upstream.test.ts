import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { violationsHeader } from '../../src/proxy/violations-header.js';
import { parseViolations, startProxy, type TestProxy } from './proxy-helpers.js';

const VALID = {
  type: 'QR_CODE',
  name: 'Fine',
  description: null,
  metadata: {},
  businessId: null,
  id: 'a',
  isActive: true,
  analytics: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

/** An upstream that breaks the contract in a different way on each route (PUT is the control). */
async function brokenUpstream(): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  app.get('/trigger-sources', async (request) =>
    'many' in (request.query as object)
      ? Array.from({ length: 60 }, () => ({ wrong: true }))
      : [{ ...VALID, id: undefined, isActive: 'yes' }],
  );
  app.get('/trigger-sources/:id', async (request, reply) => {
    if ((request.params as { id: string }).id === 'slow') return new Promise(() => undefined);
    return reply.code(418).send({ teapot: true });
  });
  app.post('/trigger-sources', async (_request, reply) => reply.code(201).type('text/plain').send('created'));
  app.put('/trigger-sources/:id', async () => VALID);
  app.delete('/trigger-sources/:id', async () => ({ deleted: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

let upstream: { app: FastifyInstance; url: string };
let proxy: TestProxy;
let strict: TestProxy;
beforeAll(async () => {
  upstream = await brokenUpstream();
  proxy = await startProxy({ upstream: upstream.url, timeoutMs: 300 });
  strict = await startProxy({ upstream: upstream.url, strict: true });
});
afterAll(async () => {
  await Promise.all([proxy.close(), strict.close()]);
  await upstream.app.close();
});

const auth = { 'x-project-key': 'pk', authorization: 'Bearer x.y.z' };
const headers = { ...auth, 'content-type': 'application/json' };
const body = JSON.stringify({ type: 'QR_CODE', name: 'n' });

describe('pers-mock proxy in front of an upstream that breaks the contract', () => {
  it.each([
    [
      'GET',
      '/trigger-sources',
      200,
      [
        { at: 'response.body/0/id', message: "must have required property 'id'" },
        { at: 'response.body/0/isActive', message: 'must be boolean' },
      ],
    ],
    [
      'GET',
      '/trigger-sources/x',
      418,
      [{ at: 'response.status', message: 'status 418 is not documented (documented: 200, 401, 404, 500, 503)' }],
    ],
    [
      'POST',
      '/trigger-sources',
      201,
      [
        {
          at: 'response.content-type',
          message: "content type 'text/plain' is not documented for status 201 (documented: application/json)",
        },
      ],
    ],
    [
      'DELETE',
      '/trigger-sources/x',
      200,
      [{ at: 'response.body', message: 'status 200 documents no body, but one was sent' }],
    ],
    ['PUT', '/trigger-sources/x', 200, []],
  ])(
    '%s %s: passes the %s on and lists each violation in x-pers-mock-violations',
    async (method, path, status, expected) => {
      const withBody = method === 'POST' || method === 'PUT';
      const response = await fetch(`${proxy.url}${path}`, {
        method,
        headers: withBody ? headers : auth,
        body: withBody ? body : undefined,
      });
      expect(response.status).toBe(status);
      const { count, entries } = parseViolations(response.headers.get('x-pers-mock-violations'));
      expect(entries).toEqual(expected);
      expect(count).toBe(expected.length);
    },
  );

  it('keeps the header within 1 KiB, counting what does not fit', async () => {
    const response = await fetch(`${proxy.url}/trigger-sources?many=1`, { headers });
    const header = response.headers.get('x-pers-mock-violations')!;
    expect(header.length).toBeLessThanOrEqual(1024);
    const { count, entries } = parseViolations(header);
    expect(count).toBeGreaterThan(60);
    expect(entries.at(-1)).toEqual({ more: count - (entries.length - 1) });
  });

  it('with --strict, answers a violating response with a PERS 502 listing the violations, and passes a conforming one', async () => {
    const response = await fetch(`${strict.url}/trigger-sources`, { headers });
    expect(response.status).toBe(502);
    const error = (await response.json()) as {
      code: string;
      category: string;
      details: { upstreamStatus: number; violations: unknown[] };
    };
    expect(error).toMatchObject({
      status: 502,
      code: 'UPSTREAM_CONTRACT_VIOLATION',
      category: 'TECHNICAL',
      retryable: false,
      details: { upstreamStatus: 200 },
    });
    expect(error.details.violations).toEqual([
      { side: 'response', location: 'body', path: '/0/id', message: "must have required property 'id'" },
      { side: 'response', location: 'body', path: '/0/isActive', message: 'must be boolean' },
    ]);
    expect(parseViolations(response.headers.get('x-pers-mock-violations')).count).toBe(2);
    const teapot = await fetch(`${strict.url}/trigger-sources/x`, { headers });
    expect(teapot.status).toBe(502);
    expect((await fetch(`${strict.url}/trigger-sources/x`, { method: 'PUT', headers, body })).status).toBe(200);
  });

  it('answers a PERS 504 UPSTREAM_TIMEOUT when the upstream stays silent past --timeout', async () => {
    const response = await fetch(`${proxy.url}/trigger-sources/slow`, { headers });
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ status: 504, code: 'UPSTREAM_TIMEOUT', retryable: true });
  });

  it('answers a PERS 502 UPSTREAM_UNAVAILABLE when the upstream cannot be reached', async () => {
    const closed = Fastify();
    await closed.listen({ port: 0, host: '127.0.0.1' });
    const port = (closed.server.address() as { port: number }).port;
    await closed.close();
    const nowhere = await startProxy({ upstream: `http://127.0.0.1:${port}` });
    try {
      const response = await fetch(`${nowhere.url}/trigger-sources`, { headers });
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({
        status: 502,
        code: 'UPSTREAM_UNAVAILABLE',
        category: 'TECHNICAL',
        retryable: true,
        detail: expect.stringContaining('ECONNREFUSED'),
      });
    } finally {
      await nowhere.close();
    }
  });

  it('records every violating exchange by operation for the summary', () => {
    const report = proxy.recorder.report();
    expect(report.violating).toBeGreaterThanOrEqual(5);
    expect(report.operations[0].violating).toBeGreaterThan(0);
    expect(report.operations.find((o) => o.operation.startsWith('PUT'))).toMatchObject({ violating: 0 });
  });
});

describe('violationsHeader', () => {
  it('is 0 for a conforming exchange and escapes anything that is not ASCII', () => {
    expect(violationsHeader([])).toBe('0');
    expect(violationsHeader([{ side: 'response', location: 'body', path: '/name', message: 'must be “short”' }])).toBe(
      '1 [{"at":"response.body/name","message":"must be \\u201cshort\\u201d"}]',
    );
  });
});
