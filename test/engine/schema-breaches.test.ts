import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, SpecError } from '../../src/engine/load-spec.js';

/** As Dialogporten and Blockfrost publish theirs: a capitalised HTTP scheme, and `type: 'null'` in 3.0. */
const BREACHING = `
openapi: 3.0.1
info: { title: breaching, version: 1.0.0 }
paths:
  /scripts:
    get:
      security: [{ jwt: [] }]
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: { anyOf: [{ type: string }, { type: 'null' }] }
components:
  securitySchemes:
    jwt: { type: http, scheme: Bearer, bearerFormat: JWT }
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'schema-breaches-'));
  await writeFile(join(dir, 'breaching.yaml'), BREACHING);
  await writeFile(
    join(dir, 'dangling.yaml'),
    BREACHING.replace("{ type: 'null' }", "{ $ref: '#/components/schemas/Gone' }"),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a document that breaks the OpenAPI schema', () => {
  it('is served as written, each breach a warning at its JSON pointer', async () => {
    const spec = await loadSpec(join(dir, 'breaching.yaml'));
    expect(spec.dereferenced.paths['/scripts']?.get).toBeDefined();
    expect(spec.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          pointer: '#/components/securitySchemes/jwt',
          message: expect.stringMatching(/breaks the OpenAPI schema .*served as written/),
        }),
        expect.objectContaining({ pointer: expect.stringMatching(/^#\/paths\/~1scripts\/get\/responses\/200/) }),
      ]),
    );
  });

  it('is still refused where it cannot be resolved', async () => {
    await expect(loadSpec(join(dir, 'dangling.yaml'))).rejects.toBeInstanceOf(SpecError);
  });
});
