import type { ErrorObject } from 'ajv';
import { SchemaValidator, type ValidatorSetup } from '../engine/validator-ajv.js';
import type { LoadedSpec } from '../engine/load-spec.js';
import { ContractConfigError } from './errors.js';
import type { OperationSpec, ParameterSpec, SchemaObject, SpecIndex } from '../engine/operation-index.js';

/**
 * The runner's view of the document's schemas, on the validator the mock and the proxy use
 * (OpenAPI 3.0 `nullable`, 3.1 by its own dialect, readOnly/writeOnly by direction). Responses
 * are judged as a server sends them, generated bodies as a client sends them, and query and
 * header values as the strings they are, coerced to the schema's type as a server would.
 */
export class DocumentSchemas {
  private readonly wrappers = new WeakMap<object, SchemaObject>();

  private constructor(
    private readonly responses: SchemaValidator,
    private readonly requests: SchemaValidator,
    private readonly rawValues: SchemaValidator,
  ) {}

  static async create(setup: ValidatorSetup): Promise<DocumentSchemas> {
    return new DocumentSchemas(
      await SchemaValidator.create(setup, 'response'),
      await SchemaValidator.create(setup, 'request'),
      await SchemaValidator.create(setup, 'request', { coerceTypes: true }),
    );
  }

  /**
   * The validators for a document, with every schema the run will use compiled before anything
   * is sent: a schema the validator cannot use stops the run as a configuration error naming the
   * file and the JSON pointer, instead of costing its checks silently (or crashing) mid-run.
   */
  static async forDocument(loaded: LoadedSpec, spec: SpecIndex): Promise<DocumentSchemas> {
    const warnings: string[] = [];
    const schemas = await DocumentSchemas.create({
      version: loaded.version,
      unknownFormats: loaded.unknownFormats,
      sharedSchemas: loaded.dereferenced.components?.schemas,
      // Ajv's notices about a schema it still compiled (an enum that its type cannot take) cost
      // nothing; only a schema that validates nothing at all is a reason to stop.
      onCompileFailure: (message) => warnings.push(message),
    });
    for (const [pointer, compile] of schemas.uses(spec, loaded.dereferenced)) {
      compile();
      if (warnings.length > 0)
        throw new ContractConfigError(
          `${loaded.file}#${pointer}: the runner cannot use this schema: ${reasonOf(warnings[0])}`,
        );
    }
    return schemas;
  }

  /** Each schema of the document with the validator it will be judged by, by JSON pointer. */
  private *uses(spec: SpecIndex, document: LoadedSpec['dereferenced']): Generator<[string, () => unknown]> {
    for (const op of spec.operations) {
      const at = `/paths/${escape(op.path)}/${op.method.toLowerCase()}`;
      for (const param of op.parameters)
        yield [`${parameterPointer(document, op, param)}/schema`, () => this.isValidRaw(param.schema, '')];
      for (const [mediaType, schema] of Object.entries(op.requestBody?.content ?? {}))
        yield [`${at}/requestBody/content/${escape(mediaType)}/schema`, () => this.isValid(schema, null)];
      for (const response of op.responses) {
        const where = `${at}/responses/${response.key}`;
        for (const [mediaType, schema] of Object.entries(response.content))
          yield [`${where}/content/${escape(mediaType)}/schema`, () => this.problems(schema, null)];
        for (const [name, header] of Object.entries(response.headers))
          yield [`${where}/headers/${escape(name)}/schema`, () => this.isValidRaw(header.schema, '')];
      }
    }
  }

  /** Readable problems of a response body, empty when it conforms. */
  problems(schema: SchemaObject, value: unknown): string[] {
    return describe(this.responses.errors(schema, value));
  }

  /** Whether a server may answer with this value. */
  isValidResponse(schema: SchemaObject, value: unknown): boolean {
    return this.responses.errors(schema, value).length === 0;
  }

  /** Whether a value the runner is about to send conforms. */
  isValid(schema: SchemaObject, value: unknown): boolean {
    return this.requests.errors(schema, value).length === 0;
  }

  /** Whether a raw string (query, header) conforms once coerced to the schema's type. */
  isValidRaw(schema: SchemaObject, raw: string): boolean {
    return this.rawValues.errors(this.wrapperFor(schema), { value: raw }).length === 0;
  }

  /** A raw value is validated as `{ value }`, since Ajv coerces properties, not a bare root. */
  private wrapperFor(schema: SchemaObject): SchemaObject {
    let wrapper = this.wrappers.get(schema);
    if (!wrapper) {
      wrapper = { type: 'object', properties: { value: schema } };
      this.wrappers.set(schema, wrapper);
    }
    return wrapper;
  }
}

function describe(errors: ErrorObject[]): string[] {
  return errors.map((error) => {
    const where = error.instancePath || '(root)';
    const params =
      error.keyword === 'enum' ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
    return `${where} ${error.message ?? 'is invalid'}${params}`;
  });
}

/** The validator's words without its own framing ("a schema: its schema cannot be compiled, … (reason)"). */
function reasonOf(warning: string): string {
  return /cannot be compiled.*?\((.*)\)$/s.exec(warning)?.[1] ?? warning;
}

/** Where a parameter is declared: on the operation, or on its path (where it is inherited from). */
function parameterPointer(document: LoadedSpec['dereferenced'], op: OperationSpec, param: ParameterSpec): string {
  const item = (document.paths?.[op.path] ?? {}) as Record<string, { parameters?: unknown } | undefined>;
  const method = op.method.toLowerCase();
  const indexIn = (list: unknown) =>
    Array.isArray(list) ? list.findIndex((p: ParameterSpec) => p.name === param.name && p.in === param.in) : -1;
  const onOperation = indexIn(item[method]?.parameters);
  const path = `/paths/${escape(op.path)}`;
  return onOperation >= 0
    ? `${path}/${method}/parameters/${onOperation}`
    : `${path}/parameters/${indexIn((item as { parameters?: unknown }).parameters)}`;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
