import type { Violation } from '../errors.js';

/**
 * What `JSON.parse` accepts but a store should not take: a key given twice in one object (the
 * parser keeps the last one silently, so what the client meant is unknown) and NUL characters
 * (`\u0000`) in strings or keys, which PostgreSQL text cannot hold and C-based consumers cut
 * short. Reads text that is already known to be JSON, once, without building anything.
 */
export function jsonHazards(text: string): Violation[] {
  const violations: Violation[] = [];
  // One entry per open object or array: the keys seen so far (objects) and the pointer to it.
  const open: Array<{ keys?: Set<string>; pointer: string; index: number }> = [];
  let pendingKey: string | undefined;
  let i = 0;
  const pointerOfValue = () => {
    const parent = open.at(-1);
    if (!parent) return '';
    return `${parent.pointer}/${parent.keys ? escapePointer(pendingKey ?? '') : parent.index}`;
  };
  while (i < text.length) {
    const char = text[i];
    if (char === '"') {
      const end = stringEnd(text, i);
      const raw = text.slice(i, end + 1);
      const parent = open.at(-1);
      const isKey = parent?.keys !== undefined && pendingKey === undefined && nextSignificant(text, end + 1) === ':';
      const hasNul = /\\u0000/i.test(raw) && decodes(raw).includes('\u0000');
      if (isKey) {
        const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        const pointer = `${parent.pointer}/${escapePointer(key)}`;
        if (parent.keys!.has(key)) violations.push(duplicate(pointer, key));
        if (hasNul) violations.push(nul(pointer, 'key'));
        parent.keys!.add(key);
        pendingKey = key;
      } else {
        if (hasNul) violations.push(nul(pointerOfValue(), 'string'));
        pendingKey = undefined;
      }
      i = end + 1;
      continue;
    }
    if (char === '{' || char === '[') {
      open.push({ keys: char === '{' ? new Set() : undefined, pointer: pointerOfValue(), index: 0 });
      pendingKey = undefined;
    } else if (char === '}' || char === ']') {
      open.pop();
      pendingKey = undefined;
    } else if (char === ',') {
      const parent = open.at(-1);
      if (parent && !parent.keys) parent.index++;
      pendingKey = undefined;
    }
    i++;
  }
  return violations;
}

/** The index of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i;
}

function nextSignificant(text: string, from: number): string | undefined {
  for (let i = from; i < text.length; i++) if (!/\s/.test(text[i])) return text[i];
  return undefined;
}

/** `\\u0000` is a backslash and the text `u0000`, not a NUL: only decoding tells them apart. */
function decodes(raw: string): string {
  return JSON.parse(raw) as string;
}

function duplicate(pointer: string, key: string): Violation {
  const message = `the key "${key}" is given more than once`;
  return { location: 'body', path: pointer, message, keyword: 'uniqueKeys' };
}

function nul(pointer: string, what: 'key' | 'string'): Violation {
  const message = `the ${what} contains a NUL character (\\u0000)`;
  return { location: 'body', path: pointer, message, keyword: 'noNul' };
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
