import { validBodies } from './probe-context.js';
import { existingId, NO_SECOND_TENANT_REASON, type ModelState, type ProbeContext } from './probe-context.js';

/**
 * The second tenant tries to read, list, update and delete a resource of the first tenant
 * (one the run created, or with --read-only one the first tenant's list shows).
 */
export async function isolationProbes(pc: ProbeContext, state: ModelState): Promise<void> {
  const { model } = state;
  const ops = [model.read, model.list, ...(pc.readOnly ? [] : [model.update, model.delete])].filter(
    (op) => op !== undefined,
  );
  if (!pc.credentials.second) {
    pc.session.skip(
      ['tenant_isolation'],
      ops.map((op) => op.operationId),
      NO_SECOND_TENANT_REASON,
    );
    return;
  }
  const id = existingId(state);
  if (id === undefined) {
    pc.session.skip(
      ['tenant_isolation'],
      ops.map((op) => op.operationId),
      'the first tenant has no resource to hide from the second',
    );
    return;
  }
  pc.session.phase(`checking tenant isolation (${model.collectionPath})`);
  const as = { as: 'second' as const };
  const pathParams = { [model.idParam]: id };
  const purpose = (action: 'read' | 'update' | 'delete' | 'list') => ({
    kind: 'cross-tenant' as const,
    resourceId: id,
    idField: model.idField,
    action,
  });
  if (model.read) await pc.session.send(model.read, { auth: as, pathParams }, purpose('read'));
  if (model.list) await pc.session.send(model.list, { auth: as }, purpose('list'));
  if (pc.readOnly) return;
  const body = model.updateSchema
    ? validBodies(model.updateSchema, pc.rng.fork('isolation'), pc.validator)[0]?.value
    : undefined;
  if (model.update && body)
    await pc.session.send(
      model.update,
      { auth: as, pathParams, body: { kind: 'json', value: body } },
      purpose('update'),
    );
  if (model.delete) await pc.session.send(model.delete, { auth: as, pathParams }, purpose('delete'));
}
