import { describe, expect, it } from 'vitest';
import { renderConsoleReport } from '../../src/contract/reporters/console-reporter.js';
import { renderJunit } from '../../src/contract/reporters/junit-reporter.js';
import { exitCodeOf } from '../../src/contract/result.js';
import { servedDocument } from './helpers/served-document.js';

/** An OpenAPI 3.1 document of webhooks only (as oas-examples' webhooks.json): nothing under paths. */
const DOCUMENT = `
openapi: 3.1.0
info: { title: Webhooks only, version: '1' }
webhooks:
  newPet:
    post:
      requestBody: { content: { application/json: { schema: { type: object } } } }
      responses: { '200': { description: OK } }
`;

describe('the runner on a document with no operations', () => {
  const served = servedDocument('no-operations', DOCUMENT);

  it('checks nothing, exits 2 as any run that checked nothing, and says the document is why', async () => {
    const result = await served.check();
    expect(result).toMatchObject({ outcome: 'nothing-checked', operations: [], requests: 0, failures: [] });
    expect(exitCodeOf(result)).toBe(2);
    const reason = 'the document has no operations to check (nothing under paths; webhooks are requests the API sends';
    expect(renderConsoleReport(result)).toContain(`NOTHING CHECKED: ${reason}`);
    expect(renderConsoleReport(result)).not.toContain('see "Skipped" above');
    expect(renderJunit(result)).toContain(`<error message="${reason}`);
  });
});
