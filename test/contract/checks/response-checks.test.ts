import { beforeAll, describe, expect, it } from 'vitest';
import { contentTypeConformance } from '../../../src/contract/checks/content-type-conformance.js';
import { maxResponseTime } from '../../../src/contract/checks/max-response-time.js';
import { notAServerError } from '../../../src/contract/checks/not-a-server-error.js';
import { responseHeadersConformance } from '../../../src/contract/checks/response-headers-conformance.js';
import { responseSchemaConformance } from '../../../src/contract/checks/response-schema-conformance.js';
import { statusCodeConformance } from '../../../src/contract/checks/status-code-conformance.js';
import type { CheckContext } from '../../../src/contract/types.js';
import { SpecIndex } from '../../../src/engine/operation-index.js';
import { checkContext, exchange, OP, persError, triggerSource } from '../helpers/exchanges.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = await checkContext({ maxResponseTimeMs: 100 });
});

const json = { 'content-type': 'application/json; charset=utf-8', 'x-correlation-id': 'abc' };

describe('not_a_server_error', () => {
  it.each([
    ['a 500', exchange({ status: 500, body: persError(500) }), 'the server answered 500'],
    ['a 503', exchange({ status: 503, body: '' }), 'the server answered 503'],
    [
      'no answer in time',
      exchange({ transportError: { kind: 'timeout', message: 'no complete response within 50 ms' } }),
      'the server did not answer',
    ],
  ])('fails on %s', (_label, ex, problem) => {
    expect(notAServerError.run(ctx, ex)).toEqual([expect.objectContaining({ check: 'not_a_server_error', problem })]);
  });

  it.each([[200], [404], [499]])('passes a %i', (status) => {
    expect(notAServerError.run(ctx, exchange({ status, body: [] }))).toEqual([]);
  });
});

describe('status_code_conformance', () => {
  it('fails on a status the operation does not document, naming the documented ones', () => {
    const [failure] = statusCodeConformance.run(
      ctx,
      exchange({ operationId: OP.delete, method: 'DELETE', status: 204 }),
    );
    expect(failure).toMatchObject({ check: 'status_code_conformance', operationId: OP.delete, actual: '204' });
    expect(failure.expected).toMatch(/^one of 200, 401, 403, 404\b/);
  });

  it('passes a documented status and leaves 5xx to not_a_server_error', () => {
    expect(statusCodeConformance.run(ctx, exchange({ status: 400, body: persError(400) }))).toEqual([]);
    expect(statusCodeConformance.run(ctx, exchange({ status: 502 }))).toEqual([]);
  });
});

describe('content_type_conformance', () => {
  it.each([
    ['text/plain', { ...json, 'content-type': 'text/plain' }, 'content type text/plain is not documented for 200'],
    ['no Content-Type', { 'x-correlation-id': 'a' }, 'the response has no Content-Type header'],
  ])('fails on %s', (_label, headers, problem) => {
    expect(contentTypeConformance.run(ctx, exchange({ headers, body: [] }))).toEqual([
      expect.objectContaining({ problem }),
    ]);
  });

  it('asks no Content-Type of a 204 or a 304, which HTTP gives no content, even where the document lists one', () => {
    const document = {
      openapi: '3.0.3',
      info: { title: 'empty bodies', version: '1' },
      paths: {
        '/batches/{id}': {
          delete: {
            operationId: 'deleteBatch',
            responses: {
              204: { description: 'done', content: { 'text/plain': { schema: { type: 'string', maxLength: 0 } } } },
              304: { description: 'same', content: { 'application/json': { schema: { type: 'object' } } } },
            },
          },
        },
      },
    };
    const emptyBodies = { ...ctx, spec: new SpecIndex(document as never) };
    for (const status of [204, 304]) {
      const answer = exchange({ operationId: 'deleteBatch', status, headers: { 'x-correlation-id': 'a' } });
      expect(contentTypeConformance.run(emptyBodies, answer)).toEqual([]);
    }
  });

  it('accepts parameters after the media type and says nothing about bodiless responses', () => {
    expect(
      contentTypeConformance.run(
        ctx,
        exchange({ headers: { ...json, 'content-type': 'Application/JSON;charset=UTF-8' }, body: [] }),
      ),
    ).toEqual([]);
    expect(
      contentTypeConformance.run(
        ctx,
        exchange({ operationId: OP.delete, status: 200, headers: { 'x-correlation-id': 'a' } }),
      ),
    ).toEqual([]);
  });
});

describe('response_schema_conformance', () => {
  it('fails on a field of the wrong type and names it', () => {
    const [failure] = responseSchemaConformance.run(
      ctx,
      exchange({ operationId: OP.get, body: triggerSource({ isActive: 'yes' }) }),
    );
    expect(failure.problem).toBe('the 200 body does not match its documented schema (/isActive must be boolean)');
  });

  it('checks error bodies against PersError too', () => {
    const { code: _code, ...withoutCode } = persError(404);
    const [failure] = responseSchemaConformance.run(
      ctx,
      exchange({ operationId: OP.get, status: 404, body: withoutCode }),
    );
    expect(failure.actual).toContain("must have required property 'code'");
  });

  it.each([
    ['a body that is not JSON', exchange({ operationId: OP.get, body: '{"type":' }), 'the body is not valid JSON'],
    [
      'a body where none is documented',
      exchange({ operationId: OP.delete, status: 200, body: { deleted: true } }),
      'no body is documented for 200, but one came back',
    ],
  ])('fails on %s', (_label, ex, problem) => {
    expect(responseSchemaConformance.run(ctx, ex)).toEqual([expect.objectContaining({ problem })]);
  });

  it('passes conforming bodies, including nullable fields and the documented date-time strings', () => {
    expect(
      responseSchemaConformance.run(
        ctx,
        exchange({ body: [triggerSource(), triggerSource({ description: 'x', businessId: 'b' })] }),
      ),
    ).toEqual([]);
    expect(responseSchemaConformance.run(ctx, exchange({ operationId: OP.delete, status: 200 }))).toEqual([]);
  });
});

describe('response_headers_conformance', () => {
  it('fails when the documented x-correlation-id is missing or empty', () => {
    expect(
      responseHeadersConformance.run(ctx, exchange({ headers: { 'content-type': 'application/json' }, body: [] })),
    ).toEqual([expect.objectContaining({ problem: 'the documented x-correlation-id header is missing' })]);
    expect(
      responseHeadersConformance.run(ctx, exchange({ headers: { ...json, 'x-correlation-id': '' }, body: [] })),
    ).toEqual([
      expect.objectContaining({ problem: 'the x-correlation-id header does not match its documented schema' }),
    ]);
  });

  it('passes when the header is there, on errors too', () => {
    expect(responseHeadersConformance.run(ctx, exchange({ status: 401, body: persError(401) }))).toEqual([]);
  });
});

describe('max_response_time', () => {
  it('fails a response slower than the limit and passes one within it', () => {
    expect(maxResponseTime.run(ctx, exchange({ durationMs: 150, body: [] }))).toEqual([
      expect.objectContaining({ expected: 'at most 100 ms', actual: '150 ms' }),
    ]);
    expect(maxResponseTime.run(ctx, exchange({ durationMs: 99, body: [] }))).toEqual([]);
  });

  it('is opt-in', () => {
    expect(maxResponseTime.optIn).toBe(true);
  });
});
