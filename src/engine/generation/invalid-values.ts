import { isDeepStrictEqual } from 'node:util';
import { isJsonType } from '../document-scan.js';
import type { OperationSpec, ParameterSpec, SchemaObject } from '../operation-index.js';
import { declaredType } from './schema-shape.js';

/** What a request value is judged by: the document's validator, in the request direction. */
export interface RequestValidity {
  /** Whether a value (a body) conforms. */
  isValid(schema: SchemaObject, value: unknown): boolean;
  /** Whether a raw string (query, header) conforms once coerced to the schema's type. */
  isValidRaw(schema: SchemaObject, raw: string): boolean;
}

/** A request body that breaks the document: JSON that fails the schema, or no JSON at all. */
export type InvalidBody =
  | { description: string; kind: 'json'; value: unknown; addition?: string }
  | { description: string; kind: 'raw'; text: string; contentType: string }
  | { description: string; kind: 'none' };

export interface InvalidParameter {
  description: string;
  param: ParameterSpec;
  /** The raw value to send; `undefined` leaves a required parameter out. */
  raw: string | undefined;
  /** Set when only this document's own addition forbids the value (see additionOf). */
  addition?: string;
}

/** The keyword of a schema an invalid value breaks. */
type Broken = { schema: SchemaObject; keyword: string; value: unknown };

/**
 * Where a schema carries `x-published-as` (what the published document says where this one
 * departs from it) and the value breaks only this document's own constraint, the note that says
 * so: a bound or length the published document lacks, or a type its own type allows (`1.5`
 * where this document says integer and the published one number). `accepts` tells whether a
 * value is valid under the published schema, for type breakages.
 */
export function additionOf(
  published: SchemaObject | undefined,
  { schema, keyword, value }: Broken,
  accepts: (published: SchemaObject, value: unknown) => boolean,
): string | undefined {
  if (!published || typeof published !== 'object') return undefined;
  const own =
    keyword === 'type'
      ? accepts(published, value)
      : keyword === 'nullable'
        ? published.nullable === true
        : !isDeepStrictEqual(published[keyword], schema[keyword]);
  if (!own) return undefined;
  const constraint = schema[keyword] !== undefined ? `${keyword}: ${JSON.stringify(schema[keyword])}` : keyword;
  return (
    `the constraint it breaks (${constraint}) is pers-mock's own: ` +
    `the published document says ${JSON.stringify(published)} (x-published-as)`
  );
}

/** A value of another JSON type than each schema type allows. */
const WRONG_TYPE: Record<string, unknown[]> = {
  string: [12345, true],
  integer: ['not-a-number', 1.5],
  number: ['not-a-number', true],
  boolean: ['not-a-boolean', 1],
  object: ['not-an-object', []],
  array: ['not-an-array', {}],
};

const MAX_DEPTH = 3;

/**
 * Every way of breaking a valid body the schema allows us to name: a missing required property,
 * a wrong type, null where null is not allowed, a value outside an enum, a string or number out
 * of its bounds, a malformed format, an undeclared property where none are allowed; then the
 * whole body: absent, of the wrong type, not JSON. Each JSON candidate is checked against the
 * schema, so only inputs the document really forbids are kept. A body of a media type the
 * operation does not take is sent only where it documents the 415 that answers it: elsewhere
 * the document does not say what a server does with one, so no answer would be wrong.
 */
