import type { JWTPayload } from 'jose';
import { PersError } from '../errors.js';
import type { Tenant, TenantDirectory } from '../store/tenants.js';
import { authenticateBearer, type JwtOptions } from './jwt.js';

export interface Credentials {
  authorization?: string;
  projectKey?: string;
}

/** The `projectKey` scheme: the header must name a known tenant. */
export function authenticateProjectKey(credentials: Credentials, tenants: TenantDirectory): Tenant {
  if (!credentials.projectKey) {
    throw new PersError('PROJECT_KEY_MISSING', 'This operation needs an x-project-key header');
  }
  return tenantOfProjectKey(credentials.projectKey, tenants);
}

/**
 * The `authJWT` scheme. The tenant is the one the x-project-key header names when present, else
 * the one a `tenantId` claim names when it is a known tenant, else the first tenant.
 */
export async function authenticateJwt(
  credentials: Credentials,
  tenants: TenantDirectory,
  options: JwtOptions,
  now: Date,
): Promise<Tenant> {
  const claims = await authenticateBearer(credentials.authorization, options, now);
  const claimed = tenantOfClaims(claims, tenants);
  if (!credentials.projectKey) return claimed ?? tenants.defaultTenant;
  const keyed = tenantOfProjectKey(credentials.projectKey, tenants);
  if (claimed && claimed.id !== keyed.id) {
    throw new PersError('TENANT_MISMATCH', 'The JWT belongs to another tenant than the x-project-key header names');
  }
  return keyed;
}

function tenantOfProjectKey(projectKey: string, tenants: TenantDirectory): Tenant {
  const tenant = tenants.findByProjectKey(projectKey);
  if (!tenant) throw new PersError('PROJECT_KEY_INVALID', 'The x-project-key header does not name a known project');
  return tenant;
}

function tenantOfClaims(claims: JWTPayload, tenants: TenantDirectory): Tenant | undefined {
  return typeof claims.tenantId === 'string' ? tenants.findById(claims.tenantId) : undefined;
}
