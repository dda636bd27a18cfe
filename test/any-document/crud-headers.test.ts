import { describe, expect, it } from 'vitest';
import { mockOnDocument } from '../helpers/document-mock.js';

/** readme-legacy's API specifications: a CRUD collection whose list documents headers and no body. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: CRUD headers, version: 1.0.0 }
paths:
  /specs:
    get:
      operationId: listSpecs
      responses:
        '200':
          description: OK
          headers:
            Link: { schema: { type: string } }
            x-total-count: { schema: { type: string } }
    post:
      operationId: createSpec
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, properties: { id: { type: string }, title: { type: string } } }
      responses:
        '201':
          description: Created
          headers:
            Location: { schema: { type: string } }
          content:
            application/json:
              schema: { type: object, properties: { id: { type: string }, title: { type: string } } }
  /specs/{id}:
    get:
      operationId: getSpec
      parameters: [{ in: path, name: id, required: true, schema: { type: string } }]
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: { type: object, properties: { id: { type: string }, title: { type: string } } }
`;

const mock = mockOnDocument('crud-headers', DOCUMENT);

describe('a CRUD collection answers with the headers its responses document', () => {
  it('a create sends its documented Location with the stored resource', async () => {
    const created = await mock.app.inject({ method: 'POST', url: '/specs', payload: { id: 'a', title: 'A' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ id: 'a', title: 'A' });
    expect(created.headers.location).toEqual(expect.any(String));
  });

  it('a list documented with headers and no body sends the headers', async () => {
    const listed = await mock.app.inject({ method: 'GET', url: '/specs' });
    expect(listed.statusCode).toBe(200);
    expect(listed.headers).toMatchObject({ link: expect.any(String), 'x-total-count': expect.any(String) });
    expect(listed.body).toBe('');
  });
});
