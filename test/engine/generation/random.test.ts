import { describe, expect, it } from 'vitest';
import { base, en, Faker } from '@faker-js/faker';
import { faker } from '@faker-js/faker/locale/base';
import { Random } from '../../../src/engine/generation/random.js';

const draws = (random: Random, count = 20) => Array.from({ length: count }, () => random.uint32());

describe('Random', () => {
  it('gives the same sequence for the same seeds and another for other seeds', () => {
    expect(draws(new Random(faker, [2013, 0]))).toEqual(draws(new Random(faker, [2013, 0])));
    expect(draws(new Random(faker, [2013, 1]))).not.toEqual(draws(new Random(faker, [2013, 0])));
    expect(draws(new Random(faker, [2014, 0]))).not.toEqual(draws(new Random(faker, [2013, 0])));
    // Seeds beyond 32 bits count in full.
    expect(draws(new Random(faker, [2 ** 32 + 5]))).not.toEqual(draws(new Random(faker, [5])));
  });

  it('keeps the sequence it has for a seed (seeded stores must not change under their users)', () => {
    expect(draws(new Random(faker, [2013, 0]), 3)).toEqual([1599917760, 3225082835, 3042399971]);
  });

  it.each([
    [0, 0],
    [1, 12],
    [-5, 5],
    [1_700_000_000_000, 1_731_536_000_000],
  ])('draws whole numbers from %d to %d, both ends included', (min, max) => {
    const random = new Random(faker, [7]);
    const values = Array.from({ length: 5000 }, () => random.int(min, max));
    expect(values.every((v) => Number.isInteger(v) && v >= min && v <= max)).toBe(true);
    if (max - min < 100)
      expect(new Set(values)).toEqual(new Set(Array.from({ length: max - min + 1 }, (_, i) => min + i)));
  });

  it('is true about as often as asked', () => {
    const random = new Random(faker, [7]);
    const share = (p: number) => Array.from({ length: 10_000 }, () => random.chance(p)).filter(Boolean).length / 10_000;
    expect(share(0)).toBe(0);
    expect(share(1)).toBe(1);
    expect(share(0.65)).toBeGreaterThan(0.62);
    expect(share(0.65)).toBeLessThan(0.68);
  });

  it('samples distinct items, as many as asked', () => {
    const random = new Random(faker, [7]);
    const items = ['a', 'b', 'c'];
    for (let i = 0; i < 200; i++) {
      const sample = random.sample(items, 0, 2);
      expect(sample.length).toBeLessThanOrEqual(2);
      expect(new Set(sample).size).toBe(sample.length);
      expect(sample.every((item) => items.includes(item))).toBe(true);
    }
    expect(random.sample(items, 5, 9)).toHaveLength(3);
  });

  it('makes version 4 UUIDs and lowercase hexadecimal', () => {
    const random = new Random(faker, [7]);
    const uuids = Array.from({ length: 1000 }, () => random.uuid());
    for (const uuid of uuids)
      expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(uuids).size).toBe(uuids.length);
    expect(random.hex(4)).toMatch(/^[0-9a-f]{4}$/);
    expect(random.hex(11)).toMatch(/^[0-9a-f]{11}$/);
  });
});

describe('Random#fork', () => {
  const words = (random: Random) => Array.from({ length: 5 }, () => random.word(6));

  it('gives a part of a run its own sequence: the same for the same label, whatever was drawn before', () => {
    const parent = new Random(new Faker({ locale: [en, base] }), 42);
    const first = words(parent.fork('create /pets'));
    parent.uint32();
    words(parent.fork('negative listPets'));
    expect(words(parent.fork('create /pets'))).toEqual(first);
    expect(words(parent.fork('update /pets'))).not.toEqual(first);
    expect(words(new Random(new Faker({ locale: [en, base] }), 43).fork('create /pets'))).not.toEqual(first);
  });

  it('draws from a faker of its own, so interleaved parts do not shift each other', () => {
    const parent = new Random(new Faker({ locale: [en, base] }), 42);
    const alone = words(parent.fork('a'));
    const [a, b] = [parent.fork('a'), parent.fork('b')];
    const interleaved = Array.from({ length: 5 }, () => [a.word(6), b.word(6)][0]);
    expect(interleaved).toEqual(alone);
  });
});
