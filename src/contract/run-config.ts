import { credentialNeeded, CREDENTIAL_VARIABLES, type RunCredentials, type TenantCredentials } from './credentials.js';
import { ContractConfigError } from './errors.js';
import { SAFE_METHODS } from './run-session.js';
import type { SpecIndex } from '../engine/operation-index.js';

/** `https://api.pers.ninja/v2/` → `https://api.pers.ninja/v2`; anything but an http(s) URL is refused. */
export function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ContractConfigError(`--base-url "${raw}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ContractConfigError(`--base-url must be http or https, not ${url.protocol}`);
  if (url.search || url.hash) throw new ContractConfigError('--base-url must not carry a query or fragment');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

const FLAGS = {
  primary: { projectKey: ['--project-key', CREDENTIAL_VARIABLES.projectKey], jwt: ['--jwt', CREDENTIAL_VARIABLES.jwt] },
  second: {
    projectKey: ['--second-project-key', CREDENTIAL_VARIABLES.secondProjectKey],
    jwt: ['--second-jwt', CREDENTIAL_VARIABLES.secondJwt],
  },
} as const;

/**
 * Every credential the operations to be sent need must be given, for the first tenant and, if
 * any second-tenant credential is given, for the second; the two tenants must differ.
 */
export function checkCredentials(spec: SpecIndex, credentials: RunCredentials, readOnly: boolean): void {
  const operations = spec.operations.filter((op) => !readOnly || SAFE_METHODS.has(op.method));
  const needed = new Set<'projectKey' | 'jwt'>();
  for (const op of operations) {
    for (const name of op.security[0] ?? []) {
      const scheme = spec.securitySchemes[name];
      if (!scheme)
        throw new ContractConfigError(
          `${op.operationId} uses the security scheme "${name}", which the document does not define`,
        );
      const credential = credentialNeeded(scheme);
      if (!credential)
        throw new ContractConfigError(
          `${op.operationId} uses the security scheme "${name}" (${scheme.type}), which the runner cannot satisfy`,
        );
      needed.add(credential);
    }
  }
  requireAll('primary', credentials.primary, needed);
  if (credentials.second) {
    requireAll('second', credentials.second, needed);
    if (credentials.second.projectKey && credentials.second.projectKey === credentials.primary.projectKey) {
      throw new ContractConfigError(
        "the second tenant's project key is the first tenant's: tenant isolation needs two different tenants",
      );
    }
  }
}

function requireAll(tenant: 'primary' | 'second', given: TenantCredentials, needed: Set<'projectKey' | 'jwt'>): void {
  for (const credential of needed) {
    if (given[credential]) continue;
    const [flag, variable] = FLAGS[tenant][credential];
    const what = tenant === 'second' ? "the second tenant's credentials are incomplete" : 'a credential is missing';
    throw new ContractConfigError(`${what}: pass ${flag} or set ${variable}`);
  }
}
