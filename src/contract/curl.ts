import type { SentRequest } from './types.js';

/**
 * A one-line `curl` that repeats a request. Secrets in the request are already `$VARIABLE`
 * references (`variables` names them); an argument holding one is double-quoted so the shell
 * expands it from the environment, with every other `$`, `"`, `\` and backtick escaped.
 * Everything else is single-quoted, so nothing expands.
 */
export function toCurl(request: SentRequest, variables: readonly string[] = []): string {
  const quote = quoter(variables);
  const parts = ['curl', '-sS', '-i', '-X', request.method, quote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) parts.push('-H', quote(`${name}: ${value}`));
  if (request.body !== undefined) parts.push('--data-raw', quote(request.body));
  return parts.join(' ');
}

function quoter(variables: readonly string[]): (text: string) => string {
  const names = [...variables].sort((a, b) => b.length - a.length).map((v) => v.replace(/[^A-Z0-9_]/gi, ''));
  const reference = names.length > 0 ? new RegExp(`\\$(?:${names.join('|')})(?![A-Za-z0-9_])`) : undefined;
  return (text) => {
    if (!reference || !reference.test(text)) return `'${text.replace(/'/g, `'\\''`)}'`;
    const pieces = text.split(new RegExp(`(${reference.source})`));
    const escaped = pieces.map((piece, i) => (i % 2 === 1 ? piece : piece.replace(/["\\`$]/g, '\\$&'))).join('');
    return `"${escaped}"`;
  };
}
