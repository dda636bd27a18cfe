import { createHash } from 'node:crypto';
import type { OpenAPIV3 } from 'openapi-types';

type AnyScheme = OpenAPIV3.SecuritySchemeObject | { type: 'mutualTLS'; description?: string };

/**
 * The one credential the mock accepts for a security scheme, and where a client puts it:
 * - apiKey: `value` in the header, query parameter or cookie `name`;
 * - HTTP basic: `Authorization: Basic base64(value)`, value being `user:password`;
 * - HTTP bearer, OAuth 2 and OpenID Connect: `Authorization: Bearer value`;
 * - any other HTTP scheme: `Authorization: value`, the whole header.
 */
export interface SchemeCredential {
  type: 'apiKey' | 'basic' | 'bearer' | 'http';
  in: 'header' | 'query' | 'cookie';
  /** The header, query parameter or cookie that carries it. */
  name: string;
  value: string;
  /** The header exactly as sent, for schemes that use one (`Authorization: Basic …`). */
  header?: string;
}

/**
 * A dev credential for every scheme of the document but those handled elsewhere (the PERS
 * schemes, which have tenants). Derived from the seed and the scheme's name, so the same seed
 * gives the same credentials on every start, and they look like what they are: `key_…`,
 * `tok_…`, `dev_…:…`. mutualTLS has none: it cannot be presented over plain HTTP.
 */
export function schemeCredentials(
  schemes: Record<string, AnyScheme>,
  handledElsewhere: ReadonlySet<string>,
  seed: number,
): Record<string, SchemeCredential> {
  const credentials: Record<string, SchemeCredential> = {};
  for (const [name, scheme] of Object.entries(schemes)) {
    if (handledElsewhere.has(name)) continue;
    const credential = credentialFor(name, scheme, seed);
    if (credential) credentials[name] = credential;
  }
  return credentials;
}

function credentialFor(name: string, scheme: AnyScheme, seed: number): SchemeCredential | undefined {
  const slug = slugOf(name);
  const random = (length: number) => hex(`${seed}:${name}`, length);
  switch (scheme.type) {
    case 'apiKey':
      return {
        type: 'apiKey',
        in: scheme.in as SchemeCredential['in'],
        name: scheme.name,
        value: `key_${slug}_${random(20)}`,
      };
    case 'http': {
      const kind = scheme.scheme.toLowerCase();
      if (kind === 'basic') {
        const value = `dev_${slug}:${random(16)}`;
        const header = `Basic ${Buffer.from(value).toString('base64')}`;
        return { type: 'basic', in: 'header', name: 'Authorization', value, header };
      }
      if (kind === 'bearer') return bearer(`tok_${slug}_${random(32)}`);
      const value = `${capitalise(scheme.scheme)} ${random(32)}`;
      return { type: 'http', in: 'header', name: 'Authorization', value, header: value };
    }
    case 'oauth2':
    case 'openIdConnect':
      return bearer(`tok_${slug}_${random(32)}`);
    default:
      return undefined;
  }
}

function bearer(token: string): SchemeCredential {
  return { type: 'bearer', in: 'header', name: 'Authorization', value: token, header: `Bearer ${token}` };
}

function hex(input: string, length: number): string {
  return createHash('sha256').update(input).digest('hex').slice(0, length);
}

function slugOf(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '')
      .slice(0, 24) || 'scheme'
  );
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}
