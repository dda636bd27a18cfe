import { describe, expect, it } from 'vitest';
import { servedDocument } from './helpers/served-document.js';

const OBJECT =
  '{ type: object, required: [name], properties: { id: { type: string, readOnly: true }, name: { type: string } } }';
const PROVIDER = `{ type: object, required: [id], properties: { id: { type: string, enum: [github, google] } } }`;
const answers = (schema: string) =>
  `{ '200': { description: OK, content: { application/json: { schema: ${schema} } } } }`;

/**
 * Users that can be created and deleted but never read or listed, and providers named by a fixed
 * set of ids: nothing after a delete tells whether either still exists.
 */
const DOCUMENT = `
openapi: 3.0.3
info: { title: Deletes, version: '1' }
paths:
  /users:
    post:
      operationId: createUser
      requestBody: { required: true, content: { application/json: { schema: ${OBJECT} } } }
      responses: ${answers(OBJECT)}
  /users/{userId}:
    delete:
      operationId: deleteUser
      parameters: [{ name: userId, in: path, required: true, schema: { type: string } }]
      responses: { '204': { description: deleted } }
  /providers:
    get:
      operationId: listProviders
      responses: ${answers(`{ type: array, items: ${PROVIDER} }`)}
    post:
      operationId: addProvider
      requestBody: { required: true, content: { application/json: { schema: ${PROVIDER} } } }
      responses: ${answers(PROVIDER)}
  /providers/{providerId}:
    delete:
      operationId: removeProvider
      parameters: [{ name: providerId, in: path, required: true, schema: { type: string, enum: [github, google] } }]
      responses: { '204': { description: removed } }
`;

describe('use_after_free where nothing after a delete shows the resource', () => {
  const served = servedDocument('after-delete', DOCUMENT);

  it('is skipped with its reason, not failed, when the delete succeeds again', async () => {
    const result = await served.check();
    expect(result.failures).toEqual([]);
    const skipped = (operationId: string) =>
      result.cells.find((cell) => cell.check === 'use_after_free' && cell.operationId === operationId);
    expect(skipped('deleteUser')).toMatchObject({
      status: 'skipped',
      reason: 'no read or list shows whether a deleted resource still exists',
    });
    expect(skipped('removeProvider')).toMatchObject({
      status: 'skipped',
      reason: '{providerId} has a fixed set of values: it names a kind, which a delete does not destroy',
    });
  });
});
