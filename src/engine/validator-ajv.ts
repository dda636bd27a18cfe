import type { Ajv, AnySchema, Options, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { decycle, toValidatorSchema, type Direction } from './validator-schema.js';

export type OpenApiVersion = '3.0' | '3.1';

/** Formats the validator checks; any other format in a document is accepted as written (and warned about). */
export const KNOWN_FORMATS: ReadonlySet<string> = new Set(Object.keys(fullFormats));

export interface ValidatorSetup {
  version: OpenApiVersion;
  /** Formats the document uses that the validator does not know: accepted without a check. */
  unknownFormats?: readonly string[];
  /** Query parameters that carry API keys: accepted by request validation though no operation declares them. */
  queryKeys?: readonly string[];
  /** Told once per problem: a schema that cannot be compiled, a message from Ajv. */
  onWarning?: (message: string) => void;
  /**
   * Check `oneOf` as written (exactly one branch) rather than as `anyOf`: for values the mock
   * makes itself, which can avoid matching several overlapping branches where a client's cannot.
   */
  exactOneOf?: boolean;
  /** Told instead of onWarning when a schema cannot be compiled at all (and so validates nothing). */
  onCompileFailure?: (message: string) => void;
}

/**
 * The options every validator of a document shares: all errors, no strict mode (documents carry
 * `example`, `x-*` and OpenAPI keywords), and regular expressions as ECMA-262 without the `u`
 * flag, which real documents' patterns (`[\w-.]`) are written for.
 */
export function validatorOptions(setup: ValidatorSetup, extra: Options = {}): Options {
  return {
    allErrors: true,
    strict: false,
    validateSchema: false,
    unicodeRegExp: false,
    logger: {
      log: () => undefined,
      warn: (message: unknown) => setup.onWarning?.(String(message)),
      error: (message: unknown) => setup.onWarning?.(String(message)),
    },
    ...extra,
  };
}

/** The Ajv class for the document's version: draft-07 semantics for 3.0, 2020-12 for 3.1. */
export async function ajvClassFor(version: OpenApiVersion): Promise<new (options: Options) => Ajv> {
  if (version === '3.1') return (await import('ajv/dist/2020.js')).Ajv2020;
  return (await import('ajv')).Ajv;
}

/**
 * Makes `ajv` compile OpenAPI schemas for one direction (see toValidatorSchema) and never throw:
 * a schema it cannot compile is reported once and validates everything, so one odd schema
 * costs the validation of what uses it, not the request.
 */
export function prepareAjv(
  ajv: Ajv,
  setup: ValidatorSetup,
  direction: Direction,
  where: () => string = () => 'a schema',
): Ajv {
  if (!ajv.formats['date-time']) addFormats.default(ajv);
  for (const format of setup.unknownFormats ?? []) if (!ajv.formats[format]) ajv.addFormat(format, true);
  const compile = ajv.compile.bind(ajv);
  const guarded = (schema: AnySchema): ValidateFunction => {
    try {
      const prepared = toValidatorSchema(schema, direction, setup.exactOneOf) as AnySchema;
      if (direction === 'request') adaptParameterSchema(prepared, setup.queryKeys ?? []);
      return compile(prepared);
    } catch (error) {
      (setup.onCompileFailure ?? setup.onWarning)?.(
        `${where()}: its schema cannot be compiled, so it is not validated (${(error as Error).message})`,
      );
      return acceptAll;
    }
  };
  ajv.compile = guarded as Ajv['compile'];
  return ajv;
}

/**
 * openapi-backend validates parameters as one object `{ path, query, header, cookie }` of raw
 * strings. Path, header and cookie parameters declared as arrays or objects arrive unsplit, so
 * they are accepted as they are (the document scan warns); API keys sent as query parameters
 * are not unknown parameters.
 */
function adaptParameterSchema(schema: AnySchema, queryKeys: readonly string[]): void {
  const locations = (schema as { properties?: Record<string, { properties?: Record<string, { type?: unknown }> }> })
    .properties;
  if ((schema as { title?: string }).title !== 'Request' || !locations?.path) return;
  for (const where of ['path', 'header', 'cookie']) {
    for (const [name, parameter] of Object.entries(locations[where]?.properties ?? {})) {
      const types = [parameter?.type].flat();
      if (types.includes('array') || types.includes('object')) locations[where].properties![name] = {};
    }
  }
  const query = locations.query;
  if (query?.properties) for (const key of queryKeys) query.properties[key] ??= { type: 'string' };
}

const acceptAll = Object.assign(() => true, { errors: null }) as unknown as ValidateFunction;

/**
 * Validates values against schemas of a dereferenced document (cycles allowed), compiling each
 * schema once. Used for the mock's own answers and the proxy's view of the upstream's.
 */
export class SchemaValidator {
  private readonly compiled = new WeakMap<object, ValidateFunction>();

  constructor(private readonly ajv: Ajv) {}

  static async create(setup: ValidatorSetup, direction: Direction = 'response'): Promise<SchemaValidator> {
    const AjvClass = await ajvClassFor(setup.version);
    return new SchemaValidator(prepareAjv(new AjvClass(validatorOptions(setup)), setup, direction));
  }

  /** The errors of `value` against `schema`, or an empty list. */
  errors(schema: object, value: unknown): NonNullable<ValidateFunction['errors']> {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(decycle(schema) as AnySchema);
      this.compiled.set(schema, validate);
    }
    return validate(value) ? [] : [...(validate.errors ?? [])];
  }
}
