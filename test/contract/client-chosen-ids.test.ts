import { describe, expect, it } from 'vitest';
import { servedDocument } from './helpers/served-document.js';

/** A create whose body names the new resource's id, with an enum property, and no 409 documented. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: Client-chosen ids, version: '1' }
paths:
  /users:
    get:
      operationId: listUsers
      responses:
        '200':
          description: OK
          content: { application/json: { schema: { type: array, items: { $ref: '#/components/schemas/User' } } } }
    post:
      operationId: createUser
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: '#/components/schemas/User' } } }
      responses:
        '200': { description: OK, content: { application/json: { schema: { $ref: '#/components/schemas/User' } } } }
  /users/{id}:
    get:
      operationId: getUser
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200': { description: OK, content: { application/json: { schema: { $ref: '#/components/schemas/User' } } } }
        '404': { description: Not found }
components:
  schemas:
    User:
      type: object
      required: [id, status]
      properties:
        id: { type: string, minLength: 8 }
        status: { type: string, enum: [active, invited, suspended, archived] }
`;

describe('the runner on a create whose body chooses the id', () => {
  const served = servedDocument('client-ids', DOCUMENT);

  it('gives every body it creates with an id of its own, so none is a conflict', async () => {
    const result = await served.check();
    expect(result.failures).toEqual([]);
    expect(result.outcome).toBe('passed');
  });
});
