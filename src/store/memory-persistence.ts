import type { StoreData, StorePersistence } from './store-data.js';

/** `--db :memory:`: nothing survives the process, and every change is "durable" at once. */
export class MemoryPersistence implements StorePersistence {
  private data: StoreData | null = null;

  async read(): Promise<StoreData | null> {
    return this.data;
  }

  async write(data: StoreData): Promise<void> {
    this.data = data;
  }

  async record(): Promise<void> {}

  async close(): Promise<void> {}
}
