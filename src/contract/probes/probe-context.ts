import type { RunCredentials } from '../credentials.js';
import { generateValue, type Fill } from '../../engine/generation/generate-value.js';
import type { Random } from '../../engine/generation/random.js';
import type { ResourceModel } from '../resource-model.js';
import { settleAll } from '../concurrency.js';
import type { Lane } from '../lane.js';
import type { DocumentSchemas } from '../document-schemas.js';
import type { OperationSpec, SpecIndex } from '../../engine/operation-index.js';
import type { RequestBody, RequestInput } from '../run-session.js';
import { jsonSchemaOf } from '../resource-model.js';
import { formSchemaOf, formText } from '../form-body.js';
import type { Purpose, SchemaObject } from '../types.js';
import { jsonText } from '../../json-text.js';

/** What a resource looks like during the run: what the run created and what the list showed. */
export interface ModelState {
  model: ResourceModel;
  /** Resources this run created, with the bodies they were created from. */
  fixtures: Array<{ id: string; body: Record<string, unknown> }>;
  /** The unpaged, unfiltered list as the first tenant sees it. */
  reference: unknown[];
}

export interface ProbeContext {
  /** The lane of the plan this probe sends on; `inParallel` gives each part of it its own. */
  session: Lane;
  /** The operations the run can send: those whose security the credentials satisfy. */
  spec: SpecIndex;
  /** The others, each with why it is not sent. */
  unsendable: ReadonlyMap<string, string>;
  validator: DocumentSchemas;
  rng: Random;
  readOnly: boolean;
  credentials: RunCredentials;
  states: ModelState[];
  /** Item operations no id of which is known to exist, each with why (see itemsWithoutKnownIds). */
  withoutKnownIds: ReadonlyMap<string, string>;
}

export const READ_ONLY_REASON = '--read-only: only GET, HEAD and OPTIONS are sent';
export const NO_SECOND_TENANT_REASON =
  "needs the second tenant's credentials (--second-project-key and --second-jwt, or PERS_MOCK_SECOND_PROJECT_KEY " +
  'and PERS_MOCK_SECOND_JWT)';

export interface GeneratedBody {
  variant: Fill;
  value: Record<string, unknown>;
}

/**
 * Valid bodies for a schema: only the required fields, every field, every nullable field null,
 * and two seeded mixes; duplicates and (defensively) anything the schema rejects are dropped.
 */
export function validBodies(schema: SchemaObject, rng: Random, validator: DocumentSchemas): GeneratedBody[] {
  const variants: Fill[] = ['full', 'minimal', 'nulls', 'random', 'random'];
  const seen = new Set<string>();
  const bodies: GeneratedBody[] = [];
  for (const variant of variants) {
    const value = requestValue(schema, rng, variant);
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const key = JSON.stringify(value);
    if (seen.has(key) || !validator.isValid(schema, value)) continue;
    seen.add(key);
    bodies.push({ variant, value: value as Record<string, unknown> });
  }
  return bodies;
}

/**
 * A value the runner sends: valid for a client (no readOnly properties), seeded, and marked as
 * the runner's (strings start with `contract`), so what it leaves on a server is recognisable.
 */
export function requestValue(schema: SchemaObject, rng: Random, fill: Fill, name?: string): unknown {
  return generateValue(schema, {
    random: rng,
    fill,
    name,
    direction: 'request',
    vocabulary: 'marked',
    examples: false,
  });
}

/**
 * A valid body for the operation, generated as requestValue does: JSON where it takes JSON,
 * else a form (multipart or urlencoded) written field by field; else, where the body is required,
 * text in its first documented type (Blockfrost's `application/cbor` transaction); none otherwise.
 */
export function validBodyOf(op: OperationSpec, rng: Random): RequestBody | undefined {
  return drawnBodyOf(op, rng)?.body;
}

/**
 * The body validBodyOf makes, and whether the schema accepts it: a schema no value satisfies (an
 * `allOf` of a string and an integer) still gets the generator's best try, which is not valid.
 */
