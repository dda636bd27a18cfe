import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Sql } from 'postgres';

/** How often a replica tells the others it is there, and looks for them. */
const CHECK_EVERY_MS = 250;
/** How long a check that found no other replica lets this one take itself for the only one. */
export const LEASE_MS = 1000;
/** A replica not seen for this long is gone (a replica's own lease lapses well before). */
const GONE_AFTER_MS = 3000;
/** Room for the time between a statement's answer and the moment it was measured. */
const MARGIN_MS = 100;

/**
 * Whether this replica is the only one on the database, as a lease. Every replica writes its id
 * and the time to a shared table every 250 ms and counts the others seen in the last 3 s. A check
 * that finds none makes this replica the only one for 1 s from the moment the check was sent; the
 * next checks renew it. While it is the only one, a change it makes can be in no other replica's
 * cache, so its reads need not ask the database whether anything changed.
 *
 * A replica that arrives (or comes back after being taken for gone) writes its row first, then
 * counts the others; if there are any, it makes no change for 1 s after its row was written. By
 * then every other replica has either seen it or let its own lease lapse, and reads through the
 * shared revision again. Two replicas starting together: whichever counted first did not see the
 * other, but the other counted after, saw it, and waits.
 */
export class ReplicaPresence {
  private readonly id = randomUUID();
  private onlyUntil = 0;
  private changesFrom = 0;
  private lastCheck = -Infinity;
  private registered = false;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  /** Moves on whenever this replica becomes the only one, or changes something while it is. */
  private localRevision = 0;

  constructor(private readonly sql: Sql) {}

  /** Registers this replica (waiting, if others are there, until they know of it) and keeps checking. */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check().catch(() => {}), CHECK_EVERY_MS);
    this.timer.unref();
    await this.mayChange();
  }

  /** Resolves once a change made now is sure to be seen by every other replica's next read. */
  async mayChange(): Promise<void> {
    const wait = this.changesFrom - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /**
   * While this replica is the only one: a revision of its own, negative so that it never equals
   * one of the shared revisions (which start at 0). Otherwise undefined: ask the database.
   */
  revisionIfOnly(): number | undefined {
    return this.isOnly() ? -this.localRevision : undefined;
  }

  /** After a committed change: true if no other replica can hold it in a cache (so none need be told). */
  changedIfOnly(): boolean {
    if (!this.isOnly()) return false;
    this.localRevision++;
    return true;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.checking?.catch(() => {});
    if (!this.registered) return;
    // So that the others need not wait 3 s to take themselves for the only ones.
    await this.sql`DELETE FROM pers_mock_replicas WHERE id = ${this.id}`.catch(() => {});
  }

  private isOnly(): boolean {
    return performance.now() < this.onlyUntil;
  }

  private check(): Promise<void> {
    this.checking ??= this.checkOnce().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async checkOnce(): Promise<void> {
    const wasOnly = this.isOnly();
    const rejoining = performance.now() - this.lastCheck > GONE_AFTER_MS - CHECK_EVERY_MS - MARGIN_MS;
    // The row first, committed, then the count: see the class comment.
    await this.sql`
      INSERT INTO pers_mock_replicas (id, seen_at) VALUES (${this.id}, clock_timestamp())
      ON CONFLICT (id) DO UPDATE SET seen_at = EXCLUDED.seen_at`;
    this.registered = true;
    const written = performance.now();
    const sent = performance.now();
    const [row] = await this.sql<Array<{ others: string }>>`
      SELECT count(*) AS others FROM pers_mock_replicas
      WHERE id <> ${this.id} AND seen_at > clock_timestamp() - make_interval(secs => ${GONE_AFTER_MS / 1000})`;
    const others = Number(row.others);
    this.lastCheck = sent;
    if (others > 0) {
      this.onlyUntil = 0;
      if (rejoining) this.changesFrom = Math.max(this.changesFrom, written + LEASE_MS + MARGIN_MS);
      return;
    }
    if (!wasOnly) this.localRevision++;
    this.onlyUntil = sent + LEASE_MS;
  }
}
