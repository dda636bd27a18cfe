import type { OpenAPIV3 } from 'openapi-types';
import type { SchemaValidator } from '../../src/engine/validator-ajv.js';
import { jsonText } from '../../src/json-text.js';

/**
 * What is wrong with a response against the operation, as a client of the document sees it:
 * an undocumented status, a body where none is documented, or a JSON body that does not match
 * the schema of its status and media type.
 */
export function responseProblems(
  operation: OpenAPIV3.OperationObject,
  status: number,
  headers: Record<string, unknown>,
  body: string,
  schemas: SchemaValidator,
): string[] {
  const responses = operation.responses ?? {};
  // OpenAPI 3.1 lets an operation document no responses; then nothing it answers breaks the document.
  if (Object.keys(responses).length === 0) return [];
  const documented = (responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default) as
    OpenAPIV3.ResponseObject | undefined;
  if (!documented) return [`status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`];
  const contentType = jsonText(headers['content-type'] ?? '')
    .split(';')[0]
    .trim();
  const content = documented.content ?? {};
  if (Object.keys(content).length === 0)
    return body.length > 0 ? [`status ${status} documents no body but one was sent`] : [];
  const media =
    content[contentType] ??
    Object.entries(content).find(([type]) => type.endsWith('/*') && contentType.startsWith(type.slice(0, -1)))?.[1] ??
    content['*/*'];
  if (!media)
    return [
      `content type '${contentType}' is not documented for ${status} (documented: ${Object.keys(content).join(', ')})`,
    ];
  if (!/json/.test(contentType) || !media.schema) return [];
  if (body === '') return [`status ${status} documents a JSON body but none was sent`];
  const errors = schemas.errors(media.schema, JSON.parse(body));
  return errors.map((error) => `body${error.instancePath} ${error.message}`);
}
