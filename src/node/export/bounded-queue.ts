/**
 * A FIFO bounded three ways (items, records, bytes) that drops its oldest items to make room,
 * and counts what it dropped.
 *
 * @module
 */

/** The three bounds of a {@link BoundedQueue}. */
export interface QueueLimits {
  readonly items: number;
  readonly records: number;
  readonly bytes: number;
}

/** Items, records and bytes: what a queue holds, or what it dropped. */
export interface QueueAmounts {
  readonly datagrams: number;
  readonly records: number;
  readonly bytes: number;
}

/**
 * The queue of the flow collector: `push` adds an item with its weight (records, bytes) and
 * drops the oldest items until every bound holds again; an item heavier than a bound on its own
 * is dropped at once. O(1) per operation (amortised).
 *
 * @internal
 * @example
 * ```ts
 * const q = new BoundedQueue<string>({ items: 2, records: 100, bytes: 1e6 });
 * q.push("a", 1, 10); q.push("b", 1, 10); q.push("c", 1, 10);
 * q.shift(); // "b" ("a" was dropped)
 * ```
 */
export class BoundedQueue<T> {
  private items: ({ value: T; records: number; bytes: number } | undefined)[] = [];
  private head = 0;
  private records = 0;
  private bytes = 0;
  private droppedItems = 0;
  private droppedRecords = 0;
  private droppedBytes = 0;

  constructor(private readonly limits: QueueLimits) {}

  /** Adds `value`; returns false when it was dropped at once (heavier than a bound). */
  push(value: T, records: number, bytes: number): boolean {
    if (records > this.limits.records || bytes > this.limits.bytes || this.limits.items < 1) {
      this.countDrop(records, bytes);
      return false;
    }
    while (this.length > 0 && (this.length + 1 > this.limits.items || this.records + records > this.limits.records || this.bytes + bytes > this.limits.bytes)) {
      const old = this.take();
      if (old !== undefined) this.countDrop(old.records, old.bytes);
    }
    this.items.push({ value, records, bytes });
    this.records += records;
    this.bytes += bytes;
    return true;
  }

  /** The oldest item, removed; undefined when empty. */
  shift(): T | undefined {
    return this.take()?.value;
  }

  get length(): number {
    return this.items.length - this.head;
  }

  /** What the queue holds now. */
  held(): QueueAmounts {
    return { datagrams: this.length, records: this.records, bytes: this.bytes };
  }

  /** What it dropped so far. */
  dropped(): QueueAmounts {
    return { datagrams: this.droppedItems, records: this.droppedRecords, bytes: this.droppedBytes };
  }

  private take(): { value: T; records: number; bytes: number } | undefined {
    if (this.length === 0) return undefined;
    const it = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (it !== undefined) {
      this.records -= it.records;
      this.bytes -= it.bytes;
    }
    return it;
  }

  private countDrop(records: number, bytes: number): void {
    this.droppedItems++;
    this.droppedRecords += records;
    this.droppedBytes += bytes;
  }
}
