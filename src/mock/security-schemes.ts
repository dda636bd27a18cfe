import type { OpenAPIV3 } from 'openapi-types';
import { PersError } from '../errors.js';

/** What the request carries, as openapi-backend parsed it (header names lower-cased). */
export interface PresentedCredentials {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  cookies: Record<string, string | undefined>;
}

/** A scheme check: returns a truthy marker when the credential is there, throws a PersError otherwise. */
export type SchemeCheck = (presented: PresentedCredentials) => { scheme: string };

type AnyScheme = OpenAPIV3.SecuritySchemeObject | { type: 'mutualTLS'; description?: string };

/**
 * Checks for the document's security schemes, other than the PERS ones the caller handles
 * itself. The mock cannot know real credentials, so each checks that one is present and well
 * formed: an API key in its header, query parameter or cookie; `Authorization: Bearer <token>`
 * for HTTP bearer, OAuth 2 and OpenID Connect; `Authorization: Basic <base64 user:password>`.
 * A missing credential is a 401 CREDENTIALS_MISSING, a malformed one CREDENTIALS_INVALID.
 */
export function genericSchemeChecks(
  schemes: Record<string, AnyScheme>,
  handledElsewhere: ReadonlySet<string>,
): Record<string, SchemeCheck> {
  const checks: Record<string, SchemeCheck> = {};
  for (const [name, scheme] of Object.entries(schemes)) {
    if (!handledElsewhere.has(name)) checks[name] = schemeCheck(name, scheme);
  }
  return checks;
}

/** What a scheme asks of a request, in words for error messages: `header X-API-Key`. */
export function describeScheme(name: string, scheme: AnyScheme | undefined): string {
  if (!scheme) return `'${name}'`;
  switch (scheme.type) {
    case 'apiKey':
      return `${scheme.in} ${scheme.name} ('${name}')`;
    case 'http':
      return `Authorization: ${capitalise(scheme.scheme)} … ('${name}')`;
    case 'oauth2':
    case 'openIdConnect':
      return `Authorization: Bearer … ('${name}', ${scheme.type})`;
    default:
      return `'${name}'`;
  }
}

function schemeCheck(name: string, scheme: AnyScheme): SchemeCheck {
  const ok = { scheme: name };
  switch (scheme.type) {
    case 'apiKey':
      return (presented) => {
        if (!presentApiKey(scheme, presented)) throw missing(name, scheme);
        return ok;
      };
    case 'http':
      return scheme.scheme.toLowerCase() === 'basic'
        ? basicCheck(name, scheme)
        : authorizationCheck(name, scheme, scheme.scheme);
    case 'oauth2':
    case 'openIdConnect':
      return authorizationCheck(name, scheme, 'bearer');
    default:
      // mutualTLS cannot be seen over plain HTTP; the document scan warns about it.
      return () => ok;
  }
}

function presentApiKey(scheme: OpenAPIV3.ApiKeySecurityScheme, presented: PresentedCredentials): boolean {
  const value =
    scheme.in === 'header'
      ? first(presented.headers[scheme.name.toLowerCase()])
      : scheme.in === 'query'
        ? first(presented.query[scheme.name] as string | string[] | undefined)
        : presented.cookies[scheme.name];
  return typeof value === 'string' && value.trim() !== '';
}

function authorizationCheck(name: string, scheme: AnyScheme, expected: string): SchemeCheck {
  return (presented) => {
    const header = first(presented.headers.authorization);
    if (!header) throw missing(name, scheme);
    const [given, ...rest] = header.trim().split(/\s+/);
    if (given.toLowerCase() !== expected.toLowerCase() || rest.join('') === '') {
      throw new PersError(
        'CREDENTIALS_INVALID',
        `The Authorization header must be '${capitalise(expected)} <credentials>' for security scheme '${name}'`,
      );
    }
    return { scheme: name };
  };
}

function basicCheck(name: string, scheme: AnyScheme): SchemeCheck {
  const bearerLike = authorizationCheck(name, scheme, 'basic');
  return (presented) => {
    bearerLike(presented);
    const encoded = first(presented.headers.authorization)!.trim().split(/\s+/)[1];
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || !decoded.includes(':')) {
      throw new PersError(
        'CREDENTIALS_INVALID',
        `Basic credentials for security scheme '${name}' must be base64 of 'user:password'`,
      );
    }
    return { scheme: name };
  };
}

function missing(name: string, scheme: AnyScheme): PersError {
  return new PersError('CREDENTIALS_MISSING', `This operation needs ${describeScheme(name, scheme)}`);
}

/**
 * The error for a request that meets none of an operation's security requirements: a malformed
 * credential is reported as such; otherwise the one missing credential's own error, or a
 * CREDENTIALS_MISSING that lists what each alternative needs.
 */
export function unmetSecurityError(
  requirements: OpenAPIV3.SecurityRequirementObject[],
  failures: Record<string, unknown>,
  schemes: Record<string, AnyScheme>,
): PersError {
  const errors = Object.values(failures).filter((error): error is PersError => error instanceof PersError);
  const malformed = errors.find((error) => !error.code.endsWith('_MISSING'));
  if (malformed) return malformed;
  if (errors.length === 1 || requirements.length <= 1) {
    if (errors[0]) return errors[0];
  }
  const alternatives = requirements.map((requirement) =>
    Object.keys(requirement)
      .map((name) => describeScheme(name, schemes[name]))
      .join(' and '),
  );
  return new PersError(
    'CREDENTIALS_MISSING',
    `This operation needs ${alternatives.length > 1 ? 'one of: ' : ''}${alternatives.join('; or ')}`,
  );
}

/** The first of a header's values. */
export function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}
