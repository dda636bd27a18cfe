import { expect, it } from 'vitest';
import { exerciseDocument } from './exercise-document.js';

/**
 * GitHub's REST API description (@octokit/openapi: api.github.com, OpenAPI 3.0.3, about
 * 13 MB of JSON, 1,200 operations). Loading it must take seconds; the operations checked are
 * a fixed sample, every 20th in path-then-method order (62 of them), so the run stays short and
 * the same every time. (All 1,223 answered as documented when tried once by hand.)
 */
const GITHUB = 'node_modules/@octokit/openapi/generated/api.github.com.json';
const EVERY = 20;

it('loads the GitHub REST API description in seconds and answers a fixed sample of its operations as documented', async () => {
  const run = await exerciseDocument(GITHUB, (index) => index % EVERY === 0);
  try {
    console.log(
      `api.github.com.json: loaded in ${Math.round(run.loadMs)} ms; ${run.outcomes.length} sampled operations; ` +
        `${run.mock.warnings.length} warnings`,
    );
    expect(run.loadMs).toBeLessThan(20_000);
    expect(run.outcomes.length).toBeGreaterThanOrEqual(60);
    for (const outcome of run.outcomes) expect(outcome.problems, outcome.operation).toEqual([]);
    expect(run.mock.warnings.map((w) => w.pointer)).toContain(
      '#/paths/~1rate_limit/get/responses/200/headers/X-RateLimit-Reset/schema/format',
    );
  } finally {
    await run.mock.close();
  }
}, 120_000);
