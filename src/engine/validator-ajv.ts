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
   * Read schemas as strictly as they are written, for values the mock makes itself, which can
   * meet every reading where a client's cannot: `oneOf` as exactly one branch rather than as
   * `anyOf` (real documents' branches overlap), and a 3.0 `nullable` without a `type` beside it as
   * having no effect, as OpenAPI 3.0.3 says, rather than as allowing `null` (as most documents
   * that write it mean).
   */
  strict?: boolean;
  /** Told instead of onWarning when a schema cannot be compiled at all (and so validates nothing). */
  onCompileFailure?: (message: string) => void;
  /**
   * The document's named schemas (`components.schemas`, dereferenced): a SchemaValidator compiles
   * each once and refers to it wherever it occurs, rather than into every schema that uses it
   * (GitHub's document refers to its `simple-user` 425 times).
   */
  sharedSchemas?: Readonly<Record<string, unknown>>;
}

/** The Ajv key of a shared schema, by its place among them: `$ref`s to it are resolved by this prefix. */
const SHARED_KEY = 'shared:';

/** The JSON Schema Ajv compiles for an OpenAPI schema tree, in one direction. */
function validatorSchemaFor(setup: ValidatorSetup, direction: Direction): (tree: unknown) => AnySchema {
  const shared = Object.values(setup.sharedSchemas ?? {});
  const resolveShared = (ref: string) =>
    ref.startsWith(SHARED_KEY) ? shared[Number(ref.slice(SHARED_KEY.length))] : undefined;
  return (tree) => toValidatorSchema(tree, direction, setup.strict, resolveShared) as AnySchema;
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
  const validatorSchema = validatorSchemaFor(setup, direction);
  const guarded = (schema: AnySchema): ValidateFunction => {
    try {
      const prepared = validatorSchema(schema);
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
 * schema once, and each shared schema (see ValidatorSetup) once for all of them. Used for the
 * mock's own answers, the proxy's view of the upstream's and the runner's judgements.
 */
export class SchemaValidator {
  private readonly compiled = new WeakMap<object, ValidateFunction>();
  private readonly sharedPlaces = new Map<object, number>();
  private readonly registered = new Set<string>();

  private constructor(
    private readonly ajv: Ajv,
    private readonly validatorSchema: (tree: unknown) => AnySchema,
    shared: Readonly<Record<string, unknown>>,
  ) {
    // A schema with its own `$id` is left where it is: registered, its id would clash with the
    // copies of it that other schemas' trees carry.
    Object.values(shared).forEach((schema, place) => {
      if (isObject(schema) && schema.$id === undefined) this.sharedPlaces.set(schema, place);
    });
  }

  /** `options` add to the shared Ajv options (the runner coerces query and header strings). */
  static async create(
    setup: ValidatorSetup,
    direction: Direction = 'response',
    options: Options = {},
  ): Promise<SchemaValidator> {
    const AjvClass = await ajvClassFor(setup.version);
    const ajv = prepareAjv(new AjvClass(validatorOptions(setup, options)), setup, direction);
    return new SchemaValidator(ajv, validatorSchemaFor(setup, direction), setup.sharedSchemas ?? {});
  }

  /** The errors of `value` against `schema`, or an empty list. */
  errors(schema: object, value: unknown): NonNullable<ValidateFunction['errors']> {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(this.tree(schema) as AnySchema);
      this.compiled.set(schema, validate);
    }
    return validate(value) ? [] : [...(validate.errors ?? [])];
  }

  private tree(schema: object): unknown {
    return decycle(schema, (node) => this.sharedKey(node));
  }

  /** The key of a shared schema, registered with Ajv on first use; undefined for any other. */
  private sharedKey(node: object): string | undefined {
    const place = this.sharedPlaces.get(node);
    if (place === undefined) return undefined;
    const key = `${SHARED_KEY}${place}`;
    if (!this.registered.has(key)) {
      this.registered.add(key);
      this.ajv.addSchema(this.validatorSchema(this.tree(node)), key);
    }
    return key;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
