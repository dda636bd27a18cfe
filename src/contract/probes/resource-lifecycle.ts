import { isSuccess } from '../checks/failure.js';
import { credentialsRefused, refusesCredentials } from '../run-config.js';
import type { Random } from '../../engine/generation/random.js';
import type { SchemaObject } from '../types.js';
import type { ParameterSpec } from '../../engine/operation-index.js';
import {
  inParallel,
  requestValue,
  sendAll,
  validBodies,
  type GeneratedBody,
  type ModelState,
  type PlannedRequest,
  type ProbeContext,
} from './probe-context.js';
import { jsonText } from '../../json-text.js';

type Fixture = ModelState['fixtures'][number];

/**
 * Creates the run's own resources from generated valid bodies (every enum value of a top-level
 * property used at least once, so filters and sorts have something to tell apart), reading
 * each back right away.
 */
export async function createFixtures(pc: ProbeContext, state: ModelState): Promise<void> {
  const { model } = state;
  pc.session.phase(`creating resources (${model.collectionPath})`);
  const rng = pc.rng.fork(`create ${model.collectionPath}`);
  const idParam = itemIdParameter(model);
  const bodies = withDistinctIds(
    pc,
    state,
    withEveryEnumValue(validBodies(model.createSchema, rng, pc.validator), model.createSchema).map((body) =>
      withUsableId(pc, state, idParam, body, rng),
    ),
    rng,
  );
  if (!model.read)
    pc.session.skip(
      ['ensure_resource_availability'],
      [model.create.operationId],
      'the document has no read operation for this resource',
    );
  const created: Array<Fixture | undefined> = bodies.map(() => undefined);
  await inParallel(pc, bodies, async (pc, body, index) => {
    const exchange = await pc.session.send(
      model.create,
      { auth: { as: 'primary' }, body: { kind: 'json', value: body.value } },
      { kind: 'positive', description: `generated valid body (${body.variant})` },
    );
    const status = exchange.response?.status;
    if (index === 0 && refusesCredentials(model.create, status)) {
      throw credentialsRefused(pc.spec, model.create, 'primary', exchange.response!);
    }
    const id = (exchange.response?.json?.value as Record<string, unknown> | undefined)?.[model.idField];
    if (!isSuccess(exchange) || id === undefined || id === null) return;
    if (idParam && !pc.validator.isValidRaw(idParam.schema, jsonText(id))) {
      // Its item path would be a request the document forbids: nothing can be read back or
      // deleted by that id without breaking the document ourselves.
      pc.session.skip(
        ['ensure_resource_availability'],
        [model.create.operationId],
        `the created id ${jsonText(id)} breaks the schema of the path parameter ${idParam.name}`,
      );
      return;
    }
    created[index] = { id: jsonText(id), body: body.value };
    if (model.read) {
      await pc.session.send(
        model.read,
        { auth: { as: 'primary' }, pathParams: { [model.idParam]: jsonText(id) } },
        { kind: 'read-after-create', expected: body.value, resourceSchema: model.itemSchema },
      );
    }
  });
  // In the order of the bodies, not of the answers: which resource each later probe uses is fixed.
  state.fixtures = created.filter((fixture) => fixture !== undefined);
}

/**
 * Replaces resources of the run with each generated valid body in turn, reading each back after
 * its update. The bodies take turns over the resources the other probes leave alone (see
 * resourceRoles), so updates to different resources run side by side; one resource's updates
 * go one at a time.
 */
