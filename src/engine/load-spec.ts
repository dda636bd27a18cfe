import type { OpenAPIV3 } from 'openapi-types';
import { scanDocument, type SpecWarning } from './document-scan.js';
import { SpecError } from './spec-error.js';
import type { OpenApiVersion } from './validator-ajv.js';

export type { SpecWarning } from './document-scan.js';
export { SpecError } from './spec-error.js';

export interface LoadedSpec {
  file: string;
  /**
   * Bundled into one document, internal `$ref`s intact (after the overlay, if any): what
   * /openapi.json and /openapi.yaml serve.
   */
  document: OpenAPIV3.Document;
  /** Validated and fully dereferenced: what routing and validation use. */
  dereferenced: OpenAPIV3.Document;
  /** `3.0` or `3.1`: decides how schemas are validated. */
  version: OpenApiVersion;
  /** What the mock cannot fully honour, each with its JSON pointer; logged at start. */
  warnings: SpecWarning[];
  /** Formats the validator does not know; values in them are accepted as they are. */
  unknownFormats: string[];
}

export interface LoadSpecOptions {
  /**
   * Check the document against the OpenAPI schema too. It costs most of the start-up time, so
   * the server skips it for the bundled openapi.yaml, which CI validates and lints.
   */
  validate?: boolean;
  /** An OpenAPI Overlay 1.0 file applied to the document before it is validated and used. */
  overlay?: string;
}

/**
 * Reads an OpenAPI 3.0 or 3.1 document, or a Swagger 2.0 one converted to 3.0 (YAML or JSON,
 * `$ref`s across files), applies the overlay, validates and dereferences it. Problems that make
 * it unusable are a SpecError naming the file; constructs the mock cannot fully honour are
 * warnings naming where they are.
 */
export async function loadSpec(file: string, options: LoadSpecOptions = { validate: true }): Promise<LoadedSpec> {
  // Loaded here rather than with the module: `serve` with the built-in document starts from its
  // prepared form (prepared-spec.ts) and never needs it.
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  const read = await readDocument(file).catch((error: Error) => {
    throw new SpecError(file, `is not a valid OpenAPI document: ${error.message}`);
  });
  const warnings: SpecWarning[] = [];
  if (options.overlay) {
    const { applyOverlayFile } = await import('./overlay.js');
    warnings.push(...(await applyOverlayFile(read.document, options.overlay)));
  }
  let document = read.document;
  if (isSwagger2(document)) {
    document = await fromSwagger2(document, file);
    warnings.push({
      pointer: '#/swagger',
      message: 'a Swagger 2.0 document: served and checked as converted to OpenAPI 3.0 by swagger2openapi',
    });
  }
  const version = versionOf(document, file);
  let dereferenced: OpenAPIV3.Document;
  try {
    const copy = structuredClone(document);
    dereferenced = (
      options.validate ? await SwaggerParser.validate(copy) : await SwaggerParser.dereference(copy)
    ) as OpenAPIV3.Document;
  } catch (error) {
    const breaches = schemaBreaches(error);
    if (breaches.length === 0)
      throw new SpecError(file, `is not a valid OpenAPI document: ${(error as Error).message}`);
    // Published documents break the OpenAPI schema in places that do not stop them being served
    // (a `type: 'null'` in 3.0, `scheme: Bearer` capitalised, a null schema): served as written,
    // each breach a warning at its pointer. What cannot be resolved still stops the start.
    warnings.push(...breaches);
    dereferenced = (await SwaggerParser.dereference(structuredClone(document)).catch((dereferencing: Error) => {
      throw new SpecError(file, `is not a valid OpenAPI document: ${dereferencing.message}`);
    })) as OpenAPIV3.Document;
  }
  if (version === '3.1') dropNullable(dereferenced);
  const scan = scanDocument(dereferenced);
  return {
    file,
    document,
    dereferenced,
    version,
    warnings: [...warnings, ...scan.warnings],
    unknownFormats: scan.unknownFormats,
  };
}

