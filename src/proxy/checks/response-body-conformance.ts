import { toViolations } from '../../server/violations.js';
import { documentedMedia, documentedResponse, type ExchangeCheck } from '../exchange.js';

/** The JSON body against the schema documented for its status and media type. */
export const responseBodyConformance: ExchangeCheck = ({ schemas }, exchange) => {
  const { operation, response } = exchange;
  if (!operation || !response.bodyInspected) return [];
  if (response.bodyUnparsable !== undefined) {
    return [
      {
        side: 'response',
        location: 'body',
        path: '',
        message: `the body is not valid JSON: ${response.bodyUnparsable}`,
      },
    ];
  }
  const documented = documentedResponse(operation, response.status);
  const schema = documented && documentedMedia(documented, String(response.headers['content-type'] ?? ''))?.schema;
  if (!schema || response.body === undefined) return [];
  return toViolations(schemas.errors(schema, response.body), 'body').map((violation) => ({
    side: 'response' as const,
    location: 'body',
    path: violation.path,
    message: violation.message,
  }));
};
