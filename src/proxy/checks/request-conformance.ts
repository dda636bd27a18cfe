import type { ErrorObject } from 'ajv';
import { toViolations } from '../../server/violations.js';
import type { ExchangeCheck } from '../exchange.js';

/**
 * The request's parameters and JSON body against the operation, with openapi-backend's
 * validator (the one the mock uses). A body streamed through unread is not judged.
 */
export const requestConformance: ExchangeCheck = ({ api }, exchange) => {
  const { operation, request } = exchange;
  if (!operation) return [];
  const result = api.validator.validateRequest(
    {
      method: request.method,
      path: request.path,
      query: request.query,
      headers: request.headers as Record<string, string | string[]>,
      body: request.body,
    },
    operation.operationId,
  );
  const errors = (result.errors ?? []).filter((error) => request.bodyInspected || !aboutBody(error));
  return toViolations(errors).map((violation) => ({
    side: 'request' as const,
    location: violation.location,
    path: violation.path,
    message: violation.message,
  }));
};

function aboutBody(error: ErrorObject): boolean {
  return (
    error.instancePath.startsWith('/requestBody') ||
    (error.params as { missingProperty?: string }).missingProperty === 'requestBody'
  );
}
