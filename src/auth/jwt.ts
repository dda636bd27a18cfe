import { SignJWT, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { PersError } from '../errors.js';

/** Signs the dev tokens when no --jwt-secret is given; such tokens are decoded, not verified. */
export const DEV_JWT_SECRET = 'pers-mock-dev-secret';
const DEV_TOKEN_ISSUED_AT = Date.parse('2026-01-01T00:00:00Z') / 1000;

export interface JwtOptions {
  /** When set, the HS256 signature is verified too. */
  secret?: string;
}

/**
 * Reads `Authorization: Bearer <jwt>` and returns the token's claims. Any well-formed,
 * unexpired JWT is accepted unless a secret is configured.
 */
export async function authenticateBearer(
  authorization: string | undefined,
  options: JwtOptions,
  now: Date,
): Promise<JWTPayload> {
  if (!authorization) {
    throw new PersError('AUTH_TOKEN_MISSING', 'This operation needs an Authorization header with a Bearer JWT');
  }
  const match = /^Bearer +([^ ]+) *$/i.exec(authorization);
  if (!match) {
    throw new PersError('AUTH_TOKEN_INVALID', 'The Authorization header must have the form "Bearer <JWT>"');
  }
  const token = match[1];
  const claims = options.secret ? await verifySigned(token, options.secret, now) : decodeUnverified(token);
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= now.getTime()) {
    throw expired(claims.exp);
  }
  return claims;
}

/** Tokens decoded lately: a client sends the same token with every request. */
const decodedTokens = new Map<string, Readonly<JWTPayload>>();
const DECODED_TOKENS_KEPT = 1024;

function decodeUnverified(token: string): Readonly<JWTPayload> {
  const known = decodedTokens.get(token);
  if (known) return known;
  let claims: JWTPayload;
  try {
    decodeProtectedHeader(token);
    claims = Object.freeze(decodeJwt(token));
  } catch {
    throw new PersError('AUTH_TOKEN_INVALID', 'The bearer token is not a well-formed JWT');
  }
  if (decodedTokens.size >= DECODED_TOKENS_KEPT) decodedTokens.clear();
  decodedTokens.set(token, claims);
  return claims;
}

async function verifySigned(token: string, secret: string, now: Date): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      currentDate: now,
    });
    return payload;
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw expired(error.payload.exp);
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      throw new PersError('AUTH_TOKEN_INVALID', 'The JWT signature does not match the configured secret');
    }
    throw new PersError('AUTH_TOKEN_INVALID', 'The bearer token is not a valid HS256 JWT');
  }
}

function expired(exp: number | undefined): PersError {
  const when = typeof exp === 'number' ? ` at ${new Date(exp * 1000).toISOString()}` : '';
  return new PersError('AUTH_TOKEN_EXPIRED', `The JWT expired${when}; sign in again to get a new token`);
}

/**
 * A token a developer can paste: HS256, naming the tenant in a `tenantId` claim. It is the same
 * on every start and never expires, so it can live in a frontend's .env file and in the README.
 * The `expired` variant expired an hour after it was issued, for building the expired-session screen.
 */
export async function mintDevJwt(
  tenantId: string,
  secret: string | undefined,
  variant: 'valid' | 'expired' = 'valid',
): Promise<string> {
  const token = new SignJWT({ tenantId, role: 'TENANT_ADMIN' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(`dev-admin@${tenantId}`)
    .setIssuer('pers-mock')
    .setIssuedAt(DEV_TOKEN_ISSUED_AT);
  if (variant === 'expired') token.setExpirationTime(DEV_TOKEN_ISSUED_AT + 3600);
  return token.sign(new TextEncoder().encode(secret ?? DEV_JWT_SECRET));
}
