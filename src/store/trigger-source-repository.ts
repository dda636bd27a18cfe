import type { StoreData } from './store-data.js';
import type { TriggerSourceInput, TriggerSourceQuery, TriggerSourceRecord } from './trigger-source.js';

/** A value now (the file store's memory) or later (a database). */
export type Eventually<T> = T | Promise<T>;

/**
 * What the server needs of a trigger-source store, kept in a file (`TriggerSourceStore`) or in
 * PostgreSQL (`PostgresTriggerSourceStore`). Knows nothing of HTTP: absence is `undefined`, and a
 * write resolves once its change is durable (committed).
 */
export interface TriggerSourceRepository {
  /**
   * Moves on with every acknowledged change, across every process that shares the store: equal
   * values read at two moments mean nothing was acknowledged in between, so an answer computed
   * at the first moment may be given again at the second.
   */
  revision(): Eventually<number>;
  /** Number of trigger sources that are not deleted, across tenants. */
  countLive(): Eventually<number>;
  /** How the data was seeded. */
  seedSettings(): Eventually<StoreData['seed']>;
  list(tenantId: string, query?: TriggerSourceQuery): Eventually<TriggerSourceRecord[]>;
  get(tenantId: string, id: string): Eventually<TriggerSourceRecord | undefined>;
  /** The record as stored, soft-deleted or not: what a soft delete keeps. */
  getEvenIfDeleted(tenantId: string, id: string): Eventually<TriggerSourceRecord | undefined>;
  create(tenantId: string, input: TriggerSourceInput): Promise<TriggerSourceRecord>;
  /** Replaces the client-settable fields; `undefined` when there is no such live source. */
  update(tenantId: string, id: string, input: TriggerSourceInput): Promise<TriggerSourceRecord | undefined>;
  /** Soft delete: the record stays, with `deletedAt` set. */
  softDelete(tenantId: string, id: string): Promise<TriggerSourceRecord | undefined>;
  /** Replaces everything (seeding and reset). */
  replaceAll(data: StoreData): Promise<void>;
  /** Waits for pending writes and releases what the store holds (files, connections). */
  close(): Promise<void>;
}
