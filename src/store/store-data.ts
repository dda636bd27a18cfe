import type { Adapter } from 'lowdb';
import type { TriggerSourceRecord } from './trigger-source.js';

export const STORE_FORMAT_VERSION = 1;

/** What the store file holds. */
export interface StoreData {
  formatVersion: number;
  /** How the data was seeded, so a restart can tell what it is looking at. */
  seed: { seed: number; recordsPerTenant: number } | null;
  triggerSources: TriggerSourceRecord[];
}

/** Where a store's changes go. `record` resolves once the change is durable. */
export interface StorePersistence extends Adapter<StoreData> {
  record(record: TriggerSourceRecord): Promise<void>;
  close(): Promise<void>;
}
