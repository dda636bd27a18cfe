import { describe, expect, it } from 'vitest';
import { servedDocument } from './helpers/served-document.js';

/** As GitHub's issues: a `milestone` filter that takes a string, on items whose `milestone` is an object. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: Filters of another type, version: '1' }
paths:
  /issues:
    get:
      operationId: listIssues
      parameters:
        - { name: milestone, in: query, schema: { type: string } }
      responses:
        '200':
          description: OK
          content: { application/json: { schema: { type: array, items: { $ref: '#/components/schemas/Issue' } } } }
    post:
      operationId: createIssue
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: '#/components/schemas/Issue' } } }
      responses:
        '201': { description: OK, content: { application/json: { schema: { $ref: '#/components/schemas/Issue' } } } }
  /issues/{id}:
    get:
      operationId: getIssue
      parameters: [{ name: id, in: path, required: true, schema: { type: integer } }]
      responses:
        '200': { description: OK, content: { application/json: { schema: { $ref: '#/components/schemas/Issue' } } } }
        '404': { description: Not found }
components:
  schemas:
    Issue:
      type: object
      required: [title, milestone]
      properties:
        id: { type: integer, readOnly: true }
        title: { type: string }
        milestone: { type: object, required: [number], properties: { number: { type: integer } } }
`;

describe('the runner filtering a list by a field of another type than its parameter', () => {
  const served = servedDocument('filter-values', DOCUMENT);

  it('sends only values the parameter takes, so no filter is a request the document forbids', async () => {
    const result = await served.check();
    expect(result.failures).toEqual([]);
    expect(result.outcome).toBe('passed');
  });
});
