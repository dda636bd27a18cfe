import { SAFE_METHODS } from '../run-session.js';
import { isQueryWritable, queryOf } from '../parameter-serialization.js';
import type { OperationSpec, ParameterSpec } from '../../engine/operation-index.js';
import {
  existingId,
  pathParamsFor,
  requestValue,
  sendAll,
  checkedBodyOf,
  stateOf,
  type PlannedRequest,
  type ProbeContext,
} from './probe-context.js';

/**
 * Valid requests for the operations the resource probes do not already exercise: reading an
 * existing item, and any operation outside a create/list/read/update/delete resource.
 */
export async function positiveProbes(pc: ProbeContext): Promise<void> {
  pc.session.phase('sending generated valid requests');
  const planned: PlannedRequest[] = [];
  for (const op of pc.spec.operations) {
    const state = stateOf(pc, op);
    const covered = state && op !== state.model.read;
    if (covered) continue;
    if (pc.readOnly && !SAFE_METHODS.has(op.method)) continue;
    if (state && op === state.model.read && existingId(state) === undefined) {
      pc.session.skip(['positive_data_acceptance'], [op.operationId], 'no existing resource to read');
      continue;
    }
    const noKnownId = pc.withoutKnownIds.get(op.operationId);
    if (noKnownId !== undefined) {
      pc.session.skip(['positive_data_acceptance'], [op.operationId], noKnownId);
      continue;
    }
    const rng = pc.rng.fork(`positive ${op.operationId}`);
    const query = queryOf(queryValues(op, rng));
    const body = checkedBodyOf(op, rng, pc.validator);
    if (body && !body.valid) {
      pc.session.skip(['positive_data_acceptance'], [op.operationId], UNSATISFIABLE_BODY_REASON);
      continue;
    }
    planned.push({
      op,
      input: { auth: { as: 'primary' }, pathParams: pathParamsFor(pc, op), query, body: body?.body },
      purpose: { kind: 'positive', description: state ? 'read an existing resource' : 'generated valid request' },
    });
  }
  await sendAll(pc, planned);
}

const UNSATISFIABLE_BODY_REASON = 'the runner could make no body the request schema accepts';

/**
 * Every required query parameter and about half the optional ones, each written as its style
 * says; an optional one that no style writes is left out, as a server cannot be held to a reading.
 */
function queryValues(op: OperationSpec, rng: ProbeContext['rng']): Array<[ParameterSpec, unknown]> {
  const values: Array<[ParameterSpec, unknown]> = [];
  for (const param of op.parameters.filter((p) => p.in === 'query' && (p.required || isQueryWritable(p)))) {
    const value = requestValue(param.schema, rng, param.required ? 'full' : 'random', param.name);
    if (value !== undefined && value !== null && (param.required || rng.chance(0.5))) values.push([param, value]);
  }
  return values;
}
