import type { Operation, ParsedRequest } from 'openapi-backend';
import type { OpenAPIV3 } from 'openapi-types';
import { authenticateJwt, authenticateProjectKey, type Credentials } from '../auth/authenticate.js';
import { schemeCredentials, type SchemeCredential } from '../mock/scheme-credentials.js';
import { first, genericSchemeChecks, unmetSecurityError } from '../mock/security-schemes.js';
import type { Tenant, TenantDirectory } from '../store/tenants.js';

export interface SecurityDeps {
  tenants: TenantDirectory;
  jwtSecret?: string;
  clock: () => Date;
  /** The dev credential of each scheme that is not a PERS one (see documentCredentials). */
  credentials: Record<string, SchemeCredential>;
}

type Schemes = Record<string, OpenAPIV3.SecuritySchemeObject>;

/**
 * The schemes checked as PERS checks them, with tenants: `authJWT` when it is an HTTP bearer
 * scheme and `projectKey` when it is the `x-project-key` header, as the PERS document defines them.
 */
export function tenantSchemeNames(schemes: Record<string, object>): Set<string> {
  const { authJWT, projectKey } = schemes as Schemes;
  const names = new Set<string>();
  if (authJWT?.type === 'http' && authJWT.scheme.toLowerCase() === 'bearer') names.add('authJWT');
  if (projectKey?.type === 'apiKey' && projectKey.in === 'header' && projectKey.name.toLowerCase() === 'x-project-key')
    names.add('projectKey');
  return names;
}

/** The dev credential of every other scheme of the document, reproducible from the seed. */
export function documentCredentials(document: OpenAPIV3.Document, seed: number): Record<string, SchemeCredential> {
  const schemes = (document.components?.securitySchemes ?? {}) as Schemes;
  return schemeCredentials(schemes, tenantSchemeNames(schemes), seed);
}

/** What a scheme check gives for a request that passes it; a failing check throws. */
type SchemeResult = { tenant?: Tenant } | { scheme: string };

/**
 * A routed request as security sees it: its headers (names lower-cased), and openapi-backend's
 * parse of it on demand.
 */
export interface PresentedRequest {
  headers: Record<string, string | string[] | undefined>;
  parsed(): ParsedRequest;
}

type SchemeCheck = (request: PresentedRequest) => SchemeResult | Promise<SchemeResult>;

/**
 * Checks a routed request against its operation's security requirements, with openapi-backend's
 * rules: the requirements (the operation's, else the document's) are alternatives, and every
 * scheme one names must pass; an operation without requirements is open. Resolves to the tenant
 * a passing PERS scheme named (undefined when none did), or throws the 401/403 to answer.
 *
 * The PERS schemes keep their own checks (tenants, JWT checks) where the document defines them
 * as PERS does; every other scheme accepts its dev credential only. (A requirement naming a scheme the
 * document does not define never gets here: the document scan drops the name and warns.)
 */
export function createAuthorizer(document: OpenAPIV3.Document, deps: SecurityDeps) {
  const schemes = (document.components?.securitySchemes ?? {}) as Schemes;
  const checks = schemeChecks(schemes, deps);
  const namesOf = new WeakMap<Operation, string[]>();

  return async (operation: Operation, request: PresentedRequest): Promise<Tenant | undefined> => {
    const requirements = operation.security ?? [];
    if (requirements.length === 0) return undefined;
    let names = namesOf.get(operation);
    if (!names)
      namesOf.set(operation, (names = [...new Set(requirements.flatMap((requirement) => Object.keys(requirement)))]));
    const passed = new Map<string, SchemeResult>();
    const failures: Record<string, unknown> = {};
    for (const name of names) {
      const check = checks[name];
      if (!check) continue;
      try {
        passed.set(name, await check(request));
      } catch (error) {
        failures[name] = error;
      }
    }
    const met = requirements.find((requirement) => Object.keys(requirement).every((name) => passed.has(name)));
    if (!met) throw unmetSecurityError(requirements, failures, schemes);
    for (const result of passed.values()) if ('tenant' in result && result.tenant) return result.tenant;
    return undefined;
  };
}

function schemeChecks(schemes: Schemes, deps: SecurityDeps): Record<string, SchemeCheck> {
  const checks: Record<string, SchemeCheck> = {};
  const tenantSchemes = tenantSchemeNames(schemes);
  if (tenantSchemes.has('authJWT')) {
    checks.authJWT = async (request) => ({
      tenant: await authenticateJwt(credentialsOf(request), deps.tenants, { secret: deps.jwtSecret }, deps.clock()),
    });
  }
  if (tenantSchemes.has('projectKey'))
    checks.projectKey = (request) => ({ tenant: authenticateProjectKey(credentialsOf(request), deps.tenants) });
  // The other schemes may look at the query and cookies too, which only the parse has.
  for (const [name, check] of Object.entries(genericSchemeChecks(schemes, deps.credentials))) {
    if (!tenantSchemes.has(name)) checks[name] = (request) => check(request.parsed());
  }
  return checks;
}

function credentialsOf(request: PresentedRequest): Credentials {
  return { authorization: first(request.headers.authorization), projectKey: first(request.headers['x-project-key']) };
}
