import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';
import { PersError, validationError } from '../errors.js';
import { jsonHazards } from './json-hazards.js';
import { isJsonType, operationsOf } from '../engine/document-scan.js';
import { propertiesOf } from '../engine/resource-collections.js';

/** A form body (urlencoded or multipart) as text fields, typed by `coerceForm` once the operation is known. */
export class FormBody {
  constructor(readonly fields: Record<string, string | string[]>) {}
}

/**
 * Parsers for the request media types the document declares beyond JSON, so its operations can
 * be called as documented: `+json` types as JSON, forms as fields, `text/*` and XML as text,
 * anything else as bytes. A document that declares only JSON (the PERS one) adds none, and
 * every other body stays a 415. Returns true when it added any.
 */
export function registerDocumentBodyParsers(app: FastifyInstance, document: OpenAPIV3.Document): boolean {
  const declared = new Set(
    operationsOf(document).flatMap(({ operation }) =>
      Object.keys((operation.requestBody as OpenAPIV3.RequestBodyObject | undefined)?.content ?? {}).map((type) =>
        bare(type),
      ),
    ),
  );
  let added = false;
  for (const type of declared) {
    if (type === 'application/json') continue;
    const matcher =
      type === '*/*' ? '*' : type.endsWith('/*') ? new RegExp(`^${type.slice(0, -1).replace(/[.+]/g, '\\$&')}`) : type;
    if (typeof matcher === 'string' && app.hasContentTypeParser(matcher)) continue;
    added = true;
    if (isJsonType(type)) app.addContentTypeParser(matcher, { parseAs: 'string' }, jsonBodyParser(app));
    else if (type === 'application/x-www-form-urlencoded')
      app.addContentTypeParser(matcher, { parseAs: 'string' }, (_request, body, done) =>
        done(null, parseUrlEncoded(String(body))),
      );
    else if (type === 'multipart/form-data')
      app.addContentTypeParser(matcher, { parseAs: 'buffer' }, (request, body, done) =>
        done(null, parseMultipart(body as Buffer, String(request.headers['content-type']))),
      );
    else if (/^text\/|[/+]xml$/.test(type))
      app.addContentTypeParser(matcher, { parseAs: 'string' }, (_request, body, done) => done(null, body));
    else app.addContentTypeParser(matcher, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  }
  return added;
}

type JsonBodyParser = (
  request: FastifyRequest,
  body: string,
  done: (error: Error | null, value?: unknown) => void,
) => void;

/**
 * Fastify's JSON parser, which refuses `__proto__` and `constructor.prototype` keys, but a body
 * refused for such a key says so: Fastify reports that and broken JSON with the same error
 * (FST_ERR_CTP_INVALID_JSON_BODY), so a refused body that is still JSON text was refused for a key.
 * A body that parses is refused too when it repeats a key or holds a NUL (see jsonHazards).
 */
export function jsonBodyParser(app: FastifyInstance): JsonBodyParser {
  const parse = app.getDefaultJsonParser('error', 'error') as JsonBodyParser;
  return (request, body, done) =>
    parse(request, body, (error, value) => {
      if (error instanceof errorCodes.FST_ERR_CTP_INVALID_JSON_BODY && isJsonText(body)) {
        done(
          new PersError('MALFORMED_JSON', 'The request body uses a forbidden key (__proto__ or constructor.prototype)'),
        );
      } else if (error) done(error);
      else {
        const hazards = jsonHazards(body);
        if (hazards.length > 0) done(validationError(hazards));
        else done(null, value);
      }
    });
}

/** True when the text is JSON as Fastify's parser (secure-json-parse) reads it: a byte order mark first is skipped. */
function isJsonText(text: string): boolean {
  try {
    JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return true;
  } catch {
    return false;
  }
}

/** True when the operation takes no body, or takes one of this content type. */
export function acceptsMediaType(operation: OpenAPIV3.OperationObject, contentType: string | undefined): boolean {
  const content = (operation.requestBody as OpenAPIV3.RequestBodyObject | undefined)?.content;
  if (!content || !contentType) return true;
  const given = bare(contentType);
  return Object.keys(content).some((declared) => {
    const type = bare(declared);
    return type === given || type === '*/*' || (type.endsWith('/*') && given.startsWith(type.slice(0, -1)));
  });
}

/** Form fields typed as the operation's schema for that media type says (numbers, booleans, arrays, JSON objects). */
export function coerceForm(
  body: FormBody,
  operation: OpenAPIV3.OperationObject,
  contentType: string,
): Record<string, unknown> {
  const content = (operation.requestBody as OpenAPIV3.RequestBodyObject | undefined)?.content ?? {};
  const media = Object.entries(content).find(([type]) => bare(type) === bare(contentType))?.[1];
  const properties = propertiesOf(media?.schema as OpenAPIV3.SchemaObject | undefined);
  return Object.fromEntries(
    Object.entries(body.fields).map(([name, value]) => [name, coerceValue(value, properties[name])]),
  );
}

function coerceValue(value: string | string[], schema: OpenAPIV3.SchemaObject | undefined): unknown {
  const type = ([schema?.type].flat() as Array<string | undefined>).find((t) => t !== 'null');
  if (type === 'array') {
    const items = (schema as OpenAPIV3.ArraySchemaObject).items as OpenAPIV3.SchemaObject | undefined;
    return [value].flat().map((item) => coerceValue(item, items));
  }
  const single = Array.isArray(value) ? value[value.length - 1] : value;
  if ((type === 'integer' || type === 'number') && single.trim() !== '' && Number.isFinite(Number(single)))
    return Number(single);
  if (type === 'boolean' && (single === 'true' || single === 'false')) return single === 'true';
  if (type === 'object') {
    try {
      return JSON.parse(single);
    } catch {
      return single;
    }
  }
  return single;
}

function parseUrlEncoded(text: string): FormBody {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(text)) add(fields, name, value);
  return new FormBody(fields);
}

/** Enough of RFC 7578 for a mock: each part's name and its content as text (files included). */
function parseMultipart(body: Buffer, contentType: string): FormBody {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary)
    throw new PersError('BAD_REQUEST', 'A multipart/form-data body needs a boundary parameter in its Content-Type');
  const fields: Record<string, string | string[]> = {};
  const parts = body
    .toString('latin1')
    .split(`--${boundary[1] ?? boundary[2]}`)
    .slice(1);
  for (const part of parts) {
    if (part.startsWith('--')) break;
    const split = part.indexOf('\r\n\r\n');
    if (split === -1) continue;
    const head = part.slice(0, split);
    const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined) continue;
    const content = part.slice(split + 4).replace(/\r\n$/, '');
    add(fields, name, Buffer.from(content, 'latin1').toString('utf8'));
  }
  return new FormBody(fields);
}

function add(fields: Record<string, string | string[]>, name: string, value: string): void {
  const current = fields[name];
  fields[name] = current === undefined ? value : [current, value].flat();
}

function bare(mediaType: string): string {
  return mediaType.split(';')[0].trim().toLowerCase();
}
