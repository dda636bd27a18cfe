import { readFile } from 'node:fs/promises';

export interface NamedRef {
  id: string;
  name: string;
}

export interface Tenant {
  id: string;
  name: string;
  projectKey: string;
  businesses: NamedRef[];
  campaigns: NamedRef[];
}

export class TenantConfigError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'TenantConfigError';
  }
}

/** The tenants the mock knows, looked up by id and by project key. */
export class TenantDirectory {
  readonly all: readonly Tenant[];
  private readonly byId: Map<string, Tenant>;
  private readonly byProjectKey: Map<string, Tenant>;

  constructor(tenants: Tenant[]) {
    if (tenants.length === 0) throw new Error('at least one tenant is needed');
    this.all = tenants;
    this.byId = new Map(tenants.map((t) => [t.id, t]));
    this.byProjectKey = new Map(tenants.map((t) => [t.projectKey, t]));
  }

  get defaultTenant(): Tenant {
    return this.all[0];
  }

  findById(id: string): Tenant | undefined {
    return this.byId.get(id);
  }

  findByProjectKey(projectKey: string): Tenant | undefined {
    return this.byProjectKey.get(projectKey);
  }
}

export async function loadTenants(file: string): Promise<TenantDirectory> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new TenantConfigError(file, `cannot be read as JSON (${(error as Error).message})`);
  }
  const tenants = (parsed as { tenants?: unknown }).tenants;
  if (!Array.isArray(tenants) || tenants.length < 1) {
    throw new TenantConfigError(file, 'needs a "tenants" array with at least one tenant');
  }
  tenants.forEach((tenant, index) => checkTenant(file, tenant, index));
  const list = tenants as Tenant[];
  for (const field of ['id', 'projectKey'] as const) {
    const values = list.map((t) => t[field]);
    const duplicate = values.find((value, i) => values.indexOf(value) !== i);
    if (duplicate) throw new TenantConfigError(file, `tenant ${field} "${duplicate}" appears twice`);
  }
  return new TenantDirectory(list.map((t) => ({ ...t, businesses: t.businesses ?? [], campaigns: t.campaigns ?? [] })));
}

function checkTenant(file: string, tenant: unknown, index: number): void {
  const t = tenant as Record<string, unknown>;
  for (const field of ['id', 'name', 'projectKey']) {
    if (typeof t?.[field] !== 'string' || t[field].length === 0) {
      throw new TenantConfigError(file, `tenants[${index}].${field} must be a non-empty string`);
    }
  }
  for (const field of ['businesses', 'campaigns']) {
    if (t[field] !== undefined && !Array.isArray(t[field])) {
      throw new TenantConfigError(file, `tenants[${index}].${field} must be an array of { id, name }`);
    }
  }
}
