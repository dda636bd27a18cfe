import { describe, expect, it } from 'vitest';
import { createMockServer } from '../../src/mock-server.js';
import { createRandom } from '../../src/engine/generation/random.js';
import { SchemaValidator } from '../../src/engine/validator-ajv.js';
import { buildRequest } from '../any-document/document-requests.js';
import { createIndependentJudge } from '../helpers/independent-judge.js';
import { CORPUS } from './corpus-documents.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Every documented JSON response of every operation of the corpus, asked of the mock with
 * `Prefer: code=STATUS`, judged by a validator that shares no code with the mock's.
 */
describe.each(CORPUS)('$name', ({ file, noJsonResponses, knownJudgeProblems = [] }) => {
  it(
    'answers every documented status of every operation with a body an independent validator accepts',
    { timeout: 240_000 },
    async () => {
      const path = `node_modules/${file}`;
      const judge = await createIndependentJudge(path);
      const mock = await createMockServer({ spec: path, db: ':memory:', records: 0, logLevel: 'silent' });
      try {
        const requests = await SchemaValidator.create(
          { version: judge.document.openapi.startsWith('3.1') ? '3.1' : '3.0', unknownFormats: [] },
          'request',
        );
        const random = await createRandom(7);
        const problems: string[] = [];
        let judged = 0;
        for (const [template, item] of Object.entries(judge.document.paths ?? {})) {
          for (const method of METHODS.filter((m) => item?.[m])) {
            for (const [status, response] of Object.entries(item![method]!.responses ?? {})) {
              if (!/^\d{3}$/.test(status) || !('content' in response) || !response.content) continue;
              const mediaType = Object.keys(response.content).find((type) => /json/i.test(type));
              if (!mediaType) continue;
              const request = buildRequest(judge.document, template, method, random, requests, mock.schemeCredentials);
              const answer = await mock.app.inject({
                method: request.method as 'GET',
                url: request.url,
                headers: { ...request.headers, prefer: `code=${status}` },
                payload: request.payload,
              });
              judged++;
              const where = `${method.toUpperCase()} ${template} → ${status}`;
              if (String(answer.statusCode) !== status) {
                problems.push(`${where}: answered ${answer.statusCode} ${answer.body.slice(0, 200)}`);
                continue;
              }
              if (answer.body === '') continue;
              for (const problem of judge.problems(template, method, status, mediaType, JSON.parse(answer.body)))
                problems.push(`${where}: ${problem}`);
            }
          }
        }
        const known = (problem: string) => knownJudgeProblems.some((where) => problem.startsWith(`${where}:`));
        expect(problems.filter((problem) => !known(problem))).toEqual([]);
        if (noJsonResponses) expect(judged).toBe(0);
        else expect(judged).toBeGreaterThan(0);
      } finally {
        await mock.close();
      }
    },
  );
});
