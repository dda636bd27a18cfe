import { createRequire } from 'node:module';
import type { OpenAPIRouter, Operation } from 'openapi-backend';
import { PathTemplateIndex, pathParameterReader } from './path-templates.js';

/**
 * openapi-backend re-derives on every request what never changes for a document: its operation
 * list (several times per request), one RegExp per operation to match the path, and the parser
 * of each path template. Profiling put these at about a sixth of the CPU of a read. This builds
 * them once per router, keeping openapi-backend's matching rules: an exact path first, then the
 * path templates, most specific first; a path no template matches is a 404, a method no
 * matching path has is a 405 (both left to openapi-backend itself, which finds no operation, or
 * throws when asked to be strict).
 */
export function speedUpRouter(router: OpenAPIRouter): void {
  const operations = router.getOperations();
  router.getOperations = () => operations;

  const exact = new Map<string, Operation[]>();
  for (const operation of operations) {
    const path = withoutTrailingSlash(operation.path);
    exact.set(path, [...(exact.get(path) ?? []), operation]);
  }
  const bySpecificity = [...operations].sort((a, b) => specificity(b.path) - specificity(a.path));
  const templates = new PathTemplateIndex(
    bySpecificity.map((operation) => ({ template: withoutTrailingSlash(operation.path), value: operation })),
  );

  const underApiRoot = (path: string) =>
    (router as unknown as { isUnderApiRoot(path: string): boolean }).isUnderApiRoot(path);
  const matchOperation = router.matchOperation.bind(router);
  router.matchOperation = (request: Parameters<OpenAPIRouter['matchOperation']>[0], strict?: boolean) => {
    const normalized = router.normalizeRequest(request);
    if (underApiRoot(normalized.path)) {
      const path = router.normalizePath(normalized.path);
      const found =
        exact.get(path)?.find((operation) => operation.method === normalized.method) ??
        templates.find(path, (operation) => operation.method === normalized.method);
      if (found) return found;
    }
    return matchOperation(request, strict as true);
  };
}

/**
 * openapi-backend takes the trailing slashes off a request's path before matching, and not off
 * its templates, so a template ending in `/` (authentik's `/admin/apps/`) matched nothing: it is
 * matched, and its parameters read, as the request's path is, without them.
 */
function withoutTrailingSlash(template: string): string {
  return template.length > 1 ? template.replace(/(.)\/+$/, '$1') : template;
}

/** How much of a template is literal: of two templates that match, the more literal wins. */
function specificity(template: string): number {
  return template.replace(/\{.*?\}/g, '').length;
}

type PathTemplate = (template: string, patterns?: unknown) => unknown;
let templatesCached = false;

/**
 * openapi-backend parses each path template with bath-es5 on every request; the parse of a
 * template depends on the template alone, so it is kept (read as requests are matched, without a
 * trailing slash), with the engine's own reader of path parameters in place of bath-es5's.
 * bath-es5 is the module openapi-backend itself requires, and is patched once per process.
 */
export function cachePathTemplates(): void {
  if (templatesCached) return;
  templatesCached = true;
  const requireFromBackend = createRequire(createRequire(import.meta.url).resolve('openapi-backend'));
  const bath = requireFromBackend('bath-es5') as { default: PathTemplate };
  const parse = bath.default;
  const parsed = new Map<string, unknown>();
  bath.default = (template, patterns) => {
    if (patterns !== undefined) return parse(template, patterns);
    if (!parsed.has(template)) {
      const bare = withoutTrailingSlash(template);
      parsed.set(template, { ...(parse(bare) as object), params: pathParameterReader(bare) });
    }
    return parsed.get(template);
  };
}
