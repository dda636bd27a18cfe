import { constants } from 'node:fs';
import { open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { TriggerSourceRecord } from './trigger-source.js';
import type { StoreData, StorePersistence } from './store-data.js';

/** One durable change: the record as it now is (create, update and soft delete alike). */
export interface JournalEntry {
  seq: number;
  record: TriggerSourceRecord;
}

export class JournalCorruptError extends Error {}

/** The disk refused a change; the change is not durable and was not acknowledged. */
export class StoreWriteError extends Error {
  constructor(file: string, cause: Error) {
    super(`cannot write ${file}: ${cause.message}`, { cause });
    this.name = 'StoreWriteError';
  }
}

/**
 * Compact (rewrite the snapshot, empty the journal) once the journal holds this many changes, or
 * as many as the store holds records if that is more: a compaction costs time in proportion to
 * the store, so this keeps its cost per change constant however large the store grows.
 */
const COMPACT_AFTER_ENTRIES = 20_000;

/** How many turns of the event loop a flush may wait for more changes to join it. */
const FLUSH_WAIT_TURNS = 4;

/**
 * A lowdb adapter over two files: a JSON snapshot (`db.json`, replaced atomically: temp file,
 * fsync, rename, fsync of the directory) and an append-only journal (`db.json.journal`, one
 * JSON line per change). A change is acknowledged only after its journal line is on disk;
 * changes that arrive while a flush is under way share the next flush (group commit), so the
 * cost of durability does not grow with the number of concurrent writers, nor with the size of
 * the store. The journal is folded into the snapshot after COMPACT_AFTER_ENTRIES changes (or one
 * per record in the store, if more) and on close.
 *
 * Like lowdb's own adapters, it is handed the live data object (by `read` and `write`); the store
 * changes that object in place and then records the change, so a compaction snapshots it as is.
 */
export class JournaledFile implements StorePersistence {
  readonly file: string;
  readonly journalFile: string;
  private data: StoreData | null = null;
  private seq = 0;
  private journalEntries = 0;
  private journal: FileHandle | undefined;
  private queue: Array<{ line: string; done: () => void; failed: (error: Error) => void }> = [];
  private flushing: Promise<void> | undefined;
  private flushScheduled = false;
  /** How many journal flushes have been made: fewer than changes when writers share flushes. */
  flushCount = 0;

  constructor(file: string) {
    this.file = file;
    this.journalFile = `${file}.journal`;
  }

  /** The snapshot with every journalled change replayed; `null` when there is no store yet. */
  async read(): Promise<StoreData | null> {
    const snapshot = await readIfExists(this.file);
    const journal = await readIfExists(this.journalFile);
    if (snapshot === null) {
      if (journal !== null && journal.trim() !== '') {
        throw new JournalCorruptError(`has a journal (${this.journalFile}) but no snapshot`);
      }
      return null;
    }
    const data = JSON.parse(snapshot) as StoreData & { lastSeq?: number };
    this.seq = data.lastSeq ?? 0;
    if (journal !== null && Array.isArray(data.triggerSources)) this.replay(data, journal);
    delete data.lastSeq;
    this.data = data;
    return data;
  }

  /** Replaces the whole store: a new snapshot, and an empty journal. */
  async write(data: StoreData): Promise<void> {
    this.data = data;
    await this.enqueueFlush(() => this.compact());
  }

  record(record: TriggerSourceRecord): Promise<void> {
    const entry: JournalEntry = { seq: ++this.seq, record };
    return new Promise((done, failed) => {
      this.queue.push({ line: `${JSON.stringify(entry)}\n`, done, failed });
      this.scheduleFlush();
    });
  }

  /**
   * A flush starts once changes stop arriving: after a turn of the event loop in which no request
   * made one (at most FLUSH_WAIT_TURNS turns), so that the changes of requests handled together
   * share it. Each durable write costs the disk, and the CPU, far more than its bytes; a lone
   * change waits only two turns of an idle event loop.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    let turns = 0;
    let queued = 0;
    const flushOnceQuiet = () => {
      if (this.queue.length > queued && turns < FLUSH_WAIT_TURNS) {
        queued = this.queue.length;
        turns++;
        setImmediate(flushOnceQuiet);
        return;
      }
      this.flushScheduled = false;
      void this.enqueueFlush(() => this.flush());
    };
    setImmediate(flushOnceQuiet);
  }

  /** Waits for pending changes, folds the journal into the snapshot and releases the file. */
  async close(): Promise<void> {
    await this.enqueueFlush(() => this.compact());
    await this.journal?.close();
    this.journal = undefined;
  }

  private replay(data: StoreData, journal: string): void {
    const lines = journal.split('\n');
    const byId = new Map(data.triggerSources.map((r, i) => [r.id, i]));
    lines.forEach((line, index) => {
      if (line === '') return;
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        // A torn last line is a change that was never acknowledged: the crash came mid-write.
        if (lines.slice(index + 1).every((rest) => rest === '')) return;
        throw new JournalCorruptError(`journal line ${index + 1} of ${this.journalFile} is not valid JSON`);
      }
      if (entry.seq <= this.seq) return;
      this.seq = entry.seq;
      this.journalEntries++;
      const at = byId.get(entry.record.id);
      if (at === undefined) {
        byId.set(entry.record.id, data.triggerSources.length);
        data.triggerSources.push(entry.record);
      } else {
        data.triggerSources[at] = entry.record;
      }
    });
  }

  /** Runs flushes and compactions one at a time, in order. */
  private enqueueFlush(task: () => Promise<void>): Promise<void> {
    const run = (this.flushing ?? Promise.resolve()).then(task);
    this.flushing = run.catch(() => undefined);
    return run;
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    try {
      this.journal ??= await openJournal(this.journalFile);
      await this.journal.write(batch.map((item) => item.line).join(''));
      this.flushCount++;
      this.journalEntries += batch.length;
    } catch (error) {
      batch.forEach((item) => item.failed(new StoreWriteError(this.journalFile, error as Error)));
      return;
    }
    batch.forEach((item) => item.done());
    if (this.journalEntries >= Math.max(COMPACT_AFTER_ENTRIES, this.data?.triggerSources.length ?? 0))
      await this.compact();
  }

  /**
   * Everything in memory — including changes still queued — goes into one new snapshot, so the
   * queued changes are durable once it is renamed into place and the journal can be emptied.
   */
  private async compact(): Promise<void> {
    if (!this.data) return;
    const batch = this.queue;
    this.queue = [];
    try {
      await writeAtomically(this.file, JSON.stringify({ ...this.data, lastSeq: this.seq }));
      this.journal ??= await openJournal(this.journalFile);
      await this.journal.truncate(0);
      await this.journal.datasync();
      this.journalEntries = 0;
    } catch (error) {
      const failure = new StoreWriteError(this.file, error as Error);
      batch.forEach((item) => item.failed(failure));
      throw failure;
    }
    batch.forEach((item) => item.done());
  }
}

/**
 * The journal is opened for appending with O_DSYNC: a write returns once its bytes (and the file
 * size) are on disk, as write + fdatasync would, in one system call instead of two.
 */
function openJournal(file: string): Promise<FileHandle> {
  return open(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_DSYNC);
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Never a partial file: write a temp file, fsync it, rename it over the target, fsync the directory. */
async function writeAtomically(file: string, content: string): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  const directory = await open(dirname(file), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
