import type { PlacedCredential, RunCredentials } from './credentials.js';
import { ContractConfigError, TargetUnreachableError } from './errors.js';

/**
 * The dev credentials a pers-mock serves at `/__mock/credentials` (at the origin, whatever
 * path prefix the base URL has): its first tenant as the first, its second as the second.
 * A mock started with --admin-token needs the same token.
 */
export async function fetchMockCredentials(
  baseUrl: string,
  timeoutMs: number,
  adminToken?: string,
): Promise<RunCredentials> {
  const url = new URL('/__mock/credentials', baseUrl).toString();
  let response: Response;
  try {
    response = await fetch(url, {
      headers: adminToken ? { 'x-admin-token': adminToken } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new TargetUnreachableError(
      `cannot reach ${url}: ` +
        `${(error as Error).cause ? String((error as { cause: unknown }).cause) : (error as Error).message}`,
    );
  }
  const body = (await response.json().catch(() => undefined)) as MockListing | undefined;
  const [first, second] = body?.tenants ?? [];
  if (!response.ok || !first?.projectKey || !first.jwt) {
    throw new ContractConfigError(
      `--mock-credentials: ${url} answered ${response.status} without pers-mock dev credentials; ` +
        'is the target a pers-mock?',
    );
  }
  const schemes = Object.fromEntries(
    Object.entries(body?.schemes ?? {}).map(([name, listed]): [string, PlacedCredential] => [
      name,
      { in: listed.in, name: listed.name, value: listed.header ?? listed.value },
    ]),
  );
  // Tenants exist only where the document uses the PERS schemes; a mock too old to say is serving PERS.
  const hasTenants = body?.tenantSchemes === undefined || body.tenantSchemes.length > 0;
  return {
    primary: { projectKey: first.projectKey, jwt: first.jwt, schemes },
    ...(hasTenants && second?.projectKey && second.jwt
      ? { second: { projectKey: second.projectKey, jwt: second.jwt } }
      : {}),
  };
}

/** What GET /__mock/credentials answers. */
interface MockListing {
  tenants?: Array<{ projectKey?: string; jwt?: string }>;
  /** The dev credential of each scheme that is not a PERS one. */
  schemes?: Record<string, { in: PlacedCredential['in']; name: string; value: string; header?: string }>;
  /** Which of the document's schemes are the PERS ones. */
  tenantSchemes?: string[];
}
