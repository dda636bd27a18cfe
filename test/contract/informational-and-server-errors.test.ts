import { describe, expect, it } from 'vitest';
import { servedDocument } from './helpers/served-document.js';

/** oas-examples' http-status-codes, in short: operations that document one status each. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: statuses, version: 1.0.0 }
paths:
  /status/103:
    get:
      operationId: earlyHints
      responses: { '103': { description: Early Hints } }
  /status/503:
    get:
      operationId: unavailable
      responses: { '503': { description: Service Unavailable } }
  /status/200:
    get:
      operationId: ok
      responses: { '200': { description: OK } }
`;

const served = servedDocument('informational-and-server-errors', DOCUMENT);

describe('an operation that documents only an informational answer', () => {
  it('is answered 501 NO_FINAL_RESPONSE by the mock, as HTTP ends no exchange with a 1xx', async () => {
    const response = await served.mock.app.inject({ method: 'GET', url: '/status/103' });
    expect(response.statusCode).toBe(501);
    expect(response.json()).toMatchObject({
      code: 'NO_FINAL_RESPONSE',
      message:
        'earlyHints documents only informational answers (103), and HTTP ends no exchange with one: ' +
        'the document gives no final answer to send',
    });
    const asked = await served.mock.app.inject({ method: 'GET', url: '/status/103', headers: { prefer: 'code=103' } });
    expect(asked.statusCode).toBe(400);
    expect(asked.json()).toMatchObject({ code: 'MOCK_PREFERENCE_INVALID' });
  });

  it('is not sent by the runner, which says why; a documented 5xx of an operation with nothing else passes', async () => {
    const result = await served.check();
    expect(result.failures).toEqual([]);
    const informational = result.cells.filter((c) => c.operationId === 'earlyHints');
    expect(informational.length).toBeGreaterThan(0);
    expect(
      informational.every(
        (c) =>
          c.status === 'skipped' &&
          c.reason ===
            'documents only informational answers (1xx), which end no exchange: no final answer is documented',
      ),
    ).toBe(true);
    expect(result.cells).toContainEqual(
      expect.objectContaining({ operationId: 'unavailable', check: 'not_a_server_error', status: 'passed' }),
    );
  });
});
