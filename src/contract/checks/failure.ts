import type { OperationSpec } from '../../engine/operation-index.js';
import type { Exchange, Failure, Purpose } from '../types.js';

/** A failure that carries everything needed to understand and repeat it. */
export function failure(
  check: string,
  exchange: Exchange,
  details: { problem: string; expected: string; actual: string },
): Failure {
  return {
    check,
    operationId: exchange.operationId,
    request: requestLine(exchange),
    input: describePurpose(exchange.purpose),
    ...details,
    curl: exchange.curl,
    status: exchange.response?.status,
    correlationId: exchange.response?.headers['x-correlation-id'],
    occurrences: 1,
  };
}

export function requestLine(exchange: Exchange): string {
  const url = new URL(exchange.request.url);
  const outcome = exchange.response
    ? String(exchange.response.status)
    : (exchange.transportError?.kind ?? 'no response');
  return `${exchange.request.method} ${url.pathname}${url.search} → ${outcome}`;
}

export function describePurpose(purpose: Purpose): string {
  switch (purpose.kind) {
    case 'positive':
    case 'negative':
    case 'auth':
      return purpose.description;
    case 'read-after-create':
      return 'read back right after it was created';
    case 'read-after-update':
      return 'read back right after a successful update';
    case 'after-delete':
      return `${purpose.action} after the resource was deleted`;
    case 'list-page':
      return `page ${purpose.page} with limit ${purpose.limit}, compared with the unpaged list`;
    case 'list-filter':
      return `list filtered by ${purpose.filters.map((f) => `${f.param}=${String(f.value)}`).join(' and ')}`;
    case 'list-sort':
      return purpose.description;
    case 'cross-tenant':
      return `${purpose.action} by the second tenant of a resource the first tenant owns`;
    case 'suite-step':
      return `suite "${purpose.suite}", step "${purpose.step}"`;
  }
}

/** A short, single-line rendering of a value for expected/actual fields. */
export function show(value: unknown, max = 300): string {
  const text = value === undefined ? 'absent' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** True for a real answer the server chose to give; 5xx and timeouts belong to not_a_server_error. */
export function isJudgeable(
  exchange: Exchange,
): exchange is Exchange & { response: NonNullable<Exchange['response']> } {
  return exchange.response !== undefined && exchange.response.status < 500;
}

export function isSuccess(exchange: Exchange): boolean {
  return exchange.response !== undefined && exchange.response.status >= 200 && exchange.response.status < 300;
}

/**
 * For the checks that judge an answer against the documented responses: an operation may
 * document none (OpenAPI 3.1 makes `responses` optional), and then there is nothing to judge by.
 */
export function withoutDocumentedResponses(op: OperationSpec): string | undefined {
  return op.responses.length === 0 ? 'the operation documents no responses' : undefined;
}
