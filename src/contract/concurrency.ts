/** Who goes first when several wait for a slot: the lowest, then the first come. */
export type Priority = 0 | 1 | 2;

/** At most `size` holders at once; the others wait their turn by priority. */
export class Slots {
  private free: number;
  /** One first-come queue per priority: a run may have thousands of requests waiting. */
  private readonly waiting: [Fifo<() => void>, Fifo<() => void>, Fifo<() => void>] = [
    new Fifo(),
    new Fifo(),
    new Fifo(),
  ];

  constructor(size: number) {
    this.free = size;
  }

  /** Resolves with the function that gives the slot back. */
  async acquire(priority: Priority = 1): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resume) => this.waiting[priority].push(resume));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.find((queue) => queue.size > 0)?.shift();
      if (next) next();
      else this.free++;
    };
  }
}

/** A queue whose shift does not move what is left. */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

/**
 * Runs every task at once and waits for all of them, even after one has failed, so nothing is
 * still sending (or creating) when the caller moves on to cleanup; then throws the error of the
 * first task, by position, that failed. Results are in the tasks' order.
 */
export async function settleAll<T>(tasks: ReadonlyArray<() => Promise<T>>): Promise<T[]> {
  const settled = await Promise.allSettled(tasks.map((task) => task()));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
