import type { OperationSpec, SecurityScheme, SpecIndex } from '../engine/operation-index.js';
import type { Secret } from './redaction.js';

/** A credential exactly as a request carries it, for one security scheme. */
export interface PlacedCredential {
  in: 'header' | 'query' | 'cookie';
  /** The header, query parameter or cookie. */
  name: string;
  value: string;
}

export interface TenantCredentials {
  /** PERS: `x-project-key`, sent on every request of the tenant, since it names the tenant. */
  projectKey?: string;
  /** PERS: the bearer JWT of `authJWT`; also used for other bearer schemes when no `bearer` is given. */
  jwt?: string;
  /** A token for HTTP bearer, OAuth 2 and OpenID Connect schemes. */
  bearer?: string;
  /** `user:password` for HTTP basic schemes. */
  basic?: string;
  /** API keys by the name of their header, query parameter or cookie (or by scheme name). */
  apiKeys?: Record<string, string>;
  /** Headers sent on every request; one also satisfies a scheme that reads that header. */
  headers?: Record<string, string>;
  /** Exact credentials by scheme name, as a pers-mock lists its dev credentials. */
  schemes?: Record<string, PlacedCredential>;
}

export interface RunCredentials {
  primary: TenantCredentials;
  /** A second tenant, for tenant isolation. */
  second?: TenantCredentials;
}

/** The variables the CLI reads credentials from; reports and curl lines name them instead of the values. */
export const CREDENTIAL_VARIABLES = {
  projectKey: 'PERS_MOCK_PROJECT_KEY',
  jwt: 'PERS_MOCK_JWT',
  secondProjectKey: 'PERS_MOCK_SECOND_PROJECT_KEY',
  secondJwt: 'PERS_MOCK_SECOND_JWT',
  bearer: 'PERS_MOCK_BEARER',
  auth: 'PERS_MOCK_AUTH',
  authBase64: 'PERS_MOCK_AUTH_BASE64',
} as const;

const variableSuffix = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
/** How reports name an API key given with --api-key. */
export const apiKeyVariable = (name: string) => `PERS_MOCK_API_KEY_${variableSuffix(name)}`;
/** How reports name a header given with --header. */
export const headerVariable = (name: string) => `PERS_MOCK_HEADER_${variableSuffix(name)}`;
/** How reports name a credential taken from a pers-mock's listing. */
export const credentialVariable = (scheme: string) => `PERS_MOCK_CREDENTIAL_${variableSuffix(scheme)}`;

export function secretsOf(credentials: RunCredentials): Secret[] {
  const { primary, second } = credentials;
  const entries: Array<[string | undefined, string]> = [
    [primary.projectKey, CREDENTIAL_VARIABLES.projectKey],
    [primary.jwt, CREDENTIAL_VARIABLES.jwt],
    [second?.projectKey, CREDENTIAL_VARIABLES.secondProjectKey],
    [second?.jwt, CREDENTIAL_VARIABLES.secondJwt],
    [primary.bearer, CREDENTIAL_VARIABLES.bearer],
    [primary.basic, CREDENTIAL_VARIABLES.auth],
    [primary.basic && Buffer.from(primary.basic).toString('base64'), CREDENTIAL_VARIABLES.authBase64],
    ...Object.entries(primary.apiKeys ?? {}).map(([name, value]): [string, string] => [value, apiKeyVariable(name)]),
    ...Object.entries(primary.headers ?? {}).map(([name, value]): [string, string] => [value, headerVariable(name)]),
    ...Object.entries(primary.schemes ?? {}).flatMap(([name, placed]): Array<[string, string]> => [
      [placed.value, credentialVariable(name)],
      [placed.value.replace(/^\S+\s+/, ''), credentialVariable(name)],
    ]),
  ];
  return entries.filter((e): e is [string, string] => Boolean(e[0])).map(([value, variable]) => ({ value, variable }));
}

/** Who a request is sent as: a tenant, nobody, or a tenant with one credential broken. */
export type AuthMode =
  | { as: 'primary' | 'second' }
  | { as: 'anonymous' }
  | { as: 'broken'; scheme: string; breakage: 'missing' | 'invalid' | 'expired' };

export interface AuthPlacement {
  headers: Record<string, string>;
  query: Record<string, string>;
}

/**
 * A syntactically valid JWT that expired in 2000 and whose signature is not real: no server may
 * accept it, whether or not it verifies signatures.
 */
