import type { OpenAPIV3 } from 'openapi-types';
import { generateValidValue } from '../../src/engine/generation/generate-value.js';
import type { Random } from '../../src/engine/generation/random.js';
import type { SchemaValidator } from '../../src/engine/validator-ajv.js';
import type { SchemeCredential } from '../../src/mock/scheme-credentials.js';

export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

type Operation = OpenAPIV3.OperationObject;
type Parameter = OpenAPIV3.ParameterObject;

const RESERVED_HEADERS = new Set(['accept', 'content-type']);

/**
 * A request a client following the document would send: every required parameter (path ones
 * from `pathValues` when given), the mock's dev credentials for the first security requirement, and a body
 * of the operation's first media type, generated valid against its schema.
 */
export function buildRequest(
  document: OpenAPIV3.Document,
  path: string,
  method: string,
  random: Random,
  requests: SchemaValidator,
  credentials: Record<string, SchemeCredential>,
  pathValues: Record<string, string> = {},
): BuiltRequest {
  const item = document.paths[path]!;
  const operation = item[method as OpenAPIV3.HttpMethods] as Operation;
  const parameters = [...(operation.parameters ?? []), ...(item.parameters ?? [])] as Parameter[];
  const value = (parameter: Parameter) =>
    parameter.example ??
    generateValidValue(parameter.schema, { random, direction: 'request' }, (s, v) => requests.errors(s, v));
  const headers: Record<string, string> = {};
  const query: string[] = [];
  const cookies: string[] = [];
  let url = path;
  for (const parameter of uniqueParameters(parameters)) {
    if (parameter.in === 'path') {
      const given = pathValues[parameter.name] ?? String(scalar(value(parameter)));
      url = url.replace(`{${parameter.name}}`, encodeURIComponent(given));
    } else if (parameter.required && parameter.in === 'query') {
      query.push(...queryPairs(parameter, value(parameter)));
    } else if (parameter.required && parameter.in === 'header' && !RESERVED_HEADERS.has(parameter.name.toLowerCase())) {
      headers[parameter.name.toLowerCase()] = String(scalar(value(parameter)));
    } else if (parameter.required && parameter.in === 'cookie') {
      cookies.push(`${parameter.name}=${encodeURIComponent(String(scalar(value(parameter))))}`);
    }
  }
  addCredentials(document, operation, credentials, { headers, query, cookies });
  if (cookies.length > 0) headers.cookie = cookies.join('; ');
  const built: BuiltRequest = {
    method: method.toUpperCase(),
    url: query.length > 0 ? `${url}?${query.join('&')}` : url,
    headers,
  };
  const body = requestBody(operation, random, requests);
  if (body) {
    headers['content-type'] = body.type;
    built.payload = body.payload;
  }
  return built;
}

function uniqueParameters(parameters: Parameter[]): Parameter[] {
  const seen = new Set<string>();
  return parameters.filter((p) => !seen.has(`${p.in}:${p.name}`) && seen.add(`${p.in}:${p.name}`));
}

function scalar(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scalar).join(',');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return value;
}

function queryPairs(parameter: Parameter, value: unknown): string[] {
  const name = encodeURIComponent(parameter.name);
  if (parameter.content) return [`${name}=${encodeURIComponent(JSON.stringify(value))}`];
  if (Array.isArray(value)) {
    if (parameter.explode === false || parameter.style === 'pipeDelimited' || parameter.style === 'spaceDelimited') {
      const separator = parameter.style === 'pipeDelimited' ? '|' : parameter.style === 'spaceDelimited' ? ' ' : ',';
      return [`${name}=${encodeURIComponent(value.map(String).join(separator))}`];
    }
    return value.map((item) => `${name}=${encodeURIComponent(String(item))}`);
  }
  if (typeof value === 'object' && value !== null) {
    if (parameter.style === 'deepObject')
      return Object.entries(value).map(
        ([key, item]) => `${name}[${encodeURIComponent(key)}]=${encodeURIComponent(String(item))}`,
      );
    return Object.entries(value).map(([key, item]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(item))}`);
  }
  return [`${name}=${encodeURIComponent(String(value))}`];
}

/** The mock's dev credentials for the first security requirement; its Authorization header wins over a parameter. */
function addCredentials(
  document: OpenAPIV3.Document,
  operation: Operation,
  credentials: Record<string, SchemeCredential>,
  into: { headers: Record<string, string>; query: string[]; cookies: string[] },
): void {
  const requirement = (operation.security ?? document.security ?? [])[0] ?? {};
  for (const name of Object.keys(requirement)) {
    const credential = credentials[name];
    if (!credential) continue;
    if (credential.header !== undefined) into.headers.authorization = credential.header;
    else if (credential.in === 'header') into.headers[credential.name.toLowerCase()] = credential.value;
    else if (credential.in === 'query')
      into.query.push(`${encodeURIComponent(credential.name)}=${encodeURIComponent(credential.value)}`);
    else into.cookies.push(`${credential.name}=${credential.value}`);
  }
}

function requestBody(
  operation: Operation,
  random: Random,
  requests: SchemaValidator,
): { type: string; payload: string } | undefined {
  const content = (operation.requestBody as OpenAPIV3.RequestBodyObject | undefined)?.content;
  if (!content) return undefined;
  const entries = Object.entries(content);
  const [type, media] =
    entries.find(([t]) => t === 'application/json') ?? entries.find(([t]) => /json/.test(t)) ?? entries[0];
  const value = generateValidValue(media.schema, { random, direction: 'request' }, (s, v) => requests.errors(s, v));
  if (/json/.test(type) || type === '*/*')
    return { type: type === '*/*' ? 'application/json' : type, payload: JSON.stringify(value) };
  if (type === 'application/x-www-form-urlencoded')
    return { type, payload: new URLSearchParams(formFields(value)).toString() };
  if (type === 'multipart/form-data') return multipart(formFields(value));
  return {
    type: type.includes('*') ? 'application/octet-stream' : type,
    payload: typeof value === 'string' ? value : 'hello',
  };
}

function formFields(value: unknown): Array<[string, string]> {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    Array.isArray(item)
      ? item.map((v) => [key, String(scalar(v))] as [string, string])
      : [[key, String(scalar(item))] as [string, string]],
  );
}

function multipart(fields: Array<[string, string]>): { type: string; payload: string } {
  const boundary = 'pers-mock-test-boundary';
  const parts = fields.map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return { type: `multipart/form-data; boundary=${boundary}`, payload: `${parts.join('')}--${boundary}--\r\n` };
}
