import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContract } from '../../src/contract/runner.js';
import { createMockServer, type MockServer } from '../../src/mock-server.js';
import { tempDir } from './helpers/temp-dirs.js';

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
  let mock: MockServer;
  let baseUrl: string;
  let spec: string;
  beforeAll(async () => {
    spec = join(await tempDir('filter-values'), 'openapi.yaml');
    await writeFile(spec, DOCUMENT);
    mock = await createMockServer({ spec, db: ':memory:', records: 0, logLevel: 'silent' });
    baseUrl = await mock.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => mock.close());

  it('sends only values the parameter takes, so no filter is a request the document forbids', async () => {
    const result = await runContract({ baseUrl, specFile: spec, credentials: { primary: {} }, seed: 1 });
    expect(result.failures).toEqual([]);
    expect(result.outcome).toBe('passed');
  });
});
