import type { RunCredentials } from './credentials.js';
import { ContractConfigError, TargetUnreachableError } from './errors.js';
import type { HttpClient } from './http-client.js';
import type { RunSession } from './run-session.js';
import type { SpecIndex } from '../engine/operation-index.js';

/**
 * One request before anything else, to tell "nobody is there" (exit 3) and "these credentials
 * are refused" (exit 2) apart from contract failures: a GET without path parameters, as each
 * tenant, or a plain GET of the base URL when the document has none.
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
  for (const tenant of tenants) {
    const request = probe
      ? session.build(probe, { auth: { as: tenant } })
      : { method: 'GET', url: baseUrl, headers: {} };
    const outcome = await client.send(request);
    if (outcome.transportError)
      throw new TargetUnreachableError(`cannot reach ${baseUrl}: ${outcome.transportError.message}`);
    const status = outcome.response!.status;
    if (probe && (status === 401 || status === 403)) {
      const who = tenant === 'primary' ? 'the credentials' : "the second tenant's credentials";
      throw new ContractConfigError(
        `the server refused ${who}: ${probe.method} ${probe.path} answered ${status} ` +
          `(${outcome.response!.bodyText.slice(0, 200)})`,
      );
    }
  }
}
