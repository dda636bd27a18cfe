import { describe, expect, it } from 'vitest';
import { compareBy, SortedIndex } from '../../src/store/sorted-index.js';
import type { TriggerSourceRecord } from '../../src/store/trigger-source.js';

/** A small deterministic generator, so a failure replays. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

function record(id: number, name: string): TriggerSourceRecord {
  return { id: `id-${String(id).padStart(6, '0')}`, name } as TriggerSourceRecord;
}

describe('a sorted index', () => {
  // Thousands of records split and empty the index's blocks; every walk must match a plain sorted array.
  it('walks in the same order as a sorted array through thousands of inserts, removes and moves', () => {
    const next = random(7);
    const index = new SortedIndex('name');
    const model: TriggerSourceRecord[] = [];
    const names = ['Bench', 'Alpha', 'Zulu', 'Mango'];
    const sorted = () => [...model].sort(compareBy('name'));
    const walked = (descending: boolean) => {
      const seen: TriggerSourceRecord[] = [];
      index.walk(descending, (item) => seen.push(item) > 0);
      return seen;
    };
    const initial = Array.from({ length: 1500 }, (_, i) =>
      record(i, names[i % names.length] + Math.floor(next() * 50)),
    );
    index.load(initial);
    model.push(...initial);

    for (let step = 0; step < 6000; step++) {
      const roll = next();
      if (roll < 0.5 || model.length === 0) {
        // Many equal names: insertion order must still follow the id.
        const added = record(
          10_000 + step,
          next() < 0.5 ? 'Bench' : names[Math.floor(next() * names.length)] + Math.floor(next() * 50),
        );
        index.insert(added);
        model.push(added);
      } else if (roll < 0.8) {
        const [removed] = model.splice(Math.floor(next() * model.length), 1);
        index.remove(removed);
      } else {
        const moved = model[Math.floor(next() * model.length)];
        index.remove(moved);
        moved.name = `Renamed${Math.floor(next() * 100)}`;
        index.insert(moved);
      }
      if (step % 500 === 0) expect(walked(false)).toEqual(sorted());
    }
    expect(index.size).toBe(model.length);
    expect(walked(false)).toEqual(sorted());
    expect(walked(true)).toEqual(sorted().reverse());
  });

  it('stops walking when the visitor says so, and ignores removing what it does not hold', () => {
    const index = new SortedIndex('name');
    index.load([record(2, 'b'), record(1, 'a'), record(3, 'c')]);
    index.remove(record(9, 'b'));
    const seen: string[] = [];
    index.walk(true, (item) => seen.push(item.name) < 2);
    expect(seen).toEqual(['c', 'b']);
    expect(index.size).toBe(3);
  });
});
