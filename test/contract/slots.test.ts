import { describe, expect, it } from 'vitest';
import { Slots } from '../../src/contract/concurrency.js';

describe('Slots', () => {
  it('lets `size` holders in at once, then the waiting by priority, first come first within one', async () => {
    const slots = new Slots(2);
    const order: string[] = [];
    const [a, b] = [await slots.acquire(), await slots.acquire()];
    const waiting = (
      [
        ['low 1', 2],
        ['normal 1', 1],
        ['low 2', 2],
        ['urgent', 0],
        ['normal 2', 1],
      ] as const
    ).map(([name, priority]) =>
      slots.acquire(priority).then((release) => {
        order.push(name);
        release();
      }),
    );
    await Promise.resolve();
    expect(order).toEqual([]);
    a();
    a(); // a second release of the same slot gives nothing back
    b();
    await Promise.all(waiting);
    expect(order).toEqual(['urgent', 'normal 1', 'normal 2', 'low 1', 'low 2']);
  });

  it('keeps first-come order over thousands of waiters', async () => {
    const slots = new Slots(1);
    const first = await slots.acquire();
    const order: number[] = [];
    const waiting = Array.from({ length: 5000 }, (_, i) =>
      slots.acquire().then((release) => {
        order.push(i);
        release();
      }),
    );
    first();
    await Promise.all(waiting);
    expect(order).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });
});