/**
 * The document in one piece, internal `$ref`s as written, and every file it was read from.
 * Bundling moves other files' parts in; its inventory of `$ref`s is searched once per `$ref`,
 * which on a 3 MB document took two seconds. A document in one file has nothing to move, so it is
 * used as parsed (bundling would also have re-pointed a `$ref` to an alias at what it aliases).
 */
export async function readDocument(file: string): Promise<{ document: OpenAPIV3.Document; files: string[] }> {
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  const parser = new SwaggerParser();
  const files = (await parser.resolve(file)).paths();
  const document = files.length === 1 ? parser.api : await new SwaggerParser().bundle(file);
  return { document: document as OpenAPIV3.Document, files };
}

/**
 * The places where swagger-parser found the document breaking the OpenAPI schema, one warning
 * per pointer (its first message); none for any other error (unreadable, an unresolvable `$ref`).
 */
function schemaBreaches(error: unknown): SpecWarning[] {
  const details = (error as { details?: unknown }).details;
  if (!Array.isArray(details)) return [];
  const byPointer = new Map<string, string>();
  for (const detail of details as Array<{ instancePath?: string; message?: string }>) {
    const pointer = `#${detail.instancePath ?? ''}`;
    if (!byPointer.has(pointer)) byPointer.set(pointer, detail.message ?? 'is invalid');
  }
  return [...byPointer].map(([pointer, message]) => ({
    pointer,
    message: `breaks the OpenAPI schema (${message}); served as written`,
  }));
}

function isSwagger2(document: object): boolean {
  return (document as { swagger?: unknown }).swagger !== undefined;
}

/**
 * A Swagger 2.0 document as OpenAPI 3.0, converted by swagger2openapi (the converter Redoc
 * uses), fixing the small slips it knows (`patch`) rather than refusing them.
 */
async function fromSwagger2(document: OpenAPIV3.Document, file: string): Promise<OpenAPIV3.Document> {
  const { convertObj } = await import('swagger2openapi');
  try {
    const { openapi } = await convertObj(document, { patch: true, warnOnly: true });
    return openapi as OpenAPIV3.Document;
  } catch (error) {
    throw new SpecError(
      file,
      `is a Swagger 2.0 document that cannot be converted to OpenAPI 3.0: ${(error as Error).message}`,
    );
  }
}

/** `3.0` or `3.1`, or a SpecError for anything else (a missing or unknown version). */
export function versionOf(document: OpenAPIV3.Document, file: string): OpenApiVersion {
  const declared = (document as { openapi?: unknown }).openapi;
  if (typeof declared !== 'string' || !/^3\.[01]\.\d+/.test(declared)) {
    throw new SpecError(
      file,
      `is not a valid OpenAPI document: 'openapi' must be a 3.0.x or 3.1.x version, not ${JSON.stringify(declared)}`,
    );
  }
  return declared.startsWith('3.1') ? '3.1' : '3.0';
}

/** Keywords whose value is data (an example, an enum value), where a `nullable` key is data too. */
const DATA_KEYWORDS = new Set(['example', 'examples', 'enum', 'const', 'default']);

/**
 * OpenAPI 3.1 has no `nullable`: where a 3.1 document still writes it (a 3.0 leftover), it is an
 * annotation that allows nothing, and null is allowed only by `type: [T, 'null']`. It is dropped
 * wherever it is a schema's flag (a boolean), so the validator and the generator read the schema
 * as 3.1 does; a property or header named `nullable` is an object, and data keywords are skipped.
 */
function dropNullable(value: unknown, seen = new Set<object>()): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) return value.forEach((item) => dropNullable(item, seen));
  const node = value as Record<string, unknown>;
  if (typeof node.nullable === 'boolean') delete node.nullable;
  for (const [key, child] of Object.entries(node)) if (!DATA_KEYWORDS.has(key)) dropNullable(child, seen);
}
