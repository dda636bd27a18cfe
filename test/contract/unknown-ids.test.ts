import { describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli-process.js';
import { servedDocument } from './helpers/served-document.js';

const IMAGE = `{ type: object, required: [id], properties: { id: { type: string }, title: { type: string } } }`;

/**
 * readme's images, in short: a collection created by a form upload, whose item operations document
 * no answer for an id that names nothing.
 */
const DOCUMENT = `
openapi: 3.0.3
info: { title: images, version: 1.0.0 }
paths:
  /images:
    get:
      operationId: listImages
      responses:
        '200': { description: OK, content: { application/json: { schema: { type: array, items: ${IMAGE} } } } }
    post:
      operationId: uploadImage
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [title]
              properties: { title: { type: string }, file: { type: string, format: binary } }
      responses:
        '201': { description: Created, content: { application/json: { schema: ${IMAGE} } } }
  /images/{id}:
    parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
    get:
      operationId: getImage
      responses:
        '200': { description: OK, content: { application/json: { schema: ${IMAGE} } } }
    delete:
      operationId: deleteImage
      responses:
        '204': { description: Deleted }
        '404': { description: No such image }
`;

const served = servedDocument('unknown-ids', DOCUMENT);

describe('an id that names nothing, where the document does not say what follows', () => {
  it('is a 404 RESOURCE_NOT_FOUND from the mock, which warns at start about each such operation', async () => {
    const response = await served.mock.app.inject({ method: 'GET', url: '/images/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'RESOURCE_NOT_FOUND' });
    const cli = await startCli(['--spec', served.specFile, '--db', ':memory:']);
    await cli.stop();
    const warnings = cli
      .output()
      .split('\n')
      .filter((line) => line.includes('unknown id'))
      .map((line) => JSON.parse(line) as { pointer: string; msg: string });
    expect(warnings.map(({ pointer, msg }) => ({ pointer, msg }))).toEqual([
      {
        pointer: '#/paths/~1images~1{id}/get/responses',
        msg:
          'documents no answer for an unknown id (404, 410, 4XX or default); ' +
          'the mock answers 404 RESOURCE_NOT_FOUND',
      },
    ]);
  });

  it('is not sent by the runner, which cannot create a resource there: it says so, and finds no failure', async () => {
    const result = await served.check();
    expect(result.failures).toEqual([]);
    const cells = result.cells.filter((c) => c.operationId === 'getImage' && c.check === 'positive_data_acceptance');
    expect(cells).toEqual([
      expect.objectContaining({
        status: 'skipped',
        reason: 'no /images resource is known to exist: the runner cannot create one (its create takes no JSON body)',
      }),
    ]);
  });
});
