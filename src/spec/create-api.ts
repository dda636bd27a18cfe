import { OpenAPIBackend } from 'openapi-backend';
import addFormats from 'ajv-formats';
import type { LoadedSpec } from './load-spec.js';

/**
 * The openapi-backend instance that routes and validates every request: query and path
 * parameters are coerced to their declared types, and validation reports every violation.
 */
export async function createApi(spec: LoadedSpec): Promise<OpenAPIBackend> {
  const api = new OpenAPIBackend({
    definition: spec.dereferenced,
    strict: true,
    validate: true,
    coerceTypes: true,
    ajvOpts: { allErrors: true, strict: false },
    customizeAjv: (ajv) => {
      addFormats.default(ajv);
      return ajv;
    },
  });
  return api;
}
