import type { SortField, TriggerSourceRecord } from './trigger-source.js';

type Compare = (a: TriggerSourceRecord, b: TriggerSourceRecord) => number;

const byId: Compare = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * A total order per field: the field, then `id`, so pages never overlap or skip. One function
 * per field, each reading its field by name: one function reading `record[field]` for every
 * field made index inserts about a third slower (its property lookups could not specialise).
 */
const ORDERS: Record<SortField, Compare> = {
  name: (a, b) => (a.name === b.name ? byId(a, b) : a.name < b.name ? -1 : 1),
  createdAt: (a, b) => (a.createdAt === b.createdAt ? byId(a, b) : a.createdAt < b.createdAt ? -1 : 1),
  type: (a, b) => (a.type === b.type ? byId(a, b) : a.type < b.type ? -1 : 1),
};

export function compareBy(field: SortField): Compare {
  return ORDERS[field];
}

/** Records per block: an insert or remove moves at most about twice this many references. */
const BLOCK_SIZE = 512;

/**
 * Records kept sorted by one field, so a sorted page is read by walking from one end instead of
 * sorting every match: the cost of a page does not grow with the size of the store. The records
 * are held in sorted blocks of up to 2 × BLOCK_SIZE, found by binary search, so an insert or a
 * remove costs O(log n + BLOCK_SIZE) rather than moving every later record of one big array.
 */
export class SortedIndex {
  private blocks: TriggerSourceRecord[][] = [];
  private count = 0;
  private readonly compare: Compare;

  constructor(field: SortField) {
    this.compare = compareBy(field);
  }

  get size(): number {
    return this.count;
  }

  /** Builds from unsorted records in one sort rather than one insertion each. */
  load(records: TriggerSourceRecord[]): void {
    const all = [...this.blocks.flat(), ...records].sort(this.compare);
    this.blocks = [];
    for (let start = 0; start < all.length; start += BLOCK_SIZE) this.blocks.push(all.slice(start, start + BLOCK_SIZE));
    this.count = all.length;
  }

  insert(record: TriggerSourceRecord): void {
    this.count++;
    if (this.blocks.length === 0) {
      this.blocks.push([record]);
      return;
    }
    const at = this.blockFor(record);
    const block = this.blocks[at];
    block.splice(this.positionIn(block, record), 0, record);
    if (block.length > 2 * BLOCK_SIZE) this.blocks.splice(at, 1, block.slice(0, BLOCK_SIZE), block.slice(BLOCK_SIZE));
  }

  /** Must be called before the record's sort field changes. */
  remove(record: TriggerSourceRecord): void {
    if (this.blocks.length === 0) return;
    const at = this.blockFor(record);
    const block = this.blocks[at];
    const position = this.positionIn(block, record);
    if (block[position] !== record) return;
    block.splice(position, 1);
    this.count--;
    if (block.length === 0) this.blocks.splice(at, 1);
  }

  /** Walks in ascending or descending order until `visit` returns false. */
  walk(descending: boolean, visit: (record: TriggerSourceRecord) => boolean): void {
    const blocks = this.blocks;
    if (descending) {
      for (let b = blocks.length - 1; b >= 0; b--) {
        const block = blocks[b];
        for (let i = block.length - 1; i >= 0; i--) if (!visit(block[i])) return;
      }
    } else {
      for (const block of blocks) {
        for (let i = 0; i < block.length; i++) if (!visit(block[i])) return;
      }
    }
  }

  /** The first block whose last record does not sort before `record`; else the last block. */
  private blockFor(record: TriggerSourceRecord): number {
    let low = 0;
    let high = this.blocks.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const block = this.blocks[mid];
      if (this.compare(block[block.length - 1], record) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private positionIn(block: TriggerSourceRecord[], record: TriggerSourceRecord): number {
    let low = 0;
    let high = block.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.compare(block[mid], record) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