export async function updateProbes(pc: ProbeContext, state: ModelState): Promise<void> {
  const { model } = state;
  const targets = resourceRoles(state).updated;
  if (!model.update || !model.updateSchema) return;
  if (targets.length === 0) {
    pc.session.skip(
      ['positive_data_acceptance', 'update_persisted'],
      [model.update.operationId],
      'no resource could be created to update',
    );
    return;
  }
  pc.session.phase(`updating (${model.collectionPath})`);
  const bodies = validBodies(model.updateSchema, pc.rng.fork(`update ${model.collectionPath}`), pc.validator);
  const perTarget = targets.map((target, t) => ({
    target,
    bodies: bodies.filter((_, i) => i % targets.length === t),
  }));
  await inParallel(pc, perTarget, async (pc, { target, bodies }) => {
    for (const body of bodies) {
      const exchange = await pc.session.send(
        model.update!,
        {
          auth: { as: 'primary' },
          pathParams: { [model.idParam]: target.id },
          body: { kind: 'json', value: body.value },
        },
        { kind: 'positive', description: `generated valid update body (${body.variant})` },
      );
      if (!isSuccess(exchange) || !model.read) continue;
      await pc.session.send(
        model.read,
        { auth: { as: 'primary' }, pathParams: { [model.idParam]: target.id } },
        { kind: 'read-after-update', expected: body.value, resourceSchema: model.itemSchema },
      );
    }
  });
}

/**
 * Which of the run's resources each probe works on, so that probes running side by side never
 * change what another reads: the first is read, sent invalid input, and tried by the second
 * tenant and without credentials; the last is deleted; those between are updated. With fewer
 * than three there is nothing to keep apart: the first is also updated, and `apart` is false, so
 * the runner runs those probes one after another.
 */
export function resourceRoles(state: ModelState): { updated: Fixture[]; deleted?: Fixture; apart: boolean } {
  const { fixtures } = state;
  const apart = fixtures.length >= 3;
  return { updated: apart ? fixtures.slice(1, -1) : fixtures.slice(0, 1), deleted: fixtures.at(-1), apart };
}

/** Deletes the last resource the run created, then tries to read, update, delete and list it. */
export async function deleteLifecycle(pc: ProbeContext, state: ModelState): Promise<void> {
  const { model } = state;
  if (!model.delete) return;
  const victim = resourceRoles(state).deleted;
  const afterDeleteOps = [model.read, model.update, model.delete, model.list]
    .filter((op) => op !== undefined)
    .map((op) => op.operationId);
  if (!victim) {
    pc.session.skip(['use_after_free'], afterDeleteOps, 'no resource could be created to delete');
    return;
  }
  pc.session.phase(`deleting (${model.collectionPath})`);
  const pathParams = { [model.idParam]: victim.id };
  const deletion = await pc.session.send(
    model.delete,
    { auth: { as: 'primary' }, pathParams },
    { kind: 'positive', description: 'delete a resource the run created' },
  );
  if (!isSuccess(deletion)) {
    pc.session.skip(
      ['use_after_free'],
      afterDeleteOps,
      `the delete itself was answered ${deletion.response?.status ?? deletion.transportError?.kind}`,
    );
    return;
  }
  const unobservable = afterDeleteUnjudgeable(model);
  if (unobservable) {
    pc.session.skip(['use_after_free'], afterDeleteOps, unobservable);
    return;
  }
  const after = (action: 'read' | 'update' | 'delete' | 'list') => ({
    kind: 'after-delete' as const,
    resourceId: victim.id,
    idField: model.idField,
    action,
  });
  const planned: PlannedRequest[] = [];
  if (model.read)
    planned.push({ op: model.read, input: { auth: { as: 'primary' }, pathParams }, purpose: after('read') });
  if (model.list) planned.push({ op: model.list, input: { auth: { as: 'primary' } }, purpose: after('list') });
  if (model.update) {
    const fits = model.updateSchema && pc.validator.isValid(model.updateSchema, victim.body);
    const value =
      fits || !model.updateSchema
        ? victim.body
        : validBodies(model.updateSchema, pc.rng.fork('update after delete'), pc.validator)[0]?.value;
    const body = { kind: 'json' as const, value };
    planned.push({ op: model.update, input: { auth: { as: 'primary' }, pathParams, body }, purpose: after('update') });
  }
  await sendAll(pc, planned);
  // Last: if the server wrongly kept the resource, this second delete really deletes it.
  await pc.session.send(model.delete, { auth: { as: 'primary' }, pathParams }, after('delete'));
}

