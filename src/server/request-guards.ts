import type { FastifyRequest } from 'fastify';
import { validationError, type Violation } from '../errors.js';

/** Deeper than any real metadata; deep enough nesting would overflow the stack when the record is serialised. */
export const MAX_BODY_DEPTH = 64;
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Input no schema rejects but that must never reach the store: bodies nested deeper than
 * MAX_BODY_DEPTH, and query parameters named after Object.prototype members (the query parser
 * would silently drop them, where any other unknown parameter is a 400).
 */
export async function rejectHostileInput(request: FastifyRequest): Promise<void> {
  const violations: Violation[] = [];
  if (nestingExceeds(request.body, MAX_BODY_DEPTH)) {
    violations.push({
      location: 'body',
      path: '',
      message: `nests deeper than ${MAX_BODY_DEPTH} levels`,
      keyword: 'maxDepth',
    });
  }
  const queryStart = request.url.indexOf('?');
  if (queryStart !== -1 && /__proto__|constructor|prototype/.test(request.url)) {
    for (const pair of request.url.slice(queryStart + 1).split('&')) {
      const name = safeDecode(pair.split('=')[0]).split('[')[0];
      if (PROTOTYPE_KEYS.has(name))
        violations.push({
          location: 'query',
          path: `/${name}`,
          message: 'is not an accepted parameter',
          keyword: 'additionalProperties',
        });
    }
  }
  if (violations.length > 0) throw validationError(violations);
}

/** Iterative, so that the check itself cannot overflow the stack. */
function nestingExceeds(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limit) return true;
    for (const child of Object.values(node as object)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