export function checkedBodyOf(
  op: OperationSpec,
  rng: Random,
  validator: DocumentSchemas,
): { body: RequestBody; valid: boolean } | undefined {
  const drawn = drawnBodyOf(op, rng);
  // A body of another type (text, bytes) is written from its schema as best it can be, not judged by it.
  return drawn && { body: drawn.body, valid: !drawn.schema || validator.isValid(drawn.schema, drawn.value) };
}

function drawnBodyOf(
  op: OperationSpec,
  rng: Random,
): { body: RequestBody; schema?: SchemaObject; value?: unknown } | undefined {
  const schema = jsonSchemaOf(op.requestBody?.content);
  if (schema) {
    const value = requestValue(schema, rng, 'full');
    return { body: { kind: 'json', value }, schema, value };
  }
  const form = formSchemaOf(op.requestBody?.content);
  if (!form) {
    const other = op.requestBody?.required ? otherBodyOf(op.requestBody.content, rng) : undefined;
    return other && { body: other };
  }
  const value = requestValue(form.schema, rng, 'full');
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const body = formText(form.mediaType, form.schema, value as Record<string, unknown>);
  return { body: { kind: 'raw', ...body }, schema: form.schema, value };
}

/**
 * A body of a type the runner cannot write from its schema: a string the schema describes, else
 * the runner's mark. A media range (`image/*`) is sent as bytes of no particular type.
 */
function otherBodyOf(content: Record<string, SchemaObject>, rng: Random): RequestBody | undefined {
  const [mediaType, schema] = Object.entries(content)[0] ?? [];
  if (mediaType === undefined) return undefined;
  const value = requestValue(schema, rng, 'full');
  const contentType = mediaType.endsWith('/*') ? 'application/octet-stream' : mediaType;
  return { kind: 'raw', contentType, text: typeof value === 'string' ? value : 'contract' };
}

/**
 * Runs `probe` once per item, each in a lane of its own, side by side, and waits for all of
 * them. Whatever a probe draws from a seeded generator must be drawn before this, in order, so
 * the requests are the same however the lanes interleave.
 */
export async function inParallel<T>(
  pc: ProbeContext,
  items: readonly T[],
  probe: (pc: ProbeContext, item: T, index: number) => Promise<unknown>,
): Promise<void> {
  const lanes = pc.session.fork(items.length);
  await settleAll(items.map((item, i) => () => probe({ ...pc, session: lanes[i] }, item, i)));
}

export interface PlannedRequest {
  op: OperationSpec;
  input: RequestInput;
  purpose: Purpose;
}

/** Sends requests that do not depend on each other side by side (see inParallel). */
export function sendAll(pc: ProbeContext, planned: readonly PlannedRequest[]): Promise<void> {
  return inParallel(pc, planned, (pc, { op, input, purpose }) => pc.session.send(op, input, purpose));
}

/** The state of the resource an operation belongs to, if any. */
export function stateOf(pc: ProbeContext, op: OperationSpec): ModelState | undefined {
  return pc.states.find(({ model }) => [model.create, model.list, model.read, model.update, model.delete].includes(op));
}

/** An identifier that exists for the first tenant: one the run created, else one the list showed. */
export function existingId(state: ModelState | undefined): string | undefined {
  if (!state) return undefined;
  if (state.fixtures.length > 0) return state.fixtures[0].id;
  const first = state.reference[0] as Record<string, unknown> | undefined;
  const id = first?.[state.model.idField];
  return id === undefined || id === null ? undefined : jsonText(id);
}

/**
 * The path parameters a probe sets itself: an existing id for its resource's item. The others
 * take the run's defaults (see RequestDefaults).
 */
export function pathParamsFor(pc: ProbeContext, op: OperationSpec): Record<string, string> {
  const state = stateOf(pc, op);
  const id =
    state && op.parameters.some((p) => p.in === 'path' && p.name === state.model.idParam)
      ? existingId(state)
      : undefined;
  return id === undefined ? {} : { [state!.model.idParam]: id };
}
