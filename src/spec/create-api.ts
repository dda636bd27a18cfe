import { OpenAPIBackend, type Context } from 'openapi-backend';
import addFormats from 'ajv-formats';
import type { LoadedSpec } from './load-spec.js';

/**
 * The openapi-backend instance that routes and validates every request: query and path
 * parameters are coerced to their declared types, and validation reports every violation.
 * The document arrives dereferenced (and, where asked, validated) by swagger-parser, so
 * openapi-backend's own document check and eager compilation are skipped (`quick`): each
 * operation's validators are compiled on its first request, which keeps start-up fast.
 */
export async function createApi(
  spec: LoadedSpec,
  shouldValidate: (context: Context, ...handlerArgs: any[]) => boolean = () => true,
): Promise<OpenAPIBackend> {
  const api = new OpenAPIBackend({
    definition: spec.dereferenced,
    strict: true,
    quick: true,
    validate: shouldValidate,
    coerceTypes: true,
    ajvOpts: { allErrors: true, strict: false, validateSchema: false },
    customizeAjv: (ajv) => {
      addFormats.default(ajv);
      return ajv;
    },
  });
  await api.init();
  // openapi-backend rebuilds its list of operations from the document on every call, several
  // times per request; the document of an instance never changes, so build it once.
  const operations = api.router.getOperations();
  api.router.getOperations = () => operations;
  return api;
}
