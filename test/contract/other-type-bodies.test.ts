import { describe, expect, it } from 'vitest';
import { ExchangeLog } from '../../src/contract/exchange-log.js';
import { servedDocument } from './helpers/served-document.js';

/** Blockfrost's transaction submission: a required body that is neither JSON nor a form. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: Other bodies, version: '1' }
paths:
  /tx/submit:
    post:
      operationId: submitTx
      requestBody:
        required: true
        content:
          application/cbor:
            schema: { type: string }
      responses:
        '200': { description: OK, content: { application/json: { schema: { type: string } } } }
        '400': { description: Bad request }
`;

describe('the runner on an operation whose required body is neither JSON nor a form', () => {
  const served = servedDocument('other-type-bodies', DOCUMENT);

  it('sends a valid request with a body of the documented type, and the mock accepts it', async () => {
    const log = new ExchangeLog();
    const result = await served.check({ log });
    expect(result.failures).toEqual([]);
    const positive = log.entries().find((e) => e.comment === 'submitTx: generated valid request')!;
    expect(positive.request.headers['content-type']).toBe('application/cbor');
    expect(positive.request.body).toMatch(/^contract/);
    expect(positive.response?.status).toBe(200);
  });
});
