import { invalidBodies, invalidParameters } from '../../engine/generation/invalid-values.js';
import { jsonSchemaOf } from '../resource-model.js';
import { SAFE_METHODS } from '../run-session.js';
import type { QueryValues } from '../parameter-serialization.js';
import type { OperationSpec } from '../../engine/operation-index.js';
import {
  pathParamsFor,
  READ_ONLY_REASON,
  requestValue,
  sendAll,
  validBodyOf,
  type PlannedRequest,
  type ProbeContext,
} from './probe-context.js';

/** At most this many invalid inputs per operation, chosen by the seed when there are more. */
const MAX_PER_OPERATION = 40;

/**
 * For every operation, each invalid input the document lets us derive, one at a time, on an
 * otherwise valid request (valid credentials, an existing id) so only the data is at fault.
 */
export async function negativeProbes(pc: ProbeContext): Promise<void> {
  pc.session.phase('sending invalid inputs');
  const planned: PlannedRequest[] = [];
  for (const op of pc.spec.operations) {
    const rng = pc.rng.fork(`negative ${op.operationId}`);
    const cases = [...parameterCases(pc, op), ...bodyCases(pc, op, rng)];
    if (cases.length === 0) continue;
    if (pc.readOnly && !SAFE_METHODS.has(op.method)) {
      pc.session.skip(['negative_data_rejection'], [op.operationId], READ_ONLY_REASON);
      continue;
    }
    const pathParams = pathParamsFor(pc, op);
    const chosen = cases.length > MAX_PER_OPERATION ? sample(cases, MAX_PER_OPERATION, () => rng.next()) : cases;
    for (const { description, query, headers, body, addition } of chosen) {
      planned.push({
        op,
        input: { auth: { as: 'primary' }, pathParams, query, headers, body: body ?? validBodyOf(op, rng) },
        purpose: { kind: 'negative', description: `invalid input: ${description}`, ...(addition ? { addition } : {}) },
      });
    }
  }
  await sendAll(pc, planned);
}

interface NegativeCase {
  description: string;
  addition?: string;
  query?: QueryValues;
  headers?: Record<string, string | undefined>;
  body?: Parameters<ProbeContext['session']['send']>[1]['body'];
}

/** The parameter under test gets its invalid value (`undefined`: left out); the others keep the run's valid ones. */
function parameterCases(pc: ProbeContext, op: OperationSpec): NegativeCase[] {
  return invalidParameters(op.parameters, pc.validator).map(({ description, param, raw, addition }) => ({
    description,
    addition,
    ...(param.in === 'query' ? { query: { [param.name]: raw } } : { headers: { [param.name.toLowerCase()]: raw } }),
  }));
}

function bodyCases(pc: ProbeContext, op: OperationSpec, rng: ProbeContext['rng']): NegativeCase[] {
  const schema = jsonSchemaOf(op.requestBody?.content);
  if (!op.requestBody || !schema) return [];
  const valid = requestValue(schema, rng, 'full');
  return invalidBodies(schema, valid, op, pc.validator).map((invalid) => ({
    description: invalid.description,
    addition: invalid.kind === 'json' ? invalid.addition : undefined,
    body:
      invalid.kind === 'json'
        ? { kind: 'json', value: invalid.value }
        : invalid.kind === 'raw'
          ? { kind: 'raw', text: invalid.text, contentType: invalid.contentType }
          : { kind: 'none' },
  }));
}

function sample<T>(items: T[], count: number, random: () => number): T[] {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}
