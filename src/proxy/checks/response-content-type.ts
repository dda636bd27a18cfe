import { bareMediaType, documentedMedia, documentedResponse, type ExchangeCheck } from '../exchange.js';

/** A body only where the status documents one, and of a documented media type. */
export const responseContentType: ExchangeCheck = (_context, exchange) => {
  const { operation, response } = exchange;
  const documented = operation && documentedResponse(operation, response.status);
  if (!documented || !response.hasBody) return [];
  const types = Object.keys(documented.content ?? {});
  if (types.length === 0) {
    return [
      {
        side: 'response',
        location: 'body',
        path: '',
        message: `status ${response.status} documents no body, but one was sent`,
      },
    ];
  }
  const given = bareMediaType(response.headers['content-type']);
  if (documentedMedia(documented, given)) return [];
  return [
    {
      side: 'response',
      location: 'content-type',
      path: '',
      message:
        `content type '${given || 'none'}' is not documented for status ${response.status} (documented: ` +
        `${types.join(', ')})`,
    },
  ];
};
