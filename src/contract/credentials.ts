import type { OperationSpec, SecurityScheme, SpecIndex } from '../engine/operation-index.js';
import type { Secret } from './redaction.js';

export interface TenantCredentials {
  projectKey?: string;
  jwt?: string;
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
} as const;

export function secretsOf(credentials: RunCredentials): Secret[] {
  const entries: Array<[string | undefined, string]> = [
    [credentials.primary.projectKey, CREDENTIAL_VARIABLES.projectKey],
    [credentials.primary.jwt, CREDENTIAL_VARIABLES.jwt],
    [credentials.second?.projectKey, CREDENTIAL_VARIABLES.secondProjectKey],
    [credentials.second?.jwt, CREDENTIAL_VARIABLES.secondJwt],
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
 * The credentials a request carries. The project key names the tenant, so it goes on every
 * request of a tenant, as PERS clients send it; the operation's own schemes are added to it.
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
  const schemes = new Set(op.security[0] ?? []);
  for (const [name, scheme] of Object.entries(spec.securitySchemes)) {
    const isTenantKey = scheme.type === 'apiKey';
    if (!schemes.has(name) && !isTenantKey) continue;
    let value = valueFor(scheme, tenant);
    if (mode.as === 'broken' && mode.scheme === name) {
      if (mode.breakage === 'missing') continue;
      value = brokenValueFor(scheme, mode.breakage);
    }
    if (value !== undefined) place(placement, scheme, value);
  }
  return placement;
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

/** The credential a scheme needs, or why it cannot be given. */
export function credentialNeeded(scheme: SecurityScheme): 'projectKey' | 'jwt' | undefined {
  if (scheme.type === 'apiKey') return 'projectKey';
  if (isBearer(scheme)) return 'jwt';
  return undefined;
}

function isBearer(scheme: SecurityScheme): boolean {
  return scheme.type === 'http' && scheme.scheme.toLowerCase() === 'bearer';
}

function valueFor(scheme: SecurityScheme, tenant: TenantCredentials): string | undefined {
  const needed = credentialNeeded(scheme);
  return needed ? tenant[needed] : undefined;
}

function brokenValueFor(scheme: SecurityScheme, breakage: 'invalid' | 'expired'): string {
  if (isBearer(scheme)) return breakage === 'expired' ? EXPIRED_JWT : 'contract-not-a-jwt';
  return 'pk_contract_unknown_0000000000000000';
}

function place(placement: AuthPlacement, scheme: SecurityScheme, value: string): void {
  if (scheme.type === 'apiKey') {
    if (scheme.in === 'query') placement.query[scheme.name] = value;
    else if (scheme.in === 'cookie') placement.headers.cookie = `${scheme.name}=${value}`;
    else placement.headers[scheme.name.toLowerCase()] = value;
  } else if (isBearer(scheme)) {
    placement.headers.authorization = `Bearer ${value}`;
  }
}