/**
 * Why what follows a delete says nothing about the resource, if it does not. Without a read or a
 * list, nothing shows whether it still exists, and a DELETE may succeed again (it is idempotent).
 * An id parameter with a fixed set of values names a kind (a provider, a setting), which the
 * delete switches off rather than destroys; pers-mock keeps no state for either.
 */
function afterDeleteUnjudgeable(model: ModelState['model']): string | undefined {
  if (!model.read && !model.list) return 'no read or list shows whether a deleted resource still exists';
  if (Array.isArray(itemIdParameter(model)?.schema.enum))
    return `{${model.idParam}} has a fixed set of values: it names a kind, which a delete does not destroy`;
  return undefined;
}

/** The path parameter that names one resource, as its read (or update, or delete) declares it. */
function itemIdParameter(model: ModelState['model']): ParameterSpec | undefined {
  const item = model.read ?? model.update ?? model.delete;
  return item?.parameters.find((param) => param.in === 'path' && param.name === model.idParam);
}

/**
 * A body that chooses the resource's id must choose one its item path accepts too: petstore's
 * order id is any int64 in the body but at most 10 in `/store/order/{orderId}`. Such an id is
 * left out for the server to choose where the body may omit it, else replaced by one that fits both.
 */
function withUsableId(
  pc: ProbeContext,
  state: ModelState,
  idParam: ParameterSpec | undefined,
  body: GeneratedBody,
  rng: Random,
): GeneratedBody {
  const { idField, createSchema } = state.model;
  const id = body.value[idField];
  if (!idParam || id === undefined || pc.validator.isValidRaw(idParam.schema, jsonText(id))) return body;
  const { [idField]: _dropped, ...rest } = body.value;
  if (pc.validator.isValid(createSchema, rest)) return { ...body, value: rest };
  const value = { ...body.value, [idField]: requestValue(idParam.schema, rng, 'full', idParam.name) };
  return pc.validator.isValid(createSchema, value) ? { ...body, value } : body;
}

/**
 * Bodies that choose the resource's id, each a different one: the bodies added for enum values
 * copy another body's id, and a second create with it would be a conflict the document may not
 * even mention (Directus' createUser documents no 409). A repeated id is left out where the body
 * may omit it, else replaced by a new one that fits the schema.
 */
function withDistinctIds(pc: ProbeContext, state: ModelState, bodies: GeneratedBody[], rng: Random): GeneratedBody[] {
  const { idField, createSchema } = state.model;
  const idSchema = ((createSchema.properties ?? {}) as Record<string, SchemaObject>)[idField];
  const seen = new Set<string>();
  return bodies.map((body) => {
    const id = body.value[idField];
    if (id === undefined || !seen.has(jsonText(id))) {
      if (id !== undefined) seen.add(jsonText(id));
      return body;
    }
    const { [idField]: _repeated, ...rest } = body.value;
    if (pc.validator.isValid(createSchema, rest)) return { ...body, value: rest };
    for (let attempt = 0; idSchema && attempt < 5; attempt++) {
      const fresh = requestValue(idSchema, rng, 'full', idField);
      const value = { ...body.value, [idField]: fresh };
      if (!seen.has(jsonText(fresh)) && pc.validator.isValid(createSchema, value)) {
        seen.add(jsonText(fresh));
        return { ...body, value };
      }
    }
    return body;
  });
}

/** Adds bodies so every value of every top-level enum property appears at least once. */
function withEveryEnumValue(bodies: GeneratedBody[], schema: SchemaObject): GeneratedBody[] {
  const base = bodies.find((b) => b.variant === 'full') ?? bodies[0];
  if (!base) return bodies;
  const out = [...bodies];
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, SchemaObject>)) {
    if (!Array.isArray(property.enum)) continue;
    for (const value of property.enum as unknown[]) {
      if (out.some((body) => body.value[name] === value)) continue;
      out.push({ variant: base.variant, value: { ...base.value, [name]: value } });
    }
  }
  return out;
}