export function invalidBodies(
  schema: SchemaObject,
  validBody: unknown,
  op: Pick<OperationSpec, 'requestBody' | 'responses'>,
  validator: RequestValidity,
): InvalidBody[] {
  const requestBody = op.requestBody ?? { required: false, content: {} };
  const candidates: InvalidBody[] = [];
  const accepts = (published: SchemaObject, value: unknown) => validator.isValid(published, value);
  collectMutations(
    schema,
    validBody,
    '',
    (description, mutate, broken) => {
      const value = structuredClone(validBody);
      const mutated = mutate(value);
      const addition = broken && additionOf(broken.schema['x-published-as'] as SchemaObject, broken, accepts);
      candidates.push({
        description: `body ${description}`,
        kind: 'json',
        value: mutated,
        ...(addition ? { addition } : {}),
      });
    },
    0,
  );
  const wrongRoot = WRONG_TYPE[declaredType(schema) ?? '']?.[0];
  if (wrongRoot !== undefined)
    candidates.push({
      description: `body of the wrong type (${JSON.stringify(wrongRoot)})`,
      kind: 'json',
      value: wrongRoot,
    });
  const valid = candidates.filter((c) => c.kind !== 'json' || !validator.isValid(schema, c.value));

  if (requestBody.required) valid.push({ description: 'no body (the body is required)', kind: 'none' });
  const jsonType = Object.keys(requestBody.content).find(isJsonType) ?? 'application/json';
  valid.push({
    description: `body is not JSON (malformed JSON sent as ${jsonType})`,
    kind: 'raw',
    text: '{"type": ',
    contentType: jsonType,
  });
  const documents415 = op.responses.some((response) => response.key === '415');
  if (documents415 && !Object.keys(requestBody.content).some((type) => type.startsWith('text/'))) {
    valid.push({ description: 'body sent as text/plain', kind: 'raw', text: 'not json', contentType: 'text/plain' });
  }
  return valid;
}

/** `broken` names the keyword a mutation breaks, when one does (a missing property breaks the parent's `required`). */
type Emit = (description: string, mutate: (root: unknown) => unknown, broken?: Broken) => void;
type SetTo = (keyword: string, replacement: unknown) => [(root: unknown) => unknown, Broken];

function collectMutations(schema: SchemaObject, value: unknown, pointer: string, emit: Emit, depth: number): void {
  const at = (suffix: string) => `${pointer || '/'}${suffix}`;
  const set: SetTo = (keyword, replacement) => [
    (root: unknown) => setAt(root, pointer, replacement),
    { schema, keyword, value: replacement },
  ];
  const type = declaredType(schema);

  if (pointer !== '') {
    const wrong = WRONG_TYPE[type ?? '']?.[0];
    if (wrong !== undefined)
      emit(`${at('')}: wrong type (${JSON.stringify(wrong)} where ${type} is documented)`, ...set('type', wrong));
    if (schema.nullable !== true && type !== undefined)
      emit(`${at('')}: null (not nullable)`, ...set('nullable', null));
    if (type === 'integer') emit(`${at('')}: 1.5 (not an integer)`, ...set('type', 1.5));
  }
  if (Array.isArray(schema.enum))
    emit(`${at('')}: value outside the enum`, ...set('enum', `NOT_${String(schema.enum[0])}_OR_ANY_DOCUMENTED_VALUE`));
  if (type === 'string') stringMutations(schema, at(''), set, emit);
  if (type === 'integer' || type === 'number') numberMutations(schema, at(''), set, emit);

  if (type !== 'object' || depth >= MAX_DEPTH || !value || typeof value !== 'object' || Array.isArray(value)) return;
  const properties = (schema.properties ?? {}) as Record<string, SchemaObject>;
  for (const name of (schema.required ?? []) as string[]) {
    emit(`${pointer}/${escapePointer(name)}: missing (required)`, (root) =>
      removeAt(root, `${pointer}/${escapePointer(name)}`),
    );
  }
  if (schema.additionalProperties === false) {
    emit(
      `${at('')}: undeclared property "contractUnexpected"`,
      (root) => {
        (getAt(root, pointer) as Record<string, unknown>).contractUnexpected = 'x';
        return root;
      },
      { schema, keyword: 'additionalProperties', value: undefined },
    );
  }
  for (const [name, propertySchema] of Object.entries(properties)) {
    if (propertySchema.readOnly === true) continue;
    const child = (value as Record<string, unknown>)[name];
    collectMutations(
      propertySchema,
      child ?? placeholderFor(propertySchema),
      `${pointer}/${escapePointer(name)}`,
      emit,
      depth + 1,
    );
  }
}

function stringMutations(schema: SchemaObject, where: string, set: SetTo, emit: Emit): void {
  if (typeof schema.minLength === 'number' && schema.minLength > 0) {
    emit(`${where}: shorter than minLength ${schema.minLength}`, ...set('minLength', 'x'.repeat(schema.minLength - 1)));
  }
  if (typeof schema.maxLength === 'number') {
    emit(`${where}: longer than maxLength ${schema.maxLength}`, ...set('maxLength', 'x'.repeat(schema.maxLength + 1)));
  }
  if (typeof schema.format === 'string')
    emit(`${where}: not a valid ${schema.format}`, ...set('format', `not-a-${schema.format}`));
}

