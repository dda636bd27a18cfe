import { createRequire } from 'node:module';
import type { Random } from './random.js';

/** A regular-expression string generator (randexp's shape). */
type PatternGenerator = new (pattern: RegExp) => {
  max: number;
  randInt: (min: number, max: number) => number;
  gen(): string;
};

const require = createRequire(import.meta.url);
let RandExp: PatternGenerator | undefined;

/** Generators by pattern, `null` for a pattern that cannot be expanded; bounded, as documents have few. */
const generators = new Map<string, InstanceType<PatternGenerator> | null>();
const MAX_CACHED = 2000;

/**
 * A string matching `pattern`, or `undefined` (with a warning) when the pattern cannot be
 * compiled or expanded. Patterns are compiled as ECMA-262 without the `u` flag, as the validator
 * compiles them: real documents' patterns (`[\w-.]`) are written for that.
 */
export function stringMatching(pattern: string, random: Random, warn?: (message: string) => void): string | undefined {
  let generator = generators.get(pattern);
  if (generator === undefined) {
    generator = compile(pattern, warn);
    if (generators.size >= MAX_CACHED) generators.clear();
    generators.set(pattern, generator);
  }
  if (!generator) return undefined;
  generator.randInt = (low, high) => random.int(low, high);
  try {
    return generator.gen();
  } catch {
    return undefined;
  }
}

const regExps = new Map<string, RegExp | null>();

/**
 * Whether `text` matches `pattern` as the validator reads it. randexp expands a pattern's
 * characters but not its assertions: a `\b` (Bandwidth's URL pattern has one) is left out of
 * what it makes, so what it makes does not always match.
 */
export function matchesPattern(pattern: string, text: string): boolean {
  let regExp = regExps.get(pattern);
  if (regExp === undefined) {
    try {
      regExp = new RegExp(pattern);
    } catch {
      regExp = null;
    }
    if (regExps.size >= MAX_CACHED) regExps.clear();
    regExps.set(pattern, regExp);
  }
  return regExp === null || regExp.test(text);
}

function compile(
  pattern: string,
  warn: ((message: string) => void) | undefined,
): InstanceType<PatternGenerator> | null {
  try {
    // randexp loads on the first pattern: most answers never need one.
    RandExp ??= require('randexp') as PatternGenerator;
    const generator = new RandExp(new RegExp(pattern));
    generator.max = 8;
    return generator;
  } catch (error) {
    warn?.(`the pattern ${JSON.stringify(pattern)} cannot be used to generate values (${(error as Error).message})`);
    return null;
  }
}
