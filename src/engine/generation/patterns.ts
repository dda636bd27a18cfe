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
