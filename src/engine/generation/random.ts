import type { Faker } from '@faker-js/faker';

/**
 * The one seeded generator of pers-mock: faker's Mersenne Twister, behind the few draws the
 * seeder, the value generator and the contract runner need. The same seeds give the same values
 * on every platform, which is what keeps seeded stores stable and makes a runner failure
 * reproducible with `--seed`. Realistic text (words, emails, dates) comes from `faker` itself.
 *
 * A Random seeds the faker it is given. One faker may serve several Randoms in turn (the seeder
 * reseeds one for each tenant), as long as one is done drawing before the next is made; `fork`
 * gives a Random a faker of its own.
 */
export class Random {
  readonly faker: Faker;
  private readonly seedWords: number[];

  /**
   * `seed` is one whole number below 2^32 (faker's own seeding), or a list of any whole numbers
   * up to 2^53 (each counted in full).
   */
  constructor(faker: Faker, seed: number | readonly number[]) {
    this.faker = faker;
    this.seedWords = typeof seed === 'number' ? [seed >>> 0] : seed.flatMap(toWords);
    faker.seed(typeof seed === 'number' ? seed >>> 0 : this.seedWords);
  }

  /** A whole number from 0 to 2^32 - 1. */
  uint32(): number {
    return this.faker.number.int({ min: 0, max: 0xffffffff });
  }

  /** A number in [0, 1). */
  next(): number {
    return this.uint32() / 2 ** 32;
  }

  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return this.faker.number.int({ min, max });
  }

  /** True with the given probability. */
  chance(probability: number): boolean {
    return this.faker.datatype.boolean(probability);
  }

  pick<T>(items: readonly T[]): T {
    return this.faker.helpers.arrayElement(items);
  }

  /** From `min` to `max` distinct items, in random order. */
  sample<T>(items: readonly T[], min: number, max: number): T[] {
    return this.faker.helpers.arrayElements(items, {
      min: Math.min(min, items.length),
      max: Math.min(max, items.length),
    });
  }

  /** `length` lower-case letters and digits. */
  word(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += WORD_ALPHABET[this.int(0, WORD_ALPHABET.length - 1)];
    return out;
  }

  /**
   * A version 4 UUID (random, RFC 9562 variant), written as one flat string rather than joined
   * from pieces (a rope), which is quicker to compare and to write out.
   */
  uuid(): string {
    writeHex(this.uint32(), 0, 8);
    const middle = this.uint32();
    writeHex(middle >>> 16, 9, 4);
    writeHex((middle & 0x0fff) | 0x4000, 14, 4);
    const variant = this.uint32();
    writeHex(((variant >>> 16) & 0x3fff) | 0x8000, 19, 4);
    writeHex(variant & 0xffff, 24, 4);
    writeHex(this.uint32(), 28, 8);
    return String.fromCharCode(...uuidChars);
  }

  /** `length` lowercase hexadecimal digits. */
  hex(length: number): string {
    let digits = '';
    while (digits.length < length) digits += this.uint32().toString(16).padStart(8, '0');
    return digits.slice(0, length);
  }

  /**
   * A generator for one part of a run, seeded from this one's seed and the label, with a faker of
   * its own: adding draws in one part does not shift another's, whatever order they run in.
   */
  fork(label: string): Random {
    let hash = 0x811c9dc5;
    for (const char of label) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    const FakerClass = this.faker.constructor as typeof Faker;
    const faker = new FakerClass({ locale: this.faker.rawDefinitions });
    faker.setDefaultRefDate(this.faker.defaultRefDate());
    return new Random(faker, [...this.seedWords, hash]);
  }
}

/**
 * A Random with a faker of its own (English words), seeded with `seed`, else at random. A seeded
 * one counts relative dates ("recent") from `referenceTime` when given, so a seed always gives
 * the same values whatever the day. Faker loads on first use: a server answering from state
 * never needs it.
 */
export async function createRandom(seed?: number, referenceTime?: Date): Promise<Random> {
  // The English entry, not the package's main one, which loads every locale (230 ms against 60).
  const { faker: template } = await import('@faker-js/faker/locale/en');
  const FakerClass = template.constructor as typeof Faker;
  const faker = new FakerClass({ locale: template.rawDefinitions });
  if (seed !== undefined && referenceTime) faker.setDefaultRefDate(referenceTime);
  return new Random(faker, seed ?? randomSeed());
}

export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

function toWords(seed: number): number[] {
  return [seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0];
}

const WORD_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HEX_DIGITS = [...'0123456789abcdef'].map((char) => char.charCodeAt(0));
/** The characters of the UUID being written, rewritten in place for each one. */
const uuidChars = [...'00000000-0000-4000-8000-000000000000'].map((char) => char.charCodeAt(0));

/** `digits` hexadecimal digits of `value` into uuidChars from `at`. */
function writeHex(value: number, at: number, digits: number): void {
  for (let i = digits - 1; i >= 0; i--, value >>>= 4) uuidChars[at + i] = HEX_DIGITS[value & 0xf];
}
