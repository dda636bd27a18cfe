import { documentedResponse, type OperationSpec } from '../../engine/operation-index.js';
import type { Check } from '../types.js';
import { failure } from './failure.js';

const NAME = 'not_a_server_error';

/**
 * Every 5xx, and every request that got no answer at all, is reported here and only here; a 5xx
 * is not, where the operation documents nothing but server errors and this is one of them
 * (oas-examples' `/status/500`): the document says every answer is one.
 */
export const notAServerError: Check = {
  name: NAME,
  failsWhen:
    'any 5xx (but a documented one of an operation that documents only server errors), ' +
    'or no complete response within --timeout',
  appliesTo: 'every-response',
  run: (ctx, exchange) => {
    if (exchange.transportError) {
      return [
        failure(NAME, exchange, {
          problem: 'the server did not answer',
          expected: 'a response',
          actual: exchange.transportError.message,
        }),
      ];
    }
    const status = exchange.response?.status ?? 0;
    if (status < 500 || documentsOnlyServerErrors(ctx.spec.operation(exchange.operationId), status)) return [];
    return [
      failure(NAME, exchange, {
        problem: `the server answered ${status}`,
        expected: 'a status below 500',
        actual: `${status} ${exchange.response?.bodyText.slice(0, 300) ?? ''}`.trim(),
      }),
    ];
  },
};

function documentsOnlyServerErrors(op: OperationSpec, status: number): boolean {
  return op.responses.every((response) => /^5(\d\d|XX)$/.test(response.key)) && !!documentedResponse(op, status);
}
