import type { ErrorObject } from 'ajv';
import { OpenAPIBackend, OpenAPIRouter, OpenAPIValidator, ValidationContext, type Operation } from 'openapi-backend';
import type { LoadedSpec } from './load-spec.js';
import { readQueryAsDocumented } from './query-styles.js';
import { cachePathTemplates, speedUpRouter } from './router-speedups.js';
import { escape, isJsonType } from './document-scan.js';
import { ajvClassFor, prepareAjv, validatorOptions } from './validator-ajv.js';
import { decycle } from './validator-schema.js';

/**
 * The openapi-backend instance that routes and validates every request: query and path
 * parameters are coerced to their declared types, and validation reports every violation.
 * The document arrives dereferenced (and, where asked, validated) by swagger-parser, so
 * openapi-backend's own document check, copy and eager compilation are skipped (`quick`, and
 * buildOnDocumentAsGiven): each operation's validators are compiled on its first request, which
 * keeps start-up fast.
 *
 * Schemas are compiled as OpenAPI means them (`nullable`, one-way `readOnly`/`writeOnly`
 * requirements; JSON Schema 2020-12 for 3.1 documents). A schema Ajv cannot compile is reported
 * through `onWarning`, naming the operation, and that part is not validated.
 */
export async function createApi(spec: LoadedSpec, onWarning?: (message: string) => void): Promise<OpenAPIBackend> {
  const schemes = Object.values(spec.dereferenced.components?.securitySchemes ?? {}) as Array<{
    type?: string;
    in?: string;
    name?: string;
  }>;
  const queryKeys = schemes
    .filter((scheme) => scheme.type === 'apiKey' && scheme.in === 'query')
    .map((scheme) => scheme.name!);
  const setup = { version: spec.version, unknownFormats: spec.unknownFormats, queryKeys, onWarning };
  const AjvClass = spec.version === '3.1' ? await ajvClassFor('3.1') : undefined;
  // Names the operation whose validators are being compiled, for warnings about its schemas.
  let compiling = 'a schema';
  cachePathTemplates();
  decycleAsSchemas();
  const api = new OpenAPIBackend({
    definition: spec.dereferenced,
    strict: true,
    quick: true,
    coerceTypes: true,
    ajvOpts: validatorOptions(setup),
    customizeAjv: (ajv, ajvOpts, context) => {
      const direction =
        context === ValidationContext.RequestBody || context === ValidationContext.Params ? 'request' : 'response';
      return prepareAjv(AjvClass ? new AjvClass(ajvOpts) : ajv, setup, direction, () => compiling);
    },
  });
  api.init = async () => {
    buildOnDocumentAsGiven(api, spec.dereferenced);
    hardenValidator(api.validator, onWarning, (operation) => (compiling = operationLabel(operation)));
    requireDocumentedBodies(api);
    speedUpRouter(api.router);
    readQueryAsDocumented(api.router, queryKeys);
    return api;
  };
  return api;
}

/**
 * The stock `init` deep-copies a document given as an object, to dereference it. This one is
 * dereferenced already, so the router and the validator are built on it as it is: the copy held
 * a large document twice, and its schemas were other objects than the document's, so validators
 * given the document's components (ValidatorSetup.sharedSchemas) compiled them all over again.
 */
function buildOnDocumentAsGiven(api: OpenAPIBackend, definition: LoadedSpec['dereferenced']): void {
  api.definition = definition;
  api.router = new OpenAPIRouter({
    definition,
    apiRoot: api.apiRoot,
    ignoreTrailingSlashes: api.ignoreTrailingSlashes,
  });
  api.validator = new OpenAPIValidator({
    definition,
    ajvOpts: api.ajvOpts,
    customizeAjv: api.customizeAjv,
    router: api.router,
    lazyCompileValidators: api.quick,
    coerceTypes: api.coerceTypes,
  });
  api.initialized = true;
}

/**
 * openapi-backend turns its schemas into trees by replacing every object it meets a second time
 * with a `$ref`, a `required` list or `properties` map shared by two schemas too (swagger-parser
 * shares them where a `$ref` has siblings), and Ajv cannot compile a `$ref` there: the whole
 * operation went unvalidated. Its decycling is replaced, once per process (it is static), by the
 * validator's, which replaces only schemas.
 */
function decycleAsSchemas(): void {
  (OpenAPIValidator as unknown as { decycle: (schema: unknown) => unknown }).decycle = decycle;
}

/** The validator's own methods, which its types do not list: each takes one argument. */
type ValidatorInternals = Record<string, (argument: unknown) => unknown>;

/**
 * openapi-backend walks request schemas before compiling them, without minding cycles, so a
 * recursive request body overflowed the stack on every request: that walk is not made (see
 * below), and building an operation's validators can fail only into a warning (naming it).
 */
