import { authProbeModes } from '../credentials.js';
import { jsonSchemaOf } from '../resource-model.js';
import { SAFE_METHODS } from '../run-session.js';
import { isSecured } from '../../engine/operation-index.js';
import {
  pathParamsFor,
  READ_ONLY_REASON,
  requestValue,
  sendAll,
  type PlannedRequest,
  type ProbeContext,
} from './probe-context.js';

/**
 * Every secured operation, sent as a valid request without credentials and with each credential
 * missing, unknown or expired in turn. Sent last among the spec-derived probes, since a server
 * that ignores auth on DELETE really deletes.
 */
export async function authProbes(pc: ProbeContext): Promise<void> {
  pc.session.phase('sending requests without valid credentials');
  const planned: PlannedRequest[] = [];
  for (const op of pc.spec.operations) {
    if (!isSecured(op)) continue;
    if (pc.readOnly && !SAFE_METHODS.has(op.method)) {
      pc.session.skip(['ignored_auth'], [op.operationId], READ_ONLY_REASON);
      continue;
    }
    const rng = pc.rng.fork(`auth ${op.operationId}`);
    const pathParams = pathParamsFor(pc, op);
    const schema = jsonSchemaOf(op.requestBody?.content);
    const body = schema ? { kind: 'json' as const, value: requestValue(schema, rng, 'full') } : undefined;
    const sentHeaders = new Set<string>();
    for (const { mode, description } of authProbeModes(pc.spec, op)) {
      const input = { auth: mode, pathParams, body };
      // Two variants can amount to the same request (no key at all = key missing).
      const signature = JSON.stringify(pc.session.build(op, input));
      if (sentHeaders.has(signature)) continue;
      sentHeaders.add(signature);
      planned.push({ op, input, purpose: { kind: 'auth', description } });
    }
  }
  // Deletes after everything else: a server that ignores auth on DELETE really deletes.
  await sendAll(
    pc,
    planned.filter((r) => r.op.method !== 'DELETE'),
  );
  await sendAll(
    pc,
    planned.filter((r) => r.op.method === 'DELETE'),
  );
}
