import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';

export interface LoadedSpec {
  file: string;
  /** Bundled into one document, internal `$ref`s intact: what /openapi.json and /openapi.yaml serve. */
  document: OpenAPIV3.Document;
  /** Validated and fully dereferenced: what routing and validation use. */
  dereferenced: OpenAPIV3.Document;
}

export class SpecError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'SpecError';
  }
}

export interface LoadSpecOptions {
  /**
   * Check the document against the OpenAPI schema too. It costs most of the start-up time, so
   * the server skips it for the bundled openapi.yaml, which CI validates and lints.
   */
  validate?: boolean;
}

export async function loadSpec(file: string, options: LoadSpecOptions = { validate: true }): Promise<LoadedSpec> {
  try {
    const document = (await SwaggerParser.bundle(file)) as OpenAPIV3.Document;
    const dereferenced = (
      options.validate ? await SwaggerParser.validate(file) : await SwaggerParser.dereference(structuredClone(document))
    ) as OpenAPIV3.Document;
    return { file, document, dereferenced };
  } catch (error) {
    throw new SpecError(file, `is not a valid OpenAPI document: ${(error as Error).message}`);
  }
}
