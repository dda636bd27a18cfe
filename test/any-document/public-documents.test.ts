import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { exerciseDocument } from './exercise-document.js';

/**
 * Every document of @readme/oas-examples (ReadMe's collection of real and edge-case documents:
 * OpenAPI 3.0 and 3.1, and Swagger 2.0 ones, served as converted to 3.0), in JSON and a few
 * in YAML: each loads, and every operation answers with a response the document allows.
 */
const EXAMPLES = 'node_modules/@readme/oas-examples';
const documents = [
  ...['2.0', '3.0', '3.1'].flatMap((version) =>
    readdirSync(`${EXAMPLES}/${version}/json`)
      .filter((file) => file.endsWith('.json'))
      .map((file) => `${version}/json/${file}`),
  ),
  '3.0/yaml/petstore.yaml',
  '3.0/yaml/uspto.yaml',
  '3.1/yaml/train-travel.yaml',
];

/**
 * Operations whose documents admit no valid request at all. The mock must answer them with a
 * PERS-shaped 4xx, never crash; nothing it could answer would be "as documented".
 */
const NO_VALID_REQUEST: Record<string, string> = {
  '3.0/json/circular-request-bodies.json POST /direct':
    'TreeNode requires a parent TreeNode, so no finite body is valid',
  '3.0/json/parameters-common.json GET /anything/{id}/{action}/{id}': 'the path template repeats {id}',
  '3.0/json/schema-additional-properties.json POST /post':
    "an allOf part with additionalProperties: false rejects the other part's properties",
  '3.0/json/schema-types.json PATCH /anything/quirks/polymorphism': 'allOf of a string and an integer',
  '3.0/json/schema-types.json POST /anything/quirks/polymorphism': 'allOf of a string and an integer',
  '3.0/json/schema-types.json PUT /anything/quirks/polymorphism': 'allOf of a string and an integer',
  '3.0/json/security-multiple.json POST /anything/and':
    'needs HTTP Basic and Bearer credentials in the one Authorization header',
};

/**
 * Operations that document only an informational answer, with which HTTP ends no exchange: no
 * final answer is documented, and the mock says so with a 501 NO_FINAL_RESPONSE.
 */
const NO_FINAL_ANSWER = ['100', '101', '102', '103'].map(
  (code) => `3.0/json/http-status-codes.json GET /status/${code}`,
);

const loadTimes: Array<[string, number, number]> = [];
const seenImpossible = new Set<string>();

describe.each(documents)('%s', (name) => {
  it('loads, and every operation answers with a response valid against the document', async () => {
    const run = await exerciseDocument(`${EXAMPLES}/${name}`);
    try {
      loadTimes.push([name, Math.round(run.loadMs), run.outcomes.length]);
      expect(run.loadMs).toBeLessThan(5_000);
      for (const outcome of run.outcomes) {
        const impossible = NO_VALID_REQUEST[`${name} ${outcome.operation}`];
        if (impossible) {
          seenImpossible.add(`${name} ${outcome.operation}`);
          expect(outcome.status, impossible).toBeGreaterThanOrEqual(400);
          expect(outcome.status).toBeLessThan(500);
          expect(JSON.parse(outcome.body)).toMatchObject({
            status: outcome.status,
            category: expect.stringMatching(/VALIDATION|SECURITY/),
            correlationId: expect.any(String),
          });
          continue;
        }
        if (NO_FINAL_ANSWER.includes(`${name} ${outcome.operation}`)) {
          seenImpossible.add(`${name} ${outcome.operation}`);
          expect(outcome.status).toBe(501);
          expect(JSON.parse(outcome.body)).toMatchObject({
            code: 'NO_FINAL_RESPONSE',
            correlationId: expect.any(String),
          });
          continue;
        }
        expect(outcome.problems, outcome.operation).toEqual([]);
      }
    } finally {
      await run.mock.close();
    }
  });
});

afterAll(() => {
  expect([...seenImpossible].sort()).toEqual([...Object.keys(NO_VALID_REQUEST), ...NO_FINAL_ANSWER].sort());
  console.log(
    [
      'load times (createMockServer → ready):',
      ...loadTimes.map(([name, ms, ops]) => `  ${name}: ${ms} ms, ${ops} operations`),
    ].join('\n'),
  );
});
