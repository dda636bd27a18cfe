import type { Faker } from '@faker-js/faker';

/**
 * The seeder's random draws, from faker seeded with the store's seed and the tenant's index: the
 * same seeds give the same data on every platform. Numbers, coin flips and picks are faker's;
 * UUIDs and hex strings are written here from its numbers as flat strings, which is many times
 * quicker than faker's own for 100,000 records.
 *
 * The seeder loads faker from its `base` locale entry: the package's main entry loads every
 * locale, which took 120 ms, where this one takes 15. One faker instance serves every tenant in
 * turn: a SeededRandom reseeds it, and a tenant's records are drawn before the next is seeded.
 */
export class SeededRandom {
  private readonly faker: Faker;

  /** Any whole numbers (up to 2^53): `new SeededRandom(faker, seed, tenantIndex)`. */
  constructor(faker: Faker, ...seeds: number[]) {
    this.faker = faker;
    faker.seed(seeds.flatMap((seed) => [seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0]));
  }

  /** A whole number from 0 to 2^32 - 1. */
  uint32(): number {
    return this.faker.number.int({ min: 0, max: 0xffffffff });
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
}

const HEX_DIGITS = [...'0123456789abcdef'].map((char) => char.charCodeAt(0));
/** The characters of the UUID being written, rewritten in place for each one. */
const uuidChars = [...'00000000-0000-4000-8000-000000000000'].map((char) => char.charCodeAt(0));

/** `digits` hexadecimal digits of `value` into uuidChars from `at`. */
function writeHex(value: number, at: number, digits: number): void {
  for (let i = digits - 1; i >= 0; i--, value >>>= 4) uuidChars[at + i] = HEX_DIGITS[value & 0xf];
}
