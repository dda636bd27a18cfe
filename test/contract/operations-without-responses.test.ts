import { describe, expect, it } from 'vitest';
import { servedDocument } from './helpers/served-document.js';

/** OpenAPI 3.1 makes an operation's `responses` optional: this one documents none. */
const DOCUMENT = `
openapi: 3.1.0
info: { title: No responses, version: '1' }
paths:
  /things:
    post:
      operationId: addThing
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, required: [name], properties: { name: { type: string } } }
`;

const RESPONSE_CHECKS = [
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'response_headers_conformance',
];

describe('the runner on an operation that documents no responses', () => {
  const served = servedDocument('no-responses', DOCUMENT);

  it('reports the checks that judge by the documented responses as skipped, and still judges the rest', async () => {
    const result = await served.check();
    expect(result.failures).toEqual([]);
    expect(result.outcome).toBe('passed');
    const cell = (check: string) => result.cells.find((c) => c.check === check && c.operationId === 'addThing');
    for (const check of RESPONSE_CHECKS)
      expect(cell(check)).toMatchObject({
        status: 'skipped',
        requests: 0,
        reason: 'the operation documents no responses',
      });
    expect(cell('positive_data_acceptance')).toMatchObject({ status: 'passed' });
    expect(cell('negative_data_rejection')).toMatchObject({ status: 'passed' });
  });
});
