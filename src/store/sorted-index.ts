import type { SortField, TriggerSourceRecord } from './trigger-source.js';

/** A total order: the field, then `id`, so pages never overlap or skip. */
export function compareBy(field: SortField) {
  return (a: TriggerSourceRecord, b: TriggerSourceRecord): number => {
    const x = a[field];
    const y = b[field];
    if (x !== y) return x < y ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/**
 * Records kept sorted by one field, so a sorted page is read by walking from one end instead of
 * sorting every match: the cost of a page does not grow with the size of the store.
 */
export class SortedIndex {
  private readonly items: TriggerSourceRecord[] = [];
  private readonly compare: (a: TriggerSourceRecord, b: TriggerSourceRecord) => number;

  constructor(field: SortField) {
    this.compare = compareBy(field);
  }

  get size(): number {
    return this.items.length;
  }

  /** Builds from unsorted records in one sort rather than one insertion each. */
  load(records: TriggerSourceRecord[]): void {
    this.items.push(...records);
    this.items.sort(this.compare);
  }

  insert(record: TriggerSourceRecord): void {
    this.items.splice(this.position(record), 0, record);
  }

  /** Must be called before the record's sort field changes. */
  remove(record: TriggerSourceRecord): void {
    const at = this.position(record);
    if (this.items[at] === record) this.items.splice(at, 1);
  }

  /** Walks in ascending or descending order until `visit` returns false. */
  walk(descending: boolean, visit: (record: TriggerSourceRecord) => boolean): void {
    if (descending) {
      for (let i = this.items.length - 1; i >= 0; i--) if (!visit(this.items[i])) return;
    } else {
      for (let i = 0; i < this.items.length; i++) if (!visit(this.items[i])) return;
    }
  }

  private position(record: TriggerSourceRecord): number {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.compare(this.items[mid], record) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
