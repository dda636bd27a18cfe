import { isDeepStrictEqual } from 'node:util';
import type { SuiteAssertion } from '../types.js';
import { resolvePointer } from './json-pointer.js';
import { jsonText } from '../../json-text.js';

const show = (value: unknown) =>
  value === undefined ? 'nothing' : (JSON.stringify(value)?.slice(0, 300) ?? jsonText(value));

/** What an assertion expected and what it found, or undefined when it holds. */
export function evaluateAssertion(
  assertion: SuiteAssertion,
  body: unknown,
): { expected: string; actual: string } | undefined {
  const value = resolvePointer(body, assertion.pointer);
  const where = assertion.pointer || '(body)';
  if ('equals' in assertion && !isDeepStrictEqual(value, assertion.equals)) {
    return { expected: `${where} equals ${show(assertion.equals)}`, actual: show(value) };
  }
  if (assertion.exists !== undefined && (value !== undefined) !== assertion.exists) {
    return { expected: `${where} ${assertion.exists ? 'exists' : 'is absent'}`, actual: show(value) };
  }
  if (
    assertion.matches !== undefined &&
    (typeof value !== 'string' || !new RegExp(assertion.matches, 'u').test(value))
  ) {
    return { expected: `${where} matches /${assertion.matches}/`, actual: show(value) };
  }
  if ('contains' in assertion && !contains(value, assertion.contains)) {
    return { expected: `${where} contains ${show(assertion.contains)}`, actual: show(value) };
  }
  if ('notContains' in assertion && contains(value, assertion.notContains)) {
    return { expected: `${where} does not contain ${show(assertion.notContains)}`, actual: show(value) };
  }
  if (assertion.length !== undefined && lengthOf(value) !== assertion.length) {
    return { expected: `${where} has length ${assertion.length}`, actual: `length ${lengthOf(value) ?? 'n/a'}` };
  }
  return undefined;
}

/** An array contains an element that includes `expected`; a string contains a substring. */
function contains(value: unknown, expected: unknown): boolean {
  if (typeof value === 'string') return typeof expected === 'string' && value.includes(expected);
  return Array.isArray(value) && value.some((element) => includes(element, expected));
}

/** `actual` has every key of `expected` with an including value (primitives must be equal). */
function includes(actual: unknown, expected: unknown): boolean {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    if (!actual || typeof actual !== 'object') return false;
    return Object.entries(expected).every(([key, inner]) => includes((actual as Record<string, unknown>)[key], inner));
  }
  return isDeepStrictEqual(actual, expected);
}

function lengthOf(value: unknown): number | undefined {
  return Array.isArray(value) || typeof value === 'string' ? value.length : undefined;
}
