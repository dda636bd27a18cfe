import { describe, expect, it } from 'vitest';
import { mockOnDocument } from '../helpers/document-mock.js';

/** authentik's path templates, which end in `/`. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: trailing slashes, version: 1.0.0 }
paths:
  /admin/apps/:
    get:
      operationId: listApps
      responses:
        '200':
          description: OK
          content: { application/json: { schema: { type: array, items: { type: string } } } }
  /core/users/{id}/:
    get:
      operationId: getUser
      parameters:
        - { in: path, name: id, required: true, schema: { type: integer } }
      responses:
        '200':
          description: OK
          content: { application/json: { schema: { type: object, properties: { id: { type: integer } } } } }
`;

const mock = mockOnDocument('trailing-slash-templates', DOCUMENT);

describe('a path template ending in /', () => {
  it.each(['/admin/apps/', '/admin/apps'])('answers %s', async (url) => {
    const answer = await mock.app.inject({ method: 'GET', url });
    expect(answer.statusCode).toBe(200);
    expect(Array.isArray(answer.json())).toBe(true);
  });

  it('reads its path parameters', async () => {
    expect((await mock.app.inject({ method: 'GET', url: '/core/users/7/' })).statusCode).toBe(200);
    expect((await mock.app.inject({ method: 'GET', url: '/core/users/seven/' })).statusCode).toBe(400);
  });
});
