import type { OpenAPIV3 } from 'openapi-types';
import { generateValidValue, generateValue, type ValueCheck } from '../engine/generation/generate-value.js';
import { createRandom, type Random } from '../engine/generation/random.js';
import { PersError } from '../errors.js';
import type { ApiResult } from '../handlers/trigger-source-handlers.js';
import { jsonText } from '../json-text.js';
import { SEED_REFERENCE_TIME } from '../seed/seed-trigger-sources.js';

export interface MockChoice {
  /** A documented status; default: the operation's first 2xx. */
  status?: number;
  /** A named example of that response. */
  example?: string;
  /** Generate from the schema instead of using examples. */
  dynamic?: boolean;
  /** Makes generated bodies reproducible. */
  seed?: number;
}

export interface MockTools {
  /**
   * The schema errors of a value (none: valid). With it, an example that does not match its schema
   * is passed over and generation retries.
   */
  validate?: ValueCheck;
  /**
   * A stricter check the mock's answers should pass where they can: `oneOf` as written, so a body
   * matches exactly one branch, and no `null` from a `nullable` without a `type` (see
   * ValidatorSetup.strict).
   */
  prefer?: ValueCheck;
  /** Told when the document's example does not match its own schema. */
  warn?: (message: string) => void;
}

/**
 * A response made from the document alone, without touching state: the named example, else the
 * response's example, else a body generated from its schema (and its documented headers). An
 * undocumented status or unknown example is a 400 that names what the document does have.
 */
export async function mockOperationResponse(
  operation: OpenAPIV3.OperationObject,
  choice: MockChoice,
  tools: MockTools = {},
): Promise<ApiResult> {
  const documented = Object.keys(operation.responses ?? {});
  const status = choice.status ?? defaultStatus(documented);
  if (status < 200) throw informational(operation, choice.status, documented);
  const response = (operation.responses?.[String(status)] ??
    operation.responses?.[`${String(status)[0]}XX`] ??
    (choice.status === undefined ? operation.responses?.default : undefined)) as OpenAPIV3.ResponseObject | undefined;
  if (!response) {
    if (choice.status === undefined) return { status };
    throw new PersError(
      'MOCK_PREFERENCE_INVALID',
      `Status ${status} is not documented for ${operation.operationId}; documented: ${documented.join(', ')}`,
      {
        target: 'code',
      },
    );
  }
  const random = await createRandom(choice.seed, SEED_REFERENCE_TIME);
  const headers = documentedHeaders(response, random);
  const [mediaType, media] = pickMedia(response);
  if (!media) {
    if (choice.example) throw unknownExample(operation, status, choice.example, []);
    return { status, headers };
  }
  const body = isJsonMedia(mediaType)
    ? mockBody(operation, status, media, choice, random, tools)
    : textBody(media, random);
  return { status, headers: { ...headers, 'content-type': concreteType(mediaType) }, body };
}

/**
 * The first 2xx; else a `2XX` range or `default` as a 200; else the first documented final status
 * (not a 1xx, which ends no exchange); else the first documented status.
 */
function defaultStatus(documented: string[]): number {
  const success = documented.filter((code) => /^2\d\d$/.test(code)).sort()[0];
  if (success) return Number(success);
  if (documented.includes('2XX') || documented.includes('default') || documented.length === 0) return 200;
  const exact = documented.filter((code) => /^[2-5]\d\d$/.test(code)).sort()[0];
  const range = documented.find((code) => /^[2-5]XX$/.test(code));
  return exact ? Number(exact) : Number(`${(range ?? documented[0])[0]}00`);
}

/**
 * HTTP ends no exchange with an informational status: it cannot be the mock's answer, whether a
 * client asked for it (`asked`) or the operation documents nothing else.
 */
function informational(
  operation: OpenAPIV3.OperationObject,
  asked: number | undefined,
  documented: string[],
): PersError {
  if (asked !== undefined) {
    const because = `Status ${asked} is informational: HTTP ends no exchange with one`;
    return new PersError('MOCK_PREFERENCE_INVALID', because, { target: 'code' });
  }
  return new PersError(
    'NO_FINAL_RESPONSE',
    `${operation.operationId} documents only informational answers (${documented.join(', ')}), and HTTP ends ` +
      'no exchange with one: the document gives no final answer to send',
  );
}

function mockBody(
  operation: OpenAPIV3.OperationObject,
  status: number,
  media: OpenAPIV3.MediaTypeObject,
  choice: MockChoice,
  random: Random,
  tools: MockTools,
): unknown {
  const named = (media.examples ?? {}) as Record<string, OpenAPIV3.ExampleObject>;
  if (choice.example !== undefined) {
    if (!(choice.example in named)) throw unknownExample(operation, status, choice.example, Object.keys(named));
    return structuredClone(named[choice.example].value);
  }
  const schema = media.schema as OpenAPIV3.SchemaObject | undefined;
  const errorsOf = (value: unknown) => (schema && tools.validate ? tools.validate(schema, value) : []);
  if (!choice.dynamic) {
    const documented: unknown =
      media.example !== undefined
        ? media.example
        : Object.values(named).find((example) => example?.value !== undefined)?.value;
    if (documented !== undefined) {
      const problems = errorsOf(documented);
      if (problems.length === 0) return preferred(schema, documented, random, tools);
      tools.warn?.(
        `the example of ${operation.operationId} → ${status} does not match its schema (${describe(problems)}); ` +
          `answering with a generated body`,
      );
    }
  }
  return generateValidValue(
    schema,
    { random, examples: !choice.dynamic, warn: tools.warn },
    tools.validate,
    tools.prefer,
  );
}

