import type { OpenAPIV3 } from 'openapi-types';
import { KNOWN_FORMATS } from './validator-ajv.js';

/** Something in the document the mock cannot fully honour, and where it is (a JSON pointer). */
export interface SpecWarning {
  pointer: string;
  message: string;
}

export interface DocumentScan {
  warnings: SpecWarning[];
  /** Formats the validator does not know; they are accepted without a check. */
  unknownFormats: string[];
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const VALIDATED_BODY_TYPES = ['application/json', 'multipart/form-data', 'application/x-www-form-urlencoded'];

/**
 * Readies a dereferenced document for routing and says what the mock cannot honour. Operations
 * without an `operationId` get one (`get /pets/{id}`), and a repeated one is made unique, since
 * handlers and validators are found by id. Nothing else is changed.
 */
export function scanDocument(document: OpenAPIV3.Document): DocumentScan {
  const warnings: SpecWarning[] = [];
  const warn = (pointer: string, message: string) => warnings.push({ pointer, message });
  nameOperations(document, warn);
  const paths = Object.keys(document.paths ?? {});
  const webhooks = (document as { webhooks?: object }).webhooks;
  if (webhooks)
    warn('#/webhooks', `${Object.keys(webhooks).length} webhook(s) are documented; the mock does not send webhooks`);
  if (paths.length === 0) warn('#/paths', 'the document has no paths: every request is a 404');
  for (const { pointer, path, method, operation } of operationsOf(document)) {
    if (method === 'options')
      warn(pointer, 'OPTIONS operations are answered by the CORS preflight handling, not from the document');
    if (operation.callbacks) warn(`${pointer}/callbacks`, 'callbacks are documented; the mock does not call them');
    const item = document.paths[path]!;
    for (const parameter of [
      ...(operation.parameters ?? []),
      ...(item.parameters ?? []),
    ] as OpenAPIV3.ParameterObject[]) {
      const types = [(parameter.schema as OpenAPIV3.SchemaObject | undefined)?.type].flat();
      if (parameter.in !== 'query' && (types.includes('array') || types.includes('object'))) {
        warn(
          `${pointer}/parameters/${escape(parameter.name)}`,
          `${parameter.in} parameter '${parameter.name}' (${types.join('/')}) is not deserialized; it is accepted ` +
            `without validation`,
        );
      }
    }
    for (const type of Object.keys((operation.requestBody as OpenAPIV3.RequestBodyObject | undefined)?.content ?? {})) {
      if (!VALIDATED_BODY_TYPES.includes(type.toLowerCase()) && !isJsonType(type)) {
        warn(
          `${pointer}/requestBody/content/${escape(type)}`,
          `request bodies of type ${type} are accepted but not validated`,
        );
      } else if (
        isJsonType(type) &&
        type.toLowerCase() !== 'application/json' &&
        !('application/json' in (operation.requestBody as OpenAPIV3.RequestBodyObject).content)
      ) {
        warn(
          `${pointer}/requestBody/content/${escape(type)}`,
          `request bodies of type ${type} are parsed as JSON but not validated`,
        );
      }
    }
  }
  scanSecuritySchemes(document, warn);
  const unknownFormats = scanSchemas(document, warn);
  return { warnings, unknownFormats };
}

export interface LocatedOperation {
  pointer: string;
  path: string;
  method: (typeof HTTP_METHODS)[number];
  operation: OpenAPIV3.OperationObject;
}

export function operationsOf(document: OpenAPIV3.Document): LocatedOperation[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item?.[method]).map((method) => ({
      pointer: `#/paths/${escape(path)}/${method}`,
      path,
      method,
      operation: item![method]!,
    })),
  );
}

function nameOperations(document: OpenAPIV3.Document, warn: (pointer: string, message: string) => void): void {
  const taken = new Set<string>();
  for (const { pointer, path, method, operation } of operationsOf(document)) {
    if (operation.operationId === undefined || operation.operationId === '') {
      operation.operationId = `${method} ${path}`;
    } else if (taken.has(operation.operationId)) {
      const renamed = `${operation.operationId} (${method} ${path})`;
      warn(
        `${pointer}/operationId`,
        `operationId '${operation.operationId}' is used twice; this one is known as '${renamed}'`,
      );
      operation.operationId = renamed;
    }
    taken.add(operation.operationId);
  }
}

function scanSecuritySchemes(document: OpenAPIV3.Document, warn: (pointer: string, message: string) => void): void {
  const schemes = (document.components?.securitySchemes ?? {}) as Record<
    string,
    OpenAPIV3.SecuritySchemeObject | { type: string }
  >;
  for (const [name, scheme] of Object.entries(schemes)) {
    const pointer = `#/components/securitySchemes/${escape(name)}`;
    if (scheme.type === 'mutualTLS')
      warn(
        pointer,
        `security scheme '${name}' (mutualTLS) cannot be checked over plain HTTP; requests are accepted without it`,
      );
    if (scheme.type === 'http') {
      const httpScheme = (scheme as OpenAPIV3.HttpSecurityScheme).scheme.toLowerCase();
      if (httpScheme !== 'bearer' && httpScheme !== 'basic') {
        warn(
          pointer,
          `security scheme '${name}' (HTTP ${httpScheme}) is not negotiated: its dev credential is accepted as ` +
            'one whole Authorization header (GET /__mock/credentials lists it)',
        );
      }
    }
  }
  // A requirement naming an undefined scheme could never be met: the name is dropped from it.
  const requirements = [
    document.security ?? [],
    ...operationsOf(document).map((o) => o.operation.security ?? []),
  ].flat();
  const undefinedNames = new Set<string>();
  for (const requirement of requirements) {
    for (const name of Object.keys(requirement)) {
      if (name in schemes) continue;
      undefinedNames.add(name);
      delete requirement[name];
    }
  }
  for (const name of undefinedNames)
    warn(
      '#/components/securitySchemes',
      `security requirement names '${name}', which is not defined; it is not enforced`,
    );
}

/** Walks every schema once (the dereferenced document shares and may cycle). */
function scanSchemas(document: OpenAPIV3.Document, warn: (pointer: string, message: string) => void): string[] {
  const unknownFormats = new Map<string, string>();
  const seen = new Set<object>();
  const visit = (node: unknown, pointer: string) => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    const record = node as Record<string, unknown>;
    if (
      typeof record.format === 'string' &&
      typeof record.type !== 'undefined' &&
      !KNOWN_FORMATS.has(record.format) &&
      !unknownFormats.has(record.format)
    ) {
      unknownFormats.set(record.format, pointer);
    }
    for (const [key, child] of Object.entries(record)) {
      if (key === 'example' || key === 'examples' || key === 'enum' || key === 'default' || key === 'const') continue;
      visit(child, `${pointer}/${escape(key)}`);
    }
  };
  visit(document.paths, '#/paths');
  visit(document.components, '#/components');
  for (const [format, pointer] of unknownFormats) {
    warn(
      `${pointer}/format`,
      `format '${format}' is unknown to the validator; values are accepted without a format check`,
    );
  }
  return [...unknownFormats.keys()];
}

export function isJsonType(mediaType: string): boolean {
  const bare = mediaType.split(';')[0].trim().toLowerCase();
  return bare === 'application/json' || /^application\/[^/]*\+json$/.test(bare);
}

export function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
