import type { NamedRef, TenantDirectory } from '../store/tenants.js';
import { mintDevJwt } from './jwt.js';

export interface DevCredentials {
  id: string;
  name: string;
  projectKey: string;
  jwt: string;
  expiredJwt: string;
  businesses: NamedRef[];
  campaigns: NamedRef[];
}

/** Ready-to-use credentials for every tenant, with the ids its seeded data refers to. */
export function devCredentials(tenants: TenantDirectory, jwtSecret: string | undefined): Promise<DevCredentials[]> {
  return Promise.all(
    tenants.all.map(async (tenant) => ({
      id: tenant.id,
      name: tenant.name,
      projectKey: tenant.projectKey,
      jwt: await mintDevJwt(tenant.id, jwtSecret),
      expiredJwt: await mintDevJwt(tenant.id, jwtSecret, 'expired'),
      businesses: tenant.businesses,
      campaigns: tenant.campaigns,
    })),
  );
}
