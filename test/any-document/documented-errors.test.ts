import { describe, expect, it } from 'vitest';
import { mockOnDocument } from '../helpers/document-mock.js';

/**
 * Errors documented as GitHub, Decentraland's catalyst and Redo document them (the last only as
 * `application/problem+json`), a body type with a parameter, and errors documented in types that
 * are not JSON (oas-examples' request-examples documents its 400 as `application/xml` only).
 */
const DOCUMENT = `
openapi: 3.0.3
info: { title: documented errors, version: 1.0.0 }
paths:
  /repos:
    post:
      operationId: createRepo
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, required: [name], properties: { name: { type: string } } }
      responses:
        '201': { description: Created }
        '422':
          description: Validation failed
          content:
            application/json:
              schema:
                type: object
                required: [message, documentation_url]
                properties:
                  message: { type: string }
                  documentation_url: { type: string }
  /profiles:
    post:
      operationId: postProfiles
      requestBody:
        required: true
        content:
          application/json; charset=utf-8:
            schema: { type: object, required: [ids], properties: { ids: { type: array, items: { type: string } } } }
      responses:
        '200': { description: OK }
        '400':
          description: Bad request
          content:
            application/json; charset=utf-8:
              schema: { type: string }
              example: You must send ids
  /returns:
    post:
      operationId: createReturn
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, required: [order], properties: { order: { type: string } } }
      responses:
        '201': { description: Created }
        default:
          description: Error
          content:
            application/problem+json:
              schema: { type: object, properties: { title: { type: string }, detail: { type: string } } }
  /notes:
    post:
      operationId: createNote
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, properties: { id: { type: number } } }
      responses:
        '200': { description: OK }
        '400':
          description: Validation failed
          content:
            application/xml:
              examples:
                response: { value: '<note><body>Invalid note!</body></note>' }
  /memos:
    post:
      operationId: createMemo
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, properties: { id: { type: number } } }
      responses:
        '200': { description: OK }
        '400':
          description: Validation failed
          content:
            text/plain:
              schema: { type: string }
`;

const mock = mockOnDocument('documented-errors', DOCUMENT);

const post = (url: string, payload: string, type = 'application/json') =>
  mock.app.inject({ method: 'POST', url, headers: { 'content-type': type }, payload });

describe('an error answers in the status and shape its operation documents', () => {
  it('broken JSON, refused before routing, is the documented 422 in the documented shape, keeping the explanation', async () => {
    const response = await post('/repos', '{"name": ');
    expect(response.statusCode).toBe(422);
    const body = response.json<Record<string, unknown>>();
    expect(body).toEqual(
      expect.objectContaining({
        message: expect.stringContaining('not valid JSON'),
        documentation_url: expect.any(String),
      }),
    );
  });

  it('an invalid body is the documented 422 too, with the PERS fields the schema allows', async () => {
    const response = await post('/repos', '{}');
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', documentation_url: expect.any(String) });
  });

  it('a body documented as application/json; charset=utf-8 is validated, and its string error goes out as JSON', async () => {
    const response = await post('/profiles', '{"ids": null}', 'application/json; charset=utf-8');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toBe('You must send ids');
    expect((await post('/profiles', '{"ids": ["0xab"]}', 'application/json; charset=utf-8')).statusCode).toBe(200);
  });

  it('an error documented only as application/problem+json goes out as that type, with the PERS body it allows', async () => {
    const response = await post('/returns', '{}');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json(;|$)/);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', title: expect.any(String) });
  });

  it('an error documented only as application/xml goes out as that type, as its documented example', async () => {
    const response = await post('/notes', '{"id": "one"}');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/xml(;|$)/);
    expect(response.body).toBe('<note><body>Invalid note!</body></note>');
  });

  it('an error documented only as text without an example goes out as text, with the explanation', async () => {
    const response = await post('/memos', '{"id": "one"}');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^text\/plain(;|$)/);
    expect(response.body).toMatch(/id/);
  });
});