/**
 * The documented example, unless it fails the stricter check (an example matching two `oneOf`
 * branches) and a generated body passes it.
 */
function preferred(
  schema: OpenAPIV3.SchemaObject | undefined,
  documented: unknown,
  random: Random,
  tools: MockTools,
): unknown {
  if (!schema || !tools.prefer || tools.prefer(schema, documented).length === 0) return structuredClone(documented);
  const generated = generateValidValue(
    schema,
    { random, examples: false, warn: tools.warn },
    tools.validate,
    tools.prefer,
  );
  return tools.prefer(schema, generated).length === 0 ? generated : structuredClone(documented);
}

/** A non-JSON body: its example when it is text, else text generated for a string schema, else empty. */
function textBody(media: OpenAPIV3.MediaTypeObject, random: Random): string {
  const example: unknown =
    media.example ?? Object.values((media.examples ?? {}) as Record<string, OpenAPIV3.ExampleObject>)[0]?.value;
  if (typeof example === 'string') return example;
  const schema = media.schema as OpenAPIV3.SchemaObject | undefined;
  if (schema?.type === 'string' && schema.format !== 'binary') return String(generateValue(schema, { random }));
  return '';
}

/**
 * The answer with a value for each header the operation documents for its status that it lacks:
 * an answer the mock makes itself (a stored resource, a PERS error) says what the document says
 * that status carries, as one made from the document does.
 */
let headerRandom: Promise<Random> | undefined;

export async function withDocumentedHeaders(
  operation: OpenAPIV3.OperationObject,
  result: ApiResult,
  /** Headers the server sets itself (the correlation id): none is made up for them. */
  setAlready: (name: string) => boolean = () => false,
): Promise<ApiResult> {
  const responses = operation.responses ?? {};
  const response = (responses[String(result.status)] ??
    responses[`${String(result.status)[0]}XX`] ??
    responses.default) as OpenAPIV3.ResponseObject | undefined;
  const missing = Object.entries(response?.headers ?? {}).filter(([name]) => {
    const key = name.toLowerCase();
    return key !== 'content-type' && result.headers?.[key] === undefined && !setAlready(key);
  });
  if (missing.length === 0) return result;
  // One generator for every answer: making one costs more than the rest of a trigger-source read.
  headerRandom ??= createRandom();
  const made = documentedHeaders({ description: '', headers: Object.fromEntries(missing) }, await headerRandom);
  return { ...result, headers: { ...made, ...result.headers } };
}

/** Values for the response's documented headers, from their examples or schemas. */
export function documentedHeaders(response: OpenAPIV3.ResponseObject, random: Random): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(response.headers ?? {}) as Array<[string, OpenAPIV3.HeaderObject]>) {
    if (name.toLowerCase() === 'content-type') continue;
    const value: unknown = header.example ?? generateValue(header.schema, { random });
    if (value === null || value === undefined) continue;
    headers[name.toLowerCase()] = jsonText(value);
  }
  return headers;
}

function pickMedia(response: OpenAPIV3.ResponseObject): [string, OpenAPIV3.MediaTypeObject | undefined] {
  const entries = Object.entries(response.content ?? {});
  const json =
    entries.find(([type]) => type.toLowerCase() === 'application/json') ?? entries.find(([type]) => isJsonMedia(type));
  return json ?? entries[0] ?? ['application/json', undefined];
}

function isJsonMedia(mediaType: string): boolean {
  return /json/i.test(mediaType) || mediaType === '*/*';
}

/** A media range (`*\/*`, `image/*`) is not a content type one can send. */
function concreteType(mediaType: string): string {
  if (mediaType === '*/*') return 'application/json';
  return mediaType.endsWith('/*') ? 'application/octet-stream' : mediaType;
}

function describe(problems: unknown[]): string {
  const first = problems[0] as { instancePath?: string; message?: string };
  return (
    `${first.instancePath || '/'} ` +
    `${first.message ?? 'is invalid'}${problems.length > 1 ? `, and ${problems.length - 1} more` : ''}`
  );
}

function unknownExample(
  operation: OpenAPIV3.OperationObject,
  status: number,
  name: string,
  known: string[],
): PersError {
  const listed = known.length > 0 ? known.join(', ') : 'none';
  return new PersError(
    'MOCK_PREFERENCE_INVALID',
    `No example '${name}' for status ${status} of ${operation.operationId}; documented examples: ${listed}`,
    {
      target: 'example',
    },
  );
}
