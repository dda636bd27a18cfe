import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIndependentJudge } from '../helpers/independent-judge.js';
import { tempDir } from '../contract/helpers/temp-dirs.js';

/**
 * OpenAPI 3.1 has no `nullable` (a 3.0 leftover there, an annotation): a schema that still says
 * it, without a `type` beside it, and data that happen to be called `nullable`.
 */
const DOCUMENT = `
openapi: 3.1.0
info: { title: Leftover nullable, version: '1' }
paths:
  /settings:
    get:
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                required: [nullable, mode]
                properties:
                  nullable: { type: boolean }
                  mode: { nullable: true, enum: [{ nullable: true }, off] }
                  note: { nullable: true, allOf: [{ type: string, nullable: true }] }
`;

describe('the independent judge on an OpenAPI 3.1 document', () => {
  it('reads `nullable` in a schema as the annotation it is in 3.1, and a property or enum value named so as data', async () => {
    const file = join(await tempDir('judge'), 'openapi.yaml');
    await writeFile(file, DOCUMENT);
    const judge = await createIndependentJudge(file);
    const problems = (body: unknown) => judge.problems('/settings', 'get', '200', 'application/json', body);
    expect(problems({ nullable: false, mode: { nullable: true }, note: 'a note' })).toEqual([]);
    expect(problems({ nullable: false, mode: 'off' })).toEqual([]);
    expect(problems({ mode: 'off', note: null })).toEqual([
      "/ must have required property 'nullable'",
      '/note must be string',
    ]);
    expect(problems({ nullable: false, mode: { nullable: false } })).toEqual([
      '/mode must be equal to one of the allowed values',
    ]);
  });
});
