import { describe, expect, it } from 'vitest';
import { mockOnDocument } from '../helpers/document-mock.js';

/** Blockfrost's transaction evaluation: a required `Content-Type` header parameter, and one header that counts. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: ignored header parameters, version: 1.0.0 }
paths:
  /txs/evaluate:
    post:
      operationId: evaluateTx
      parameters:
        - { in: header, name: Content-Type, required: true, schema: { type: string, enum: [application/cbor] } }
        - { in: header, name: Accept, required: true, schema: { type: string, enum: [application/cbor] } }
        - { in: header, name: X-Request-Tag, required: true, schema: { type: string } }
      responses:
        '200': { description: OK }
`;

const mock = mockOnDocument('ignored-header-parameters', DOCUMENT);

describe('header parameters named Accept, Content-Type or Authorization', () => {
  it('are ignored, as OpenAPI 3 says: a request without them is accepted', async () => {
    const answer = await mock.app.inject({ method: 'POST', url: '/txs/evaluate', headers: { 'x-request-tag': 'a' } });
    expect(answer.statusCode).toBe(200);
  });

  it('leave the other documented headers required', async () => {
    const answer = await mock.app.inject({ method: 'POST', url: '/txs/evaluate' });
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toMatch(/x-request-tag/i);
  });
});
