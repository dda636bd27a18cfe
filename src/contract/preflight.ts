import { isJsonMediaType } from './checks/media-types.js';
import type { RunCredentials } from './credentials.js';
import { ContractConfigError, TargetUnreachableError } from './errors.js';
import { declaredType } from '../engine/generation/schema-shape.js';
import type { HttpClient, OutgoingRequest } from './http-client.js';
import { credentialsRefused, refusesCredentials } from './run-config.js';
import type { RunSession } from './run-session.js';
import { documentedResponse, type OperationSpec, type SpecIndex } from '../engine/operation-index.js';
import type { ReceivedResponse } from './types.js';

/**
 * One request before anything else, to tell "nobody is there" (exit 3), "these credentials are
 * refused" and "this is not the API the document describes" (exit 2) apart from contract
 * failures: a GET without path parameters, as each tenant, or a plain GET of the base URL when
 * the document has none. A run against the wrong path prefix would otherwise see nothing but
 * 404s, skip every check that needs data, and pass.
 */
export async function preflight(
  session: RunSession,
  client: HttpClient,
  spec: SpecIndex,
  credentials: RunCredentials,
  baseUrl: string,
): Promise<void> {
  const probe = spec.operations.find((op) => op.method === 'GET' && !op.parameters.some((p) => p.required));
  const tenants = (['primary', 'second'] as const).filter((tenant) => tenant === 'primary' || credentials.second);
  const requests = tenants.map((tenant) =>
    probe ? session.build(probe, { auth: { as: tenant } }) : { method: 'GET', url: baseUrl, headers: {} },
  );
  // Both tenants at once; their answers are judged in order, the first tenant's first.
  const outcomes = await Promise.all(requests.map((request) => client.send(request)));
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.transportError)
      throw new TargetUnreachableError(`cannot reach ${baseUrl}: ${outcome.transportError.message}`);
    const response = outcome.response!;
    if (!probe) continue;
    if (refusesCredentials(probe, response.status)) throw credentialsRefused(spec, probe, tenants[index], response);
    const mismatch = notTheDocumentedApi(probe, response, requests[index]);
    if (mismatch) throw new ContractConfigError(`${probe.method} ${probe.path} ${mismatch}`);
  }
}

/** Why the answer shows the base URL is not where the documented API lives, if it does. */
function notTheDocumentedApi(
  op: OperationSpec,
  response: ReceivedResponse,
  request: OutgoingRequest,
): string | undefined {
  const sentTo = `(sent to ${request.url.split('?')[0]})`;
  if (response.status === 404) return `answered 404 — check the base URL's path prefix ${sentTo}`;
  if (response.status < 200 || response.status >= 300) return undefined;
  const documented = documentedResponse(op, response.status);
  const jsonSchema = Object.entries(documented?.content ?? {}).find(([type]) => isJsonMediaType(type))?.[1];
  if (!jsonSchema) return undefined;
  if (!response.json) {
    const type = response.headers['content-type'] ?? 'no content type';
    return `answered ${response.status} with a body that is not JSON (${type}) — check --base-url ${sentTo}`;
  }
  const expected = declaredType(jsonSchema);
  const actual = jsonTypeOf(response.json.value);
  if (expected === 'array' || expected === 'object') {
    if (actual !== expected)
      return (
        `answered ${response.status} with a JSON ${actual} where the document describes an ${expected} — ` +
        `check --base-url and --spec ${sentTo}`
      );
  }
  return undefined;
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}
