import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { SchemaObject } from '../engine/operation-index.js';

/**
 * Validates values against OpenAPI 3.0 schemas (ajv understands `nullable`; `example` and `x-*`
 * are ignored). Compiled validators are cached by schema object, which a dereferenced document
 * shares between every use of a component.
 */
export class SchemaValidator {
  private readonly strictAjv = createAjv(false);
  /** Query and header values arrive as strings; this one coerces them as a server would. */
  private readonly coercingAjv = createAjv(true);
  private readonly cache = new WeakMap<object, ValidateFunction>();
  private readonly coercingCache = new WeakMap<object, ValidateFunction>();
  private readonly wrappers = new WeakMap<object, SchemaObject>();

  /** Readable problems, empty when `value` conforms. */
  problems(schema: SchemaObject, value: unknown): string[] {
    const validate = this.compiled(this.strictAjv, this.cache, schema);
    return validate(value) ? [] : describe(validate.errors ?? []);
  }

  isValid(schema: SchemaObject, value: unknown): boolean {
    return this.problems(schema, value).length === 0;
  }

  /** Whether a raw string (query, header) conforms once coerced to the schema's type. */
  isValidRaw(schema: SchemaObject, raw: string): boolean {
    const wrapper = this.wrapperFor(schema);
    const validate = this.compiled(this.coercingAjv, this.coercingCache, wrapper);
    return validate({ value: raw });
  }

  /** A raw value is validated as `{ value }`, since ajv coerces properties, not a bare root. */
  private wrapperFor(schema: SchemaObject): SchemaObject {
    let wrapper = this.wrappers.get(schema);
    if (!wrapper) {
      wrapper = { type: 'object', properties: { value: schema } };
      this.wrappers.set(schema, wrapper);
    }
    return wrapper;
  }

  private compiled(ajv: Ajv, cache: WeakMap<object, ValidateFunction>, schema: SchemaObject): ValidateFunction {
    let validate = cache.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      cache.set(schema, validate);
    }
    return validate;
  }
}

function createAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes, validateFormats: true });
  addFormats.default(ajv);
  return ajv;
}

function describe(errors: ErrorObject[]): string[] {
  return errors.map((error) => {
    const where = error.instancePath || '(root)';
    const params =
      error.keyword === 'enum' ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
    return `${where} ${error.message ?? 'is invalid'}${params}`;
  });
}