function hardenValidator(
  validator: object,
  onWarning: ((message: string) => void) | undefined,
  nameCompiling: (operation: Operation) => string,
): void {
  const internals = validator as ValidatorInternals;
  // openapi-backend drops `format: binary` properties from `required` (and walks the schema for
  // them without minding cycles). A JSON body carries such a value as a string, and the mock's
  // form parsers give every part, files included, as a field: a required one can be missing,
  // and that is a 400 as for any other property.
  internals.removeBinaryPropertiesFromRequired = () => undefined;
  for (const name of [
    'buildRequestValidatorsForOperation',
    'buildResponseValidatorForOperation',
    'buildStatusBasedResponseValidatorForOperation',
    'buildResponseHeadersValidatorForOperation',
  ]) {
    const build = internals[name].bind(validator);
    internals[name] = (operation: unknown) => {
      const label = nameCompiling(operation as Operation);
      try {
        return build(
          name === 'buildRequestValidatorsForOperation'
            ? withoutIgnoredHeaders(withJsonBodyKey(withoutUnreadBody(operation as Operation)))
            : operation,
        );
      } catch (error) {
        onWarning?.(`${label}: its validators cannot be built, so it is not validated (${(error as Error).message})`);
        return name === 'buildRequestValidatorsForOperation' ? [] : null;
      }
    };
  }
}

/**
 * The mock never reads the body of a GET or HEAD (Fastify ignores it; OpenAPI 3.0 says such a
 * requestBody "SHALL be ignored"), so it neither validates nor requires one: a required one made
 * every GET a 400 (oas-examples' response-schemas documents one).
 */
function readsBody(operation: Pick<Operation, 'method'>): boolean {
  return operation.method !== 'get' && operation.method !== 'head';
}

function withoutUnreadBody(operation: Operation): Operation {
  if (readsBody(operation) || !operation.requestBody) return operation;
  return { ...operation, requestBody: undefined };
}

/** What openapi-backend reports for a required JSON body that was not sent. */
const MISSING_BODY: ErrorObject = {
  instancePath: '',
  schemaPath: '#/required',
  keyword: 'required',
  params: { missingProperty: 'requestBody' },
  message: "must have required property 'requestBody'",
};

/**
 * openapi-backend refuses a request without its required body only through the body's JSON or
 * form schema: a required body documented without a schema (oas-examples' request-examples), or
 * only in another type, could be left out. Its absence is refused whatever the body's type.
 */
function requireDocumentedBodies(api: OpenAPIBackend): void {
  const validator = api.validator;
  const validate = validator.validateRequest.bind(validator);
  validator.validateRequest = (request, operation) => {
    const result = validate(request, operation);
    const matched =
      typeof operation === 'object'
        ? operation
        : operation === undefined
          ? api.router.matchOperation(request)
          : api.router.getOperation(operation);
    const body = matched?.requestBody as { required?: boolean } | undefined;
    const reported = (result.errors ?? []).some((error) => error.params.missingProperty === 'requestBody');
    if (!matched || !readsBody(matched) || body?.required !== true || request.body !== undefined || reported)
      return result;
    return { ...result, valid: false, errors: [...(result.errors ?? []), MISSING_BODY] };
  };
}

/** Header parameters OpenAPI 3 says to ignore: the media types and security schemes say these. */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/**
 * A header parameter named `Accept`, `Content-Type` or `Authorization` "SHALL be ignored"
 * (OpenAPI 3, Parameter Object): Blockfrost documents a required `Content-Type` header, which
 * was enforced, refusing a request the document allows.
 */
function withoutIgnoredHeaders(operation: Operation): Operation {
  const parameters = (operation.parameters ?? []) as Array<{ in?: string; name?: string }>;
  const kept = parameters.filter((p) => !(p.in === 'header' && IGNORED_HEADERS.has(String(p.name).toLowerCase())));
  return kept.length === parameters.length ? operation : ({ ...operation, parameters: kept } as Operation);
}

/**
 * openapi-backend validates a request body only under the exact key `application/json` (or a
 * form type): a body documented as `application/json; charset=utf-8` or `application/vnd.api+json`
 * went unvalidated. Its validators are built from a copy that also lists the JSON schema under
 * that key; the document itself, and so the media types the mock accepts, stay as written.
 * `application/merge-patch+json` is left out: a merge patch's null removes a member (RFC 7396),
 * which the resource's schema, that most documents give, would refuse.
 */
function withJsonBodyKey(operation: Operation): Operation {
  const body = operation.requestBody as { content?: Record<string, unknown> } | undefined;
  const content = body?.content;
  if (!content || 'application/json' in content) return operation;
  const json = Object.keys(content).find((type) => isJsonType(type) && !/merge-patch\+json/i.test(type));
  if (json === undefined) return operation;
  return {
    ...operation,
    requestBody: { ...body, content: { ...content, 'application/json': content[json] } },
  } as Operation;
}

/** `GET /pets/{id} (#/paths/~1pets~1{id}/get)`: how warnings name an operation. */
export function operationLabel(operation: Pick<Operation, 'method' | 'path'> | undefined): string {
  if (!operation) return 'a schema';
  return `${operation.method.toUpperCase()} ${operation.path} (#/paths/${escape(operation.path)}/${operation.method})`;
}
