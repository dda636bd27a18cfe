import type { OpenAPIV3 } from 'openapi-types';
import { PersError, type PersErrorBody } from '../errors.js';
import type { ApiResult } from '../handlers/trigger-source-handlers.js';
import { mockOperationResponse, type MockTools } from './mock-response.js';

/** Statuses that say the same thing, so either may answer where the operation documents only the other. */
const SAME_MEANING: Record<number, number> = { 400: 422, 401: 403, 404: 410 };

/**
 * An error as the operation documents it: where it documents the twin of the catalogue's status
 * (422 for a 400, 403 for a 401, 410 for a 404) and not the status itself, the twin answers, so a
 * client or the contract runner sees a status the document allows. The PERS document documents
 * every error the mock answers, so its answers never change.
 */
export function asDocumented(operation: OpenAPIV3.OperationObject, error: PersError): PersError {
  const responses = operation.responses ?? {};
  const twin = SAME_MEANING[error.status];
  if (String(error.status) in responses || twin === undefined || !(String(twin) in responses)) return error;
  return new PersError(error.code, error.message, { ...error.extras, status: twin });
}

/**
 * The answer to an error in the shape the operation documents for its status. The PERS error
 * body is sent where the document allows it (the PERS document's PersError, an error documented
 * without a JSON schema); where the documented schema refuses it (GitHub's
 * `{ message, documentation_url }`, Figma's `{ status, err }`), a body is made from that schema
 * (its example, else generated) and takes every PERS field the schema still accepts, so the
 * client reads the mock's explanation in the fields it knows.
 */
export async function documentedErrorBody(
  operation: OpenAPIV3.OperationObject,
  status: number,
  rendered: PersErrorBody,
  tools: MockTools,
): Promise<ApiResult | undefined> {
  const responses = operation.responses ?? {};
  const response = (responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default) as
    OpenAPIV3.ResponseObject | undefined;
  if (documentsOnlyOtherTypes(response)) return otherTypeBody(operation, status, response!, rendered, tools);
  const [mediaType, schema] = jsonMediaOf(response);
  if (!response || !schema || !tools.validate) return undefined;
  if (tools.validate(schema, rendered).length === 0) {
    // Accepted as it is, the PERS body still goes out as the documented type (Redo's errors are
    // `application/problem+json` only), for a client that picks its parser by it.
    if (/^application\/json\b/i.test(mediaType!) || mediaType === '*/*') return undefined;
    return { status, headers: { 'content-type': mediaType! }, body: rendered };
  }
  const made = await mockOperationResponse(
    { ...operation, responses: { [String(status)]: response } },
    { status },
    tools,
  );
  const body = made.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return made;
  const shaped = { ...(body as Record<string, unknown>) };
  for (const [name, value] of Object.entries(rendered)) {
    const before = shaped[name];
    shaped[name] = value;
    if (tools.validate(schema, shaped).length > 0) {
      if (before === undefined) delete shaped[name];
      else shaped[name] = before;
    }
  }
  // Where the schema wants an integer code (Petstore's `Error`), it is the HTTP status: a
  // generated number would say nothing.
  if (shaped.code !== rendered.code && tools.validate(schema, { ...shaped, code: status }).length === 0) {
    shaped.code = status;
  }
  return { ...made, body: shaped };
}

/** A response documented with content, none of it JSON (request-examples' 400 is `application/xml` only). */
function documentsOnlyOtherTypes(response: OpenAPIV3.ResponseObject | undefined): boolean {
  const types = Object.keys(response?.content ?? {});
  return types.length > 0 && !types.some((type) => /json/i.test(type) || type === '*/*');
}

/**
 * An error documented only in a type that is not JSON goes out as that type, as the document's
 * example of it (a client reads an XML error with its XML parser); a text type without an example
 * carries the explanation.
 */
async function otherTypeBody(
  operation: OpenAPIV3.OperationObject,
  status: number,
  response: OpenAPIV3.ResponseObject,
  rendered: PersErrorBody,
  tools: MockTools,
): Promise<ApiResult> {
  const made = await mockOperationResponse(
    { ...operation, responses: { [String(status)]: response } },
    { status },
    tools,
  );
  // The type mockOperationResponse answers in: the first documented.
  const [type, media] = Object.entries(response.content!)[0];
  const exampled = media.example !== undefined || Object.keys(media.examples ?? {}).length > 0;
  return /^text\//i.test(type) && !exampled ? { ...made, body: rendered.message } : made;
}

function jsonMediaOf(
  response: OpenAPIV3.ResponseObject | undefined,
): [string | undefined, OpenAPIV3.SchemaObject | undefined] {
  const entries = Object.entries(response?.content ?? {});
  const json = entries.find(([type]) => /json/i.test(type) || type === '*/*');
  return [json?.[0], json?.[1].schema as OpenAPIV3.SchemaObject | undefined];
}