function numberMutations(schema: SchemaObject, where: string, set: SetTo, emit: Emit): void {
  if (typeof schema.minimum === 'number')
    emit(`${where}: below minimum ${schema.minimum}`, ...set('minimum', schema.minimum - 1));
  if (typeof schema.maximum === 'number')
    emit(`${where}: above maximum ${schema.maximum}`, ...set('maximum', schema.maximum + 1));
}

/**
 * Raw query (or header) values the parameter's schema rejects even after the usual string
 * coercion: `limit=abc`, `limit=1.5`, `limit=0`, `sortBy=unknown`, `active=maybe`, …
 */
export function invalidParameters(params: ParameterSpec[], validator: RequestValidity): InvalidParameter[] {
  const out: InvalidParameter[] = [];
  for (const param of params) {
    if (param.in !== 'query' && param.in !== 'header') continue;
    const where = `${param.in} ${param.name}`;
    if (param.required) out.push({ description: `${where}: missing (required)`, param, raw: undefined });
    for (const [label, raw, keyword] of rawCandidates(param.schema)) {
      if (validator.isValidRaw(param.schema, raw)) continue;
      const broken = { schema: param.schema, keyword, value: raw };
      const addition = additionOf(param.publishedAs, broken, (published) => validator.isValidRaw(published, raw));
      out.push({ description: `${where}=${raw}: ${label}`, param, raw, ...(addition ? { addition } : {}) });
    }
  }
  return out;
}

/** [label, raw value, the keyword it breaks] */
function rawCandidates(schema: SchemaObject): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  const type = declaredType(schema);
  if (type === 'integer') out.push(['not a number', 'abc', 'type'], ['not an integer', '1.5', 'type']);
  if (type === 'number') out.push(['not a number', 'abc', 'type']);
  if (type === 'boolean') out.push(['not a boolean', 'maybe', 'type']);
  if (Array.isArray(schema.enum)) out.push(['outside the enum', `NOT_${String(schema.enum[0])}`, 'enum']);
  if (typeof schema.minimum === 'number')
    out.push([`below minimum ${schema.minimum}`, String(schema.minimum - 1), 'minimum']);
  if (typeof schema.maximum === 'number')
    out.push([`above maximum ${schema.maximum}`, String(schema.maximum + 1), 'maximum']);
  if (type === 'string') {
    if (typeof schema.minLength === 'number' && schema.minLength > 0)
      out.push([`shorter than minLength ${schema.minLength}`, 'x'.repeat(schema.minLength - 1), 'minLength']);
    if (typeof schema.maxLength === 'number')
      out.push([`longer than maxLength ${schema.maxLength}`, 'x'.repeat(schema.maxLength + 1), 'maxLength']);
    if (typeof schema.format === 'string')
      out.push([`not a valid ${schema.format}`, `not-a-${schema.format}`, 'format']);
  }
  return out;
}

function placeholderFor(schema: SchemaObject): unknown {
  return declaredType(schema) === 'object' ? {} : undefined;
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function segmentsOf(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(root: unknown, pointer: string): unknown {
  return segmentsOf(pointer).reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], root);
}

/** Sets the value at `pointer`, creating intermediate objects; the root itself when `pointer` is ''. */
function setAt(root: unknown, pointer: string, value: unknown): unknown {
  const segments = segmentsOf(pointer);
  if (segments.length === 0) return value;
  let node = root as Record<string, unknown>;
  for (const key of segments.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[segments[segments.length - 1]] = value;
  return root;
}

function removeAt(root: unknown, pointer: string): unknown {
  const segments = segmentsOf(pointer);
  const parent = getAt(root, `/${segments.slice(0, -1).map(escapePointer).join('/')}`.replace(/^\/$/, '')) as Record<
    string,
    unknown
  >;
  if (parent && typeof parent === 'object') delete parent[segments[segments.length - 1]];
  return root;
}
