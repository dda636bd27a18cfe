import type { OperationSpec } from '../../engine/operation-index.js';
import type { Check } from '../types.js';
import { failure, isJudgeable, isSuccess } from './failure.js';

const NAME = 'ignored_auth';

export const ignoredAuth: Check = {
  name: NAME,
  failsWhen:
    'a secured operation succeeds without credentials or with invalid ones (must be 401, or a 403 where the ' +
    'operation documents 403 and not 401)',
  appliesTo: ['auth'],
  run: (ctx, exchange) => {
    if (!isJudgeable(exchange)) return [];
    const status = exchange.response.status;
    if (status === 401 || (status === 403 && refusesWith403(ctx.spec.operation(exchange.operationId)))) return [];
    return [
      failure(NAME, exchange, {
        problem: isSuccess(exchange)
          ? `the operation succeeded (${status}) with ` +
            `${exchange.purpose.kind === 'auth' ? exchange.purpose.description : 'bad credentials'}`
          : `answered ${status} instead of 401`,
        expected: refusesWith403(ctx.spec.operation(exchange.operationId)) ? '401 or 403' : '401',
        actual: `${status} ${exchange.response.bodyText.slice(0, 200)}`.trim(),
      }),
    ];
  },
};

/** An operation that documents a 403 and no 401 says it refuses missing credentials with a 403 (Figma's do). */
function refusesWith403(op: OperationSpec): boolean {
  const keys = op.responses.map((response) => response.key);
  return keys.includes('403') && !keys.includes('401');
}
