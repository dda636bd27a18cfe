import { PersError } from '../errors.js';

/** What a client asked of the mock for one request (Prism-compatible, plus delay and state). */
export interface Preferences {
  code?: number;
  example?: string;
  dynamic?: boolean;
  seed?: number;
  delay?: number;
  state?: 'empty';
}

export const MAX_DELAY_MS = 60_000;
const QUERY_PREFIX = '__';
const NAMES = ['code', 'example', 'dynamic', 'seed', 'delay', 'state'] as const;
type Name = (typeof NAMES)[number];

/**
 * Reads `Prefer: code=404, example=name, dynamic=true, seed=7, delay=2000, state=empty` and the
 * same as `__code=…` query parameters (the query wins). Returns the preferences and the query
 * string without the `__` parameters, which are not part of the API and must not be validated.
 * Other preferences (e.g. `return=minimal`) are left alone; a bad value of ours is a 400.
 */
export function readPreferences(
  prefer: string | string[] | undefined,
  query: string,
): { preferences: Preferences; query: string } {
  if (prefer === undefined && !query.includes(QUERY_PREFIX)) return { preferences: {}, query };
  const raw = new Map<Name, string>();
  for (const header of [prefer ?? []].flat()) {
    for (const part of header.split(/[,;]/)) {
      const [key, ...rest] = part.split('=');
      const name = key.trim().toLowerCase() as Name;
      if (NAMES.includes(name))
        raw.set(
          name,
          rest
            .join('=')
            .trim()
            .replace(/^"(.*)"$/, '$1'),
        );
    }
  }
  const kept: string[] = [];
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const [key, ...rest] = pair.split('=');
    const name = safeDecode(key).slice(QUERY_PREFIX.length) as Name;
    if (key.startsWith(QUERY_PREFIX) && NAMES.includes(name)) raw.set(name, safeDecode(rest.join('=')));
    else kept.push(pair);
  }
  return { preferences: parse(raw), query: kept.join('&') };
}

/** True when the response comes from the document rather than from state. */
export function forcesResponse(preferences: Preferences): boolean {
  return preferences.code !== undefined || preferences.example !== undefined || preferences.dynamic === true;
}

function parse(raw: Map<Name, string>): Preferences {
  const preferences: Preferences = {};
  for (const [name, value] of raw) {
    switch (name) {
      case 'code':
        preferences.code = wholeNumber(name, value, 100, 599);
        break;
      case 'delay':
        preferences.delay = wholeNumber(name, value, 0, MAX_DELAY_MS);
        break;
      case 'seed':
        preferences.seed = wholeNumber(name, value, 0, 2 ** 31 - 1);
        break;
      case 'dynamic':
        if (value !== 'true' && value !== 'false') throw invalid(name, `dynamic must be true or false, not '${value}'`);
        preferences.dynamic = value === 'true';
        break;
      case 'state':
        if (value !== 'empty') throw invalid(name, `state must be 'empty', not '${value}'`);
        preferences.state = value;
        break;
      case 'example':
        if (value === '') throw invalid(name, 'example needs a name');
        preferences.example = value;
        break;
    }
  }
  return preferences;
}

function wholeNumber(name: Name, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw invalid(name, `${name} must be a whole number from ${min} to ${max}, not '${value}'`);
  return n;
}

function invalid(name: Name, detail: string): PersError {
  return new PersError('MOCK_PREFERENCE_INVALID', detail, { target: name });
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
