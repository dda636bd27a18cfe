import type { OpenAPIBackend } from 'openapi-backend';
import type { OpenAPIV3 } from 'openapi-types';
import type { SchemaValidator } from '../engine/validator-ajv.js';

/** The document's operation a request went to. */
export type MatchedOperation = OpenAPIV3.OperationObject & { method: string; path: string; operationId: string };

/** One request through the proxy and the upstream's answer, as the checks see them. */
export interface ProxyExchange {
  /** Undefined when the document has no operation for the request. */
  operation?: MatchedOperation;
  request: {
    method: string;
    /** The path as the document knows it (base path stripped). */
    path: string;
    query: string;
    headers: Record<string, string | string[] | undefined>;
    /** The parsed JSON body, when there was one and it was inspected. */
    body?: unknown;
    /** False when the body was streamed through without being read (not JSON, or no operation). */
    bodyInspected: boolean;
  };
  response: {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    /** The parsed JSON body, when it was inspected. */
    body?: unknown;
    /** The raw body was JSON but did not parse. */
    bodyUnparsable?: string;
    /** False when the body was streamed through without being read. */
    bodyInspected: boolean;
    /** True when the response has a body at all. */
    hasBody: boolean;
  };
}

/** A way the exchange departs from the document. */
export interface ProxyViolation {
  /** Which side broke the contract. */
  side: 'request' | 'response';
  /** What part: `route`, `path`, `query`, `header`, `body`, `status`, `content-type`. */
  location: string;
  /** JSON pointer within that part (empty for the part as a whole). */
  path: string;
  message: string;
}

export interface CheckContext {
  api: OpenAPIBackend;
  /** Validates response bodies and headers against the document's schemas. */
  schemas: SchemaValidator;
}

/** One contract check: a small function that returns every failure it finds. */
export type ExchangeCheck = (context: CheckContext, exchange: ProxyExchange) => ProxyViolation[];

/** The documented response for a status: the exact code, its `NXX` range, or `default`. */
export function documentedResponse(
  operation: OpenAPIV3.OperationObject,
  status: number,
): OpenAPIV3.ResponseObject | undefined {
  const responses = operation.responses ?? {};
  return (responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default) as
    OpenAPIV3.ResponseObject | undefined;
}

export function bareMediaType(value: string | string[] | undefined): string {
  return String([value].flat()[0] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

/** The documented media type a content type falls under (exact, `type/*`, `*\/*`). */
export function documentedMedia(
  response: OpenAPIV3.ResponseObject,
  contentType: string,
): OpenAPIV3.MediaTypeObject | undefined {
  const entries = Object.entries(response.content ?? {});
  const given = bareMediaType(contentType);
  const match =
    entries.find(([type]) => bareMediaType(type) === given) ??
    entries.find(([type]) => type.endsWith('/*') && given.startsWith(type.slice(0, -1))) ??
    entries.find(([type]) => type === '*/*');
  return match?.[1];
}
