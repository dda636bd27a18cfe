import type { ReceivedResponse, SentRequest } from './types.js';

/** A credential and the environment variable a reader should use in its place. */
export interface Secret {
  value: string;
  variable: string;
}

/**
 * Below this length a value is only replaced where it is a whole header value: replacing every
 * "x" in a report because someone passed `--project-key x` would make the report unreadable.
 */
const MIN_SUBSTRING_LENGTH = 6;

/** Longest first, so a secret that contains another is replaced whole. */
function ordered(secrets: readonly Secret[]): Secret[] {
  return secrets.filter((s) => s.value.length >= MIN_SUBSTRING_LENGTH).sort((a, b) => b.value.length - a.value.length);
}

/** A header value with its credential replaced: `Bearer $PERS_MOCK_JWT`, `$PERS_MOCK_PROJECT_KEY`. */
export function redactHeader(value: string, secrets: readonly Secret[]): string {
  for (const secret of secrets) {
    if (value === secret.value) return `$${secret.variable}`;
    const bearer = /^(Bearer +)(.*)$/i.exec(value);
    if (bearer && bearer[2] === secret.value) return `${bearer[1]}$${secret.variable}`;
  }
  return redactText(value, secrets);
}

/** Replaces every occurrence of a secret with `$VARIABLE`. */
export function redactText(text: string, secrets: readonly Secret[]): string {
  let out = text;
  for (const secret of ordered(secrets)) out = out.split(secret.value).join(`$${secret.variable}`);
  return out;
}

/** A copy of `value` with every string redacted (reports may quote response bodies). */
export function redactDeep<T>(value: T, secrets: readonly Secret[]): T {
  if (secrets.length === 0) return value;
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return redactText(node, secrets);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, inner]) => [key, walk(inner)]));
    }
    return node;
  };
  return walk(value) as T;
}

/**
 * A request as reports show it: every secret in the URL, the headers and the body replaced by
 * its `$VARIABLE`. The curl reproductions and the HAR file are both made from this.
 */
export function redactRequest(request: SentRequest, secrets: readonly Secret[]): SentRequest {
  return {
    method: request.method,
    url: redactText(request.url, secrets),
    headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, redactHeader(v, secrets)])),
    body: request.body === undefined ? undefined : redactText(request.body, secrets),
  };
}

/** A response with any secret it echoes replaced, as the request's are. */
export function redactResponse(response: ReceivedResponse, secrets: readonly Secret[]): ReceivedResponse {
  if (secrets.length === 0) return response;
  return {
    status: response.status,
    headers: Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, redactText(v, secrets)])),
    bodyText: redactText(response.bodyText, secrets),
  };
}
