import { describe, expect, it } from 'vitest';
import { mockOnDocument } from '../helpers/document-mock.js';

/** oas-examples' request-examples: required bodies documented by examples alone, in JSON and in text. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: required bodies, version: 1.0.0 }
paths:
  /pets:
    post:
      operationId: createPet
      requestBody:
        required: true
        content:
          text/plain:
            examples: { ok: { value: OK } }
          application/json:
            examples: { cat: { value: { name: Fluffy, petType: Cat } } }
      responses:
        '200': { description: OK }
  /notes:
    post:
      operationId: createNote
      requestBody:
        required: true
        content:
          text/plain:
            schema: { type: string }
      responses:
        '200': { description: OK }
  /memos:
    post:
      operationId: createMemo
      requestBody:
        content:
          application/json:
            examples: { memo: { value: { text: hello } } }
      responses:
        '200': { description: OK }
`;

const mock = mockOnDocument('required-bodies', DOCUMENT);

const post = (url: string, payload?: string, type?: string) =>
  mock.app.inject({ method: 'POST', url, headers: type ? { 'content-type': type } : {}, payload });

describe('a required body documented without a JSON schema', () => {
  it.each([
    ['JSON with examples only', '/pets'],
    ['text only', '/notes'],
  ])('is refused when left out (%s)', async (_kind, url) => {
    const response = await post(url);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(response.body).toMatch(/request body is required/);
  });

  it.each([
    ['JSON', '/pets', '{"name": "Buster"}', 'application/json'],
    ['text', '/pets', 'OK', 'text/plain'],
    ['text', '/notes', 'hello', 'text/plain'],
  ])('is accepted when sent as %s (%s)', async (_kind, url, payload, type) => {
    expect((await post(url, payload, type)).statusCode).toBe(200);
  });

  it('leaves an optional body optional', async () => {
    expect((await post('/memos')).statusCode).toBe(200);
  });
});