export const EXPIRED_JWT =
  [
    { alg: 'HS256', typ: 'JWT' },
    { sub: 'pers-mock-contract', iat: 946681200, exp: 946684800 },
  ]
    .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
    .join('.') + '.c2lnbmF0dXJlLW5vdC12YWxpZA';

/**
 * The credentials a request carries: those of the first security requirement the tenant's
 * credentials satisfy, plus the headers given for every request. The PERS project key names the
 * tenant, so it goes on every request of a tenant, as PERS clients send it.
 */
export function placeCredentials(
  spec: SpecIndex,
  op: OperationSpec,
  credentials: RunCredentials,
  mode: AuthMode,
): AuthPlacement {
  const placement: AuthPlacement = { headers: {}, query: {} };
  if (mode.as === 'anonymous') return placement;
  const tenant = mode.as === 'second' ? (credentials.second ?? {}) : credentials.primary;
  for (const [name, value] of Object.entries(tenant.headers ?? {})) placement.headers[name.toLowerCase()] = value;
  const requirement = chosenRequirement(spec, op, tenant) ?? op.security[0] ?? [];
  const names = new Set(requirement);
  for (const [name, scheme] of Object.entries(spec.securitySchemes)) if (isProjectKey(scheme)) names.add(name);
  const cookies: string[] = [];
  for (const name of names) {
    const scheme = spec.securitySchemes[name];
    if (!scheme) continue;
    let placed = credentialFor(name, scheme, tenant);
    if (mode.as === 'broken' && mode.scheme === name) {
      if (mode.breakage === 'missing') {
        delete placement.headers[(placed?.name ?? '').toLowerCase()];
        continue;
      }
      placed = brokenCredentialFor(scheme, mode.breakage);
    }
    if (!placed) continue;
    if (placed.in === 'query') placement.query[placed.name] = placed.value;
    else if (placed.in === 'cookie') cookies.push(`${placed.name}=${placed.value}`);
    else placement.headers[placed.name.toLowerCase()] = placed.value;
  }
  if (cookies.length > 0) placement.headers.cookie = cookies.join('; ');
  return placement;
}

/** The first of the operation's security requirements the tenant's credentials satisfy ([] when open). */
export function chosenRequirement(spec: SpecIndex, op: OperationSpec, tenant: TenantCredentials): string[] | undefined {
  if (op.security.length === 0) return [];
  return op.security.find((requirement) =>
    requirement.every((name) => {
      const scheme = spec.securitySchemes[name];
      return scheme !== undefined && credentialFor(name, scheme, tenant) !== undefined;
    }),
  );
}

/** Why no requirement of the operation can be met with these credentials, naming what would. */
export function unsatisfiedReason(spec: SpecIndex, op: OperationSpec): string {
  const alternatives = op.security.map((requirement) =>
    requirement.map((name) => `${name} (${describeScheme(spec.securitySchemes[name])})`).join(' and '),
  );
  const needs = `${alternatives.length > 1 ? 'one of: ' : ''}${alternatives.join('; or ')}`;
  return `needs ${needs}, and no such credential was given`;
}

/** How to give a scheme's credential, for messages. */
function describeScheme(scheme: SecurityScheme | undefined): string {
  if (!scheme) return 'undefined scheme';
  switch (scheme.type) {
    case 'apiKey':
      return isProjectKey(scheme)
        ? '--project-key'
        : `API key in ${scheme.in} ${scheme.name}: --api-key ${scheme.name}=…`;
    case 'http': {
      const kind = scheme.scheme.toLowerCase();
      if (kind === 'basic') return 'HTTP basic: --auth USER:PASS';
      if (kind === 'bearer') return 'HTTP bearer: --bearer TOKEN';
      return `HTTP ${kind}: --header 'Authorization: …'`;
    }
    case 'oauth2':
    case 'openIdConnect':
      return `${scheme.type}: --bearer TOKEN`;
    default:
      return (scheme as { type: string }).type;
  }
}

