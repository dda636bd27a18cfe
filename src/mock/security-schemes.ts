import type { OpenAPIV3 } from 'openapi-types';
import { PersError } from '../errors.js';
import type { SchemeCredential } from './scheme-credentials.js';

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
 * itself. Each accepts the scheme's dev credential (see schemeCredentials) and nothing else: an
 * API key in its header, query parameter or cookie; `Authorization: Bearer <token>` for HTTP
 * bearer, OAuth 2 and OpenID Connect; `Authorization: Basic <base64 user:password>`; the whole
 * `Authorization` header for other HTTP schemes. A missing credential is a 401
 * CREDENTIALS_MISSING, any other a 401 CREDENTIALS_INVALID.
 */
export function genericSchemeChecks(
  schemes: Record<string, AnyScheme>,
  credentials: Record<string, SchemeCredential>,
): Record<string, SchemeCheck> {
  const checks: Record<string, SchemeCheck> = {};
  for (const [name, credential] of Object.entries(credentials))
    checks[name] = schemeCheck(name, schemes[name], credential);
  // mutualTLS cannot be seen over plain HTTP; the document scan warns about it.
  for (const [name, scheme] of Object.entries(schemes))
    if (scheme.type === 'mutualTLS') checks[name] = () => ({ scheme: name });
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

function schemeCheck(name: string, scheme: AnyScheme | undefined, credential: SchemeCredential): SchemeCheck {
  return (presented) => {
    const given = presentedValue(credential, presented);
    if (given === undefined || given.trim() === '') throw missing(name, scheme);
    if (!matches(credential, given)) {
      throw new PersError(
        'CREDENTIALS_INVALID',
        `The ${credential.in} ${credential.name} is not the dev credential of security scheme '${name}' ` +
          '(GET /__mock/credentials lists it)',
      );
    }
    return { scheme: name };
  };
}

function presentedValue(credential: SchemeCredential, presented: PresentedCredentials): string | undefined {
  if (credential.in === 'query') return first(presented.query[credential.name] as string | string[] | undefined);
  if (credential.in === 'cookie') return presented.cookies[credential.name];
  return first(presented.headers[credential.name.toLowerCase()]);
}

/** The scheme word of an Authorization header is case-insensitive (RFC 9110); the rest is not. */
function matches(credential: SchemeCredential, given: string): boolean {
  if (credential.header === undefined) return given === credential.value;
  const [word = '', ...rest] = given.trim().split(/\s+/);
  const [expectedWord = '', ...expectedRest] = credential.header.split(' ');
  return word.toLowerCase() === expectedWord.toLowerCase() && rest.join(' ') === expectedRest.join(' ');
}

function missing(name: string, scheme: AnyScheme | undefined): PersError {
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
