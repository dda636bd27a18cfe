import type { Faker } from '@faker-js/faker';
import type { OpenAPIV3 } from 'openapi-types';
import { SEED_REFERENCE_TIME } from '../seed/seed-trigger-sources.js';
import { fakeFromSchema, type FakeOptions, type PatternGenerator } from './schema-faker.js';

/** The schema errors of a value; none means valid. */
export type ValueCheck = (schema: object, value: unknown) => unknown[];

export interface FakeSource {
  faker: Faker;
  patterns: PatternGenerator;
}

const ATTEMPTS = 6;

/**
 * A faker (seeded when asked; relative dates then count from a fixed instant, so a seed always
 * gives the same values) and a pattern generator. Both load on first use: the default server
 * answers from state and never needs them.
 */
export async function makeFakeSource(seed?: number): Promise<FakeSource> {
  const [{ Faker, en, base }, { default: RandExp }] = await Promise.all([import('@faker-js/faker'), import('randexp')]);
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed ?? Math.floor(Math.random() * 2 ** 31));
  if (seed !== undefined) faker.setDefaultRefDate(SEED_REFERENCE_TIME);
  return { faker, patterns: RandExp as unknown as PatternGenerator };
}

/**
 * A generated value that passes `check` when one is given: the schema's examples are tried
 * first (unless `useExamples` is false), then fresh values, a few times; the last try is
 * returned even if it still fails (a schema faker cannot satisfy).
 */
export function fakeValid(
  schema: OpenAPIV3.SchemaObject | undefined,
  source: FakeSource,
  check?: ValueCheck,
  options: FakeOptions = {},
): unknown {
  let value: unknown;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const useExamples = options.useExamples !== false && attempt < 2;
    value = fakeFromSchema(schema, source.faker, { ...options, useExamples, patterns: source.patterns });
    if (!schema || !check || check(schema, value).length === 0) break;
  }
  return value;
}
