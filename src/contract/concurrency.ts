/** Who goes first when several wait for a slot: the lowest, then the first come. */
export type Priority = 0 | 1 | 2;

/** At most `size` holders at once; the others wait their turn by priority. */
export class Slots {
  private free: number;
  private readonly waiting: Array<{ priority: Priority; resume: () => void }> = [];

  constructor(size: number) {
    this.free = size;
  }

  /** Resolves with the function that gives the slot back. */
  async acquire(priority: Priority = 1): Promise<() => void> {
    if (this.free > 0) this.free--;
    else
      await new Promise<void>((resume) => {
        const at = this.waiting.findIndex((w) => w.priority > priority);
        this.waiting.splice(at === -1 ? this.waiting.length : at, 0, { priority, resume });
      });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.resume();
      else this.free++;
    };
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
