import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenAPIV3 } from 'openapi-types';

export interface SpecValidator {
  document: OpenAPIV3.Document;
  /** The operation a request goes to, by method and path (root or /v2). */
  operationFor(method: string, path: string): { operationId: string; operation: OpenAPIV3.OperationObject } | undefined;
  /** Problems with a response against the document: undocumented status, missing content type, schema errors. */
  responseProblems(operationId: string, status: number, headers: Record<string, unknown>, body: string): string[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export async function createSpecValidator(file = 'openapi.yaml'): Promise<SpecValidator> {
  const document = (await SwaggerParser.dereference(file)) as OpenAPIV3.Document;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const compiled = new Map<object, ValidateFunction>();
  const validatorFor = (schema: object) => {
    if (!compiled.has(schema)) compiled.set(schema, ajv.compile(schema));
    return compiled.get(schema)!;
  };
  const operations = Object.entries(document.paths).flatMap(([template, item]) =>
    METHODS.filter((m) => item?.[m]).map((m) => ({
      method: m,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
      operation: item![m]!,
    })),
  );
  const byId = new Map(operations.map((o) => [o.operation.operationId!, o.operation]));

  return {
    document,
    operationFor(method, path) {
      const bare = path.split('?')[0].replace(/^\/v2(?=\/)/, '');
      const found = operations.find((o) => o.method === method.toLowerCase() && o.pattern.test(bare));
      return found && { operationId: found.operation.operationId!, operation: found.operation };
    },
    responseProblems(operationId, status, headers, body) {
      const operation = byId.get(operationId);
      if (!operation) return [`unknown operation ${operationId}`];
      const response = (operation.responses[String(status)] ?? operation.responses.default) as
        OpenAPIV3.ResponseObject | undefined;
      if (!response) return [`status ${status} is not documented for ${operationId}`];
      const problems: string[] = [];
      for (const [name, header] of Object.entries(response.headers ?? {})) {
        if ((header as OpenAPIV3.HeaderObject).required !== false && headers[name.toLowerCase()] === undefined) {
          problems.push(`header ${name} is missing`);
        }
      }
      const media = response.content?.['application/json'];
      if (!media) {
        if (body.length > 0) problems.push(`status ${status} documents no body but one was sent`);
        return problems;
      }
      const contentType = headers['content-type'];
      if (typeof contentType !== 'string' || !contentType.startsWith('application/json')) {
        problems.push(`content type ${JSON.stringify(contentType)} is not application/json`);
        return problems;
      }
      const validate = validatorFor(media.schema as object);
      if (!validate(JSON.parse(body))) {
        problems.push(...(validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message}`));
      }
      return problems;
    },
  };
}
