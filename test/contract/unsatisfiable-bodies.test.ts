import { describe, expect, it } from 'vitest';
import { servedDocument } from './helpers/served-document.js';

/** A body no value satisfies: a string that is also an integer (oas-examples' schema-types quirks). */
const DOCUMENT = `
openapi: 3.0.3
info: { title: Unsatisfiable, version: '1' }
paths:
  /quirks:
    put:
      operationId: putQuirk
      requestBody:
        required: true
        content: { application/json: { schema: { allOf: [{ type: string }, { type: integer }] } } }
      responses: { '200': { description: OK } }
`;

describe('the runner on an operation whose body schema no value satisfies', () => {
  const served = servedDocument('unsatisfiable', DOCUMENT);

  it('sends no "valid" request it could not make, and says why positive_data_acceptance is skipped', async () => {
    const result = await served.check();
    expect(result.failures).toEqual([]);
    expect(result.cells.find((c) => c.check === 'positive_data_acceptance')).toMatchObject({
      operationId: 'putQuirk',
      status: 'skipped',
      reason: 'the runner could make no body the request schema accepts',
    });
  });
});
