import { documentedResponse } from '../../engine/operation-index.js';
import type { Check, Exchange, Failure } from '../types.js';
import { failure, isJudgeable, withoutDocumentedResponses } from './failure.js';
import { isJsonMediaType, matchingMediaType } from './media-types.js';

const NAME = 'response_schema_conformance';
const PROBLEMS_SHOWN = 5;

export const responseSchemaConformance: Check = {
  name: NAME,
  failsWhen:
    'the body does not match the documented schema for that status (errors included), or a success documented ' +
    'without content has a body',
  appliesTo: 'every-response',
  cannotJudge: withoutDocumentedResponses,
  run: (ctx, exchange) => {
    if (!isJudgeable(exchange)) return [];
    const { status, headers, bodyText, json } = exchange.response;
    const documented = documentedResponse(ctx.spec.operation(exchange.operationId), status);
    if (!documented) return [];
    const mediaTypes = Object.keys(documented.content);
    // An error documented without content may still explain itself in a body; a success may not carry one.
    if (mediaTypes.length === 0)
      return bodyText.length === 0 || status >= 400 ? [] : [undocumentedBody(exchange, bodyText)];
    // A missing or undocumented content type is content_type_conformance's to report.
    const mediaType = headers['content-type'] && matchingMediaType(mediaTypes, headers['content-type']);
    if (!mediaType || !isJsonMediaType(mediaType)) return [];
    if (!json) {
      return [
        failure(NAME, exchange, {
          problem: bodyText.length === 0 ? 'the body is empty' : 'the body is not valid JSON',
          expected: `a JSON body matching the schema documented for ${status}`,
          actual: bodyText.length === 0 ? 'an empty body' : bodyText.slice(0, 300),
        }),
      ];
    }
    const problems = ctx.schemas.problems(documented.content[mediaType], json.value);
    if (problems.length === 0) return [];
    const shown = problems.slice(0, PROBLEMS_SHOWN).join('; ');
    const more = problems.length > PROBLEMS_SHOWN ? ` (and ${problems.length - PROBLEMS_SHOWN} more)` : '';
    return [
      failure(NAME, exchange, {
        // The first problem, with array positions generalised, tells one bug from another.
        problem:
          `the ${status} body does not match its documented schema ` +
          `(${problems[0].replace(/\/\d+(?=\/|\s)/g, '/*')})`,
        expected: `the schema documented for ${status} ${mediaType}`,
        actual: `${shown}${more}`,
      }),
    ];
  },
};

function undocumentedBody(exchange: Exchange, bodyText: string): Failure {
  return failure(NAME, exchange, {
    problem: `no body is documented for ${exchange.response?.status}, but one came back`,
    expected: 'an empty body',
    actual: `${bodyText.length} bytes: ${bodyText.slice(0, 200)}`,
  });
}
