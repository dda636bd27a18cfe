import { mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { JournalCorruptError, JournaledFile } from './journaled-file.js';
import { STORE_FORMAT_VERSION, type StoreData, type StorePersistence } from './store-data.js';
import { MemoryPersistence } from './memory-persistence.js';
import { TriggerSourceStore, type StoreOptions } from './trigger-source-store.js';

/** `:memory:` keeps the store in memory; anything else is a JSON file path. */
export const MEMORY_DB = ':memory:';

export class StoreFileError extends Error {
  constructor(file: string, problem: string) {
    super(
      `${file}: ${problem}. The file was left untouched. To start over, run again with --recover ` +
        '(the file is moved aside and a fresh store is seeded), or point --db at another file.',
    );
    this.name = 'StoreFileError';
  }
}

export interface OpenStoreOptions extends StoreOptions {
  db: string;
  /** Called when the store is empty (first start, --fresh, or after --recover) to produce its data. */
  seed: () => Promise<StoreData>;
  /** Move an unreadable store file aside and seed a fresh one instead of refusing to start. */
  recover?: boolean;
  /** Discard whatever the store holds and seed it again. */
  fresh?: boolean;
}

/**
 * How the store came to hold its data: `loaded` from an existing store, or seeded because it was
 * `new`, because `fresh` discarded what it held, or because it was unreadable and `recovered`.
 */
export type StoreOrigin = 'loaded' | 'new' | 'fresh' | 'recovered';

export interface OpenedStore {
  store: TriggerSourceStore;
  origin: StoreOrigin;
  /** Where an unreadable file was moved by --recover. */
  movedAside?: string;
}

export function persistenceFor(db: string): StorePersistence {
  return db === MEMORY_DB ? new MemoryPersistence() : new JournaledFile(db);
}

export async function openStore(options: OpenStoreOptions): Promise<OpenedStore> {
  if (options.db !== MEMORY_DB) await mkdir(dirname(options.db), { recursive: true });
  const adapter = persistenceFor(options.db);
  if (options.fresh) return { store: await seededStore(adapter, options), origin: 'fresh' };
  let existing: StoreData | null;
  let movedAside: string | undefined;
  try {
    existing = await adapter.read();
    if (existing !== null) checkStoreData(options.db, existing);
  } catch (error) {
    if (!options.recover) {
      throw error instanceof StoreFileError ? error : new StoreFileError(options.db, describeReadError(error));
    }
    movedAside = `${options.db}.unreadable-${Date.now()}`;
    await moveAside(options.db, movedAside);
    return { store: await seededStore(adapter, options), origin: 'recovered', movedAside };
  }
  if (existing === null) return { store: await seededStore(adapter, options), origin: 'new' };
  return { store: new TriggerSourceStore(new Low<StoreData>(adapter, existing), adapter, options), origin: 'loaded' };
}

/** A store holding freshly seeded data, written through (which also empties any journal). */
async function seededStore(adapter: StorePersistence, options: OpenStoreOptions): Promise<TriggerSourceStore> {
  const low = new Low<StoreData>(adapter, await options.seed());
  const store = new TriggerSourceStore(low, adapter, options);
  await low.write();
  return store;
}

/** Moves the snapshot and its journal aside together, so neither is replayed onto fresh data. */
async function moveAside(db: string, target: string): Promise<void> {
  for (const [from, to] of [
    [db, target],
    [`${db}.journal`, `${target}.journal`],
  ]) {
    await rename(from, to).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}

function describeReadError(error: unknown): string {
  if (error instanceof JournalCorruptError) return error.message;
  if (error instanceof SyntaxError) return `is not valid JSON (${error.message})`;
  const code = (error as NodeJS.ErrnoException).code;
  return `cannot be read (${code ?? (error as Error).message})`;
}

function checkStoreData(file: string, data: StoreData): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new StoreFileError(file, 'does not hold a pers-mock store (expected a JSON object)');
  }
  if (typeof data.formatVersion !== 'number') {
    throw new StoreFileError(file, 'does not hold a pers-mock store (no formatVersion)');
  }
  if (data.formatVersion > STORE_FORMAT_VERSION) {
    throw new StoreFileError(
      file,
      `was written by a newer pers-mock (store format ${data.formatVersion}; this version reads format ` +
        `${STORE_FORMAT_VERSION})`,
    );
  }
  if (!Array.isArray(data.triggerSources)) {
    throw new StoreFileError(file, 'does not hold a pers-mock store (triggerSources is not an array)');
  }
}
