import type { Sql } from 'postgres';
import type { ReplicaPresence } from './replica-presence.js';

/**
 * The shared revision: a sequence moved on after every committed change, before the change is
 * acknowledged. A read first reads the revision, then its rows: an answer kept at revision r holds
 * every change acknowledged before r was read, so it may be given again for as long as the
 * revision still reads r — on any replica, without asking for the rows.
 *
 * Reading it is a round trip; concurrent requests share one. A request may only use a read sent
 * after it arrived (an earlier one could miss a change acknowledged in between), so a request
 * arriving while a read is in flight waits for the next, which then serves every request that
 * arrived meanwhile. Moving it on is shared the same way by writes that commit together.
 *
 * A replica that is the only one on the database (replica-presence.ts) does neither: no other
 * replica holds anything its changes could make stale, so it keeps a revision of its own.
 */
export class SharedRevision {
  private readonly reads: Batcher<number>;
  private readonly bumps: Batcher<number>;

  constructor(
    sql: Sql,
    private readonly presence: ReplicaPresence,
  ) {
    this.reads = new Batcher(async () => {
      // Before its first nextval a sequence reads its start value, the value that nextval gives.
      const [row] = await sql<Array<{ revision: string }>>`
        SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS revision FROM pers_mock_revision`;
      return Number(row.revision);
    });
    this.bumps = new Batcher(async () => {
      const [row] = await sql<Array<{ revision: string }>>`SELECT nextval('pers_mock_revision') AS revision`;
      return Number(row.revision);
    });
  }

  /** The revision as of a moment after this call. */
  current(): Promise<number> {
    const own = this.presence.revisionIfOnly();
    return own === undefined ? this.reads.run() : Promise.resolve(own);
  }

  /** Call once a change has committed, and acknowledge the change only after this resolves. */
  async moveOn(): Promise<void> {
    if (!this.presence.changedIfOnly()) await this.bumps.run();
  }
}

/** Runs `task` for many callers at once: each caller gets a run that started after its call. */
class Batcher<T> {
  private inFlight: Promise<T> | undefined;
  private next: Promise<T> | undefined;

  constructor(private readonly task: () => Promise<T>) {}

  run(): Promise<T> {
    if (this.inFlight === undefined) return this.start();
    this.next ??= this.inFlight.then(
      () => this.start(),
      () => this.start(),
    );
    return this.next;
  }

  private start(): Promise<T> {
    this.next = undefined;
    const run = this.task();
    this.inFlight = run;
    const settle = () => {
      if (this.inFlight === run) this.inFlight = undefined;
    };
    run.then(settle, settle);
    return run;
  }
}
