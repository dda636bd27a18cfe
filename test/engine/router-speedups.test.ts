import { readdirSync, readFileSync } from 'node:fs';
import { OpenAPIRouter, OpenAPIValidator, type Operation } from 'openapi-backend';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { speedUpRouter } from '../../src/engine/router-speedups.js';

/**
 * speedUpRouter replaces openapi-backend's matchOperation and leans on its private
 * isUnderApiRoot (which is why openapi-backend is pinned exactly). Here the patched router must
 * route every request exactly as the stock one does, over every document the tests have: for
 * each path template, concrete paths (parameters filled with several kinds of value, the
 * template itself, a trailing slash, one segment more), each with every method, under the root
 * `/` and under an API root. The same operation, or the same 404 or 405, for all of them: the
 * patch has no intended differences (a document's servers paths are taken off before routing,
 * in src/server, so the router itself always works under `/`) but one, a template ending in `/`,
 * which none of these documents has (test/any-document/trailing-slash-templates.test.ts).
 */
const READMES = ['3.0', '3.1'].flatMap((version) =>
  readdirSync(`node_modules/@readme/oas-examples/${version}/json`)
    .filter((file) => file.endsWith('.json'))
    .map((file) => `node_modules/@readme/oas-examples/${version}/json/${file}`),
);
const DOCUMENTS = [
  'openapi.yaml',
  'fixtures/published/pers-api-2.0.13-trigger-sources.yaml',
  'test/any-document/fixtures/shop/openapi.yaml',
  ...READMES,
  'node_modules/@octokit/openapi/generated/api.github.com.json',
  'node_modules/@figma/rest-api-spec/openapi/openapi.yaml',
];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const FILLERS = ['1', 'a.b', 'x-y_z~%7B%7D'];
const ROOTS = ['/', '/api/v3'];

type Outcome = string | undefined;

/** The operation, or what openapi-backend throws when asked to be strict (its 404 or 405). */
function routeOf(router: OpenAPIRouter, method: string, path: string): Outcome {
  try {
    const found: Operation = router.matchOperation({ method, path, headers: {} }, true);
    return `${found.method} ${found.path}`;
  } catch (error) {
    return `throws ${(error as Error).message}`;
  }
}

/** Concrete request paths for a template (relative to the API root); `few` for large documents. */
function concretePaths(template: string, few: boolean): string[] {
  const filled = FILLERS.map((filler) => template.replace(/\{[^}]+\}/g, filler));
  if (few) return [filled[0]];
  return [...new Set([...filled, template, `${filled[0]}/`, `${filled[0]}/extra`])];
}

describe('the sped-up router', () => {
  it.each(DOCUMENTS)(
    'routes every request to %s as openapi-backend does',
    (file) => {
      const definition = parse(readFileSync(file, 'utf8')) as { paths?: Record<string, unknown> };
      const templates = Object.keys(definition.paths ?? {});
      // GitHub's 800 templates: the stock router compiles a RegExp for each per request (2.5 ms),
      // so there each is tried filled once, with a method it has and one it has not.
      const large = templates.length > 300;
      const methods = large ? ['get', 'trace'] : METHODS;
      let compared = 0;
      for (const apiRoot of large ? ['/'] : ROOTS) {
        const stock = new OpenAPIRouter({ definition: definition as never, apiRoot });
        // The stock router rebuilds this list (a copy of every operation) several times per
        // request: 60 ms each for GitHub's. Kept once, it is the same list; matching is untouched.
        const operations = stock.getOperations();
        stock.getOperations = () => operations;
        const sped = new OpenAPIRouter({ definition: definition as never, apiRoot });
        speedUpRouter(sped);
        const prefix = apiRoot === '/' ? '' : apiRoot;
        const requests = templates.flatMap((template) =>
          concretePaths(template, large).flatMap((path) => [`${prefix}${path}`, ...(prefix ? [path] : [])]),
        );
        for (const path of [...requests, '/', `${prefix}/nowhere/at/all`]) {
          for (const method of methods) {
            expect(routeOf(sped, method, path), `${method} ${path} (root ${apiRoot})`).toBe(
              routeOf(stock, method, path),
            );
            compared++;
          }
        }
      }
      expect(compared).toBeGreaterThan(templates.length * 2);
    },
    120_000,
  );
});

describe('the openapi-backend internals the engine replaces', () => {
  it('are still there, with the shapes it expects', () => {
    const router = OpenAPIRouter.prototype as unknown as Record<string, unknown>;
    for (const name of ['matchOperation', 'isUnderApiRoot', 'normalizeRequest', 'normalizePath'])
      expect(typeof router[name], name).toBe('function');
    const validator = OpenAPIValidator.prototype as unknown as Record<string, unknown>;
    for (const name of [
      'removeBinaryPropertiesFromRequired',
      'buildRequestValidatorsForOperation',
      'buildResponseValidatorForOperation',
      'buildStatusBasedResponseValidatorForOperation',
      'buildResponseHeadersValidatorForOperation',
    ])
      expect(typeof validator[name], name).toBe('function');
  });
});
