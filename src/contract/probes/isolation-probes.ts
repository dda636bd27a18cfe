import {
  existingId,
  NO_SECOND_TENANT_REASON,
  sendAll,
  validBodies,
  type ModelState,
  type PlannedRequest,
  type ProbeContext,
} from './probe-context.js';

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
  const planned: PlannedRequest[] = [];
  if (model.read) planned.push({ op: model.read, input: { auth: as, pathParams }, purpose: purpose('read') });
  if (model.list) planned.push({ op: model.list, input: { auth: as }, purpose: purpose('list') });
  const body =
    !pc.readOnly && model.updateSchema
      ? validBodies(model.updateSchema, pc.rng.fork('isolation'), pc.validator)[0]?.value
      : undefined;
  if (model.update && body)
    planned.push({
      op: model.update,
      input: { auth: as, pathParams, body: { kind: 'json', value: body } },
      purpose: purpose('update'),
    });
  await sendAll(pc, planned);
  // Last: a server that wrongly lets the other tenant delete would leave nothing to read or update.
  if (!pc.readOnly && model.delete) await pc.session.send(model.delete, { auth: as, pathParams }, purpose('delete'));
}
