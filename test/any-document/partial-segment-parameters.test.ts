import { describe, expect, it } from 'vitest';
import { mockOnDocument } from '../helpers/document-mock.js';

/** GitHub's comparison of two refs: two parameters in one segment, three dots between them. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: compare, version: 1.0.0 }
paths:
  /compare/{base}...{head}:
    get:
      operationId: compareCommits
      parameters:
        - { name: base, in: path, required: true, schema: { type: string } }
        - { name: head, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: OK
          content: { application/json: { schema: { type: object, properties: { status: { type: string } } } } }
`;

const mock = mockOnDocument('partial-segment', DOCUMENT);

describe('parameters sharing a path segment with literal text', () => {
  it.each(['main...feature', 'release%201...fix%209', 'v1.2...v1.3'])('are read from %s', async (refs) => {
    const response = await mock.app.inject({ method: 'GET', url: `/compare/${refs}` });
    expect(response.statusCode).toBe(200);
  });

  it('leave a path without the literal text unrouted: a PERS 404, not a 500', async () => {
    const response = await mock.app.inject({ method: 'GET', url: '/compare/main..feature%209' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });
});
