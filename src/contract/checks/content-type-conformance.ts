import { documentedResponse } from '../../engine/operation-index.js';
import type { Check } from '../types.js';
import { failure, isJudgeable, withoutDocumentedResponses } from './failure.js';
import { matchingMediaType } from './media-types.js';

const NAME = 'content_type_conformance';
/** Statuses HTTP gives no content (RFC 9110, 15.3.5 and 15.4.5), whatever a document lists for them. */
const WITHOUT_CONTENT = new Set([204, 304]);

export const contentTypeConformance: Check = {
  name: NAME,
  failsWhen: 'the content type is missing or not a documented one',
  appliesTo: 'every-response',
  cannotJudge: withoutDocumentedResponses,
  run: (ctx, exchange) => {
    if (!isJudgeable(exchange) || WITHOUT_CONTENT.has(exchange.response.status)) return [];
    const documented = documentedResponse(ctx.spec.operation(exchange.operationId), exchange.response.status);
    const mediaTypes = Object.keys(documented?.content ?? {});
    // Undocumented statuses are status_code_conformance's; bodiless responses have no type to check.
    if (mediaTypes.length === 0) return [];
    const actual = exchange.response.headers['content-type'];
    if (actual && matchingMediaType(mediaTypes, actual)) return [];
    return [
      failure(NAME, exchange, {
        problem: actual
          ? `content type ${actual} is not documented for ${exchange.response.status}`
          : 'the response has no Content-Type header',
        expected: mediaTypes.join(' or '),
        actual: actual ?? 'no Content-Type',
      }),
    ];
  },
};
