import type { ProxyViolation } from './exchange.js';

export const VIOLATIONS_HEADER = 'x-pers-mock-violations';
export const MAX_HEADER_LENGTH = 1024;
const MAX_MESSAGE_LENGTH = 120;

/**
 * The `x-pers-mock-violations` value: the count, then a JSON list of `{ at, message }` (at most
 * 1 KiB; what does not fit is counted as `{ "more": n }`), ASCII only. `0` when the exchange conforms.
 */
export function violationsHeader(violations: ProxyViolation[]): string {
  if (violations.length === 0) return '0';
  const entries = violations.map((v) => ({ at: `${v.side}.${v.location}${v.path}`, message: shorten(v.message) }));
  for (let shown = entries.length; shown >= 0; shown--) {
    const listed: object[] = entries.slice(0, shown);
    if (shown < entries.length) listed.push({ more: entries.length - shown });
    const value = `${violations.length} ${asciiJson(listed)}`;
    if (value.length <= MAX_HEADER_LENGTH) return value;
  }
  return String(violations.length);
}

function shorten(message: string): string {
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message;
}

/** JSON with every non-ASCII character escaped, so it is a valid header value. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