/** The broken-credential variants that must each be answered 401 for this operation. */
export function authProbeModes(spec: SpecIndex, op: OperationSpec): Array<{ mode: AuthMode; description: string }> {
  const modes: Array<{ mode: AuthMode; description: string }> = [
    { mode: { as: 'anonymous' }, description: 'no credentials at all' },
  ];
  // With alternatives (any one suffices), breaking one scheme may legitimately leave another.
  if (op.security.length !== 1) return modes;
  for (const name of op.security[0]) {
    const scheme = spec.securitySchemes[name];
    if (!scheme) continue;
    modes.push({
      mode: { as: 'broken', scheme: name, breakage: 'missing' },
      description: `${name} credential missing`,
    });
    modes.push({
      mode: { as: 'broken', scheme: name, breakage: 'invalid' },
      description: `${name} credential invalid`,
    });
    if (isBearer(scheme))
      modes.push({ mode: { as: 'broken', scheme: name, breakage: 'expired' }, description: `${name} JWT expired` });
  }
  return modes;
}

/**
 * The credential the tenant gives for a scheme, where the scheme says it goes; undefined when
 * none of the given credentials fits it. A listed exact credential wins, then the flags:
 * --project-key for the PERS key, --api-key by parameter or scheme name, --bearer (or --jwt) for
 * bearer-like schemes, --auth for basic, and a --header that carries the scheme's header.
 */
export function credentialFor(
  name: string,
  scheme: SecurityScheme,
  tenant: TenantCredentials,
): PlacedCredential | undefined {
  const listed = tenant.schemes?.[name];
  if (listed) return listed;
  const header = (headerName: string) => {
    const entry = Object.entries(tenant.headers ?? {}).find(
      ([given]) => given.toLowerCase() === headerName.toLowerCase(),
    );
    return entry && { in: 'header' as const, name: headerName, value: entry[1] };
  };
  const authorization = (value: string | undefined) =>
    value === undefined ? header('Authorization') : { in: 'header' as const, name: 'Authorization', value };
  switch (scheme.type) {
    case 'apiKey': {
      const location = scheme.in as PlacedCredential['in'];
      const value = isProjectKey(scheme)
        ? tenant.projectKey
        : (tenant.apiKeys?.[scheme.name] ?? tenant.apiKeys?.[name]);
      if (value !== undefined) return { in: location, name: scheme.name, value };
      return location === 'header' ? header(scheme.name) : undefined;
    }
    case 'http': {
      const kind = scheme.scheme.toLowerCase();
      if (kind === 'basic')
        return authorization(tenant.basic && `Basic ${Buffer.from(tenant.basic).toString('base64')}`);
      if (kind === 'bearer') {
        const token = name === 'authJWT' ? (tenant.jwt ?? tenant.bearer) : (tenant.bearer ?? tenant.jwt);
        return authorization(token && `Bearer ${token}`);
      }
      return header('Authorization');
    }
    case 'oauth2':
    case 'openIdConnect': {
      const token = tenant.bearer ?? tenant.jwt;
      return authorization(token && `Bearer ${token}`);
    }
    default:
      return undefined;
  }
}

/** The PERS project key: the apiKey in the `x-project-key` header, which names the tenant. */
export function isProjectKey(scheme: SecurityScheme): boolean {
  return scheme.type === 'apiKey' && scheme.in === 'header' && scheme.name.toLowerCase() === 'x-project-key';
}

/** The PERS credential a scheme takes, when it is one of PERS's. */
export function persCredentialOf(name: string, scheme: SecurityScheme): 'projectKey' | 'jwt' | undefined {
  if (isProjectKey(scheme)) return 'projectKey';
  if (name === 'authJWT' && isBearer(scheme)) return 'jwt';
  return undefined;
}

function isBearer(scheme: SecurityScheme): boolean {
  return scheme.type === 'http' && scheme.scheme.toLowerCase() === 'bearer';
}

function brokenCredentialFor(scheme: SecurityScheme, breakage: 'invalid' | 'expired'): PlacedCredential {
  if (scheme.type === 'apiKey') {
    const value = isProjectKey(scheme) ? 'pk_contract_unknown_0000000000000000' : 'contract_unknown_key_0000000000';
    return { in: scheme.in as PlacedCredential['in'], name: scheme.name, value };
  }
  if (scheme.type === 'http' && scheme.scheme.toLowerCase() === 'basic')
    return {
      in: 'header',
      name: 'Authorization',
      value: `Basic ${Buffer.from('contract:unknown').toString('base64')}`,
    };
  if (scheme.type === 'http' && !isBearer(scheme))
    return { in: 'header', name: 'Authorization', value: `${scheme.scheme} contract-unknown-credential` };
  const token = breakage === 'expired' && isBearer(scheme) ? EXPIRED_JWT : 'contract-not-a-jwt';
  return { in: 'header', name: 'Authorization', value: `Bearer ${token}` };
}
