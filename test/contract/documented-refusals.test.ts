import { describe, expect, it } from 'vitest';
import { servedDocument } from './helpers/served-document.js';

/** As Directus documents its password-reset requests: a 401 is the only answer written down. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: Only refusals, version: '1' }
paths:
  /password/request:
    post:
      operationId: requestReset
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, required: [email], properties: { email: { type: string, format: email } } }
      responses:
        '401':
          description: Unauthorized
          content:
            application/json:
              schema: { type: object, properties: { errors: { type: array, items: { type: object } } } }
`;

describe('the runner on an operation that documents only a 401', () => {
  const served = servedDocument('only-refusals', DOCUMENT);

  it('takes its 401 for the documented answer, not for refused credentials, and judges it', async () => {
    const result = await served.check();
    expect(result.failures).toEqual([]);
    expect(result.outcome).toBe('passed');
    const cell = result.cells.find((c) => c.check === 'status_code_conformance' && c.operationId === 'requestReset');
    expect(cell).toMatchObject({ status: 'passed' });
  });
});
