import { describe, expect, it } from 'vitest';
import { faker } from '@faker-js/faker/locale/base';
import { isoTime } from '../../src/seed/iso-time.js';
import { Random } from '../../src/engine/generation/random.js';

describe('isoTime', () => {
  it.each([
    0,
    -1,
    1_767_225_599_999,
    Date.parse('2024-02-29T23:59:59.999Z'),
    Date.parse('2026-01-01T00:00:00.000Z'),
    Date.parse('1969-07-20T20:17:40.005Z'),
    Date.parse('9999-12-31T23:59:59.999Z'),
    // Years with longer forms
    Date.parse('+010000-01-01T00:00:00.000Z'),
    Date.parse('-000001-06-15T12:00:00.000Z'),
  ])('writes %d as Date#toISOString does', (ms) => {
    expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });

  it('agrees with Date#toISOString over a century of random times', () => {
    const random = new Random(faker, [1]);
    for (let i = 0; i < 20_000; i++) {
      const ms = random.int(Date.parse('1950-01-01'), Date.parse('2050-01-01'));
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
