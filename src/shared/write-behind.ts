/** Where items collect until they are written, one batch per statement. */
export interface WriteBatch<T, Contents> {
  /** Items held (an item that replaces one with its key is not counted twice). */
  readonly size: number;
  add(item: T): void;
  /** What `write` is given; asked once, when the batch is written. */
  contents(): Contents;
}

export interface WriteBehindOptions<T, Contents = T[]> {
  /** How long an item may wait; also the most an item can be lost by if the process dies. */
  intervalMs: number;
  /** Writes one batch; a failure is reported to onError and the batch is dropped. */
  write(batch: Contents): Promise<unknown>;
  onError(error: unknown, dropped: number): void;
  /**
   * A new, empty batch. Default: a list of the items (or one per key with `keyOf`); the audit
   * gives one that encodes its rows as they come (`AuditRowBatch`).
   */
  newBatch?(): WriteBatch<T, Contents>;
  /** Items with the same key are written once per batch (e.g. "last used" stamps). */
  keyOf?(item: T): string;
  /** Items per statement; a full batch is written at once instead of waiting out the interval. */
  maxBatch?: number;
  /**
   * Items held at most while writes are slow or failing; past it new items are refused and
   * counted to onOverflow, so a stalled database cannot make the buffer grow without bound.
   */
  maxPending?: number;
  onOverflow?(dropped: number): void;
}

const DEFAULT_MAX_BATCH = 1_000;

/**
 * Work a request causes but need not wait for (last-used stamps, audit entries): collected in
 * memory and written by one statement per interval (or per full batch), behind the requests,
 * never on their path.
 */
export class WriteBehind<T, Contents = T[]> {
  /** The batch items go into; sealed into `full` when it reaches maxBatch. */
  private open: WriteBatch<T, Contents>;
  private full: Array<WriteBatch<T, Contents>> = [];
  private heldInFull = 0;
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private closed = false;
  private readonly maxBatch: number;
  private readonly newBatch: () => WriteBatch<T, Contents>;

  constructor(private readonly options: WriteBehindOptions<T, Contents>) {
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    const { keyOf } = options;
    this.newBatch =
      options.newBatch?.bind(options) ??
      (() => (keyOf ? new KeyedBatch(keyOf) : new ListBatch<T>()) as unknown as WriteBatch<T, Contents>);
    this.open = this.newBatch();
  }

  /** Items waiting for the next write. */
  get size(): number {
    return this.heldInFull + this.open.size;
  }

  add(item: T): void {
    if (this.closed) return;
    if (this.options.maxPending !== undefined && this.size >= this.options.maxPending) {
      this.options.onOverflow?.(1);
      return;
    }
    this.open.add(item);
    if (this.open.size >= this.maxBatch) {
      this.full.push(this.open);
      this.heldInFull += this.open.size;
      this.open = this.newBatch();
      void this.flush();
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.options.intervalMs);
      this.timer.unref();
    }
  }

  /** Writes everything collected so far (waits for a flush already under way first). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.size === 0) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const batches = this.takePending();
    this.flushing = (async () => {
      for (const batch of batches) {
        await this.options
          .write(batch.contents())
          .catch((error: unknown) => this.options.onError(error, batch.size));
      }
    })().finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  /** Stops collecting and writes what is left (before the database pool closes). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private takePending(): Array<WriteBatch<T, Contents>> {
    const batches = this.open.size > 0 ? [...this.full, this.open] : this.full;
    this.full = [];
    this.heldInFull = 0;
    if (this.open.size > 0) this.open = this.newBatch();
    return batches;
  }
}

class ListBatch<T> implements WriteBatch<T, T[]> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  add(item: T): void {
    this.items.push(item);
  }

  contents(): T[] {
    return this.items;
  }
}

class KeyedBatch<T> implements WriteBatch<T, T[]> {
  private readonly items = new Map<string, T>();

  constructor(private readonly keyOf: (item: T) => string) {}

  get size(): number {
    return this.items.size;
  }

  add(item: T): void {
    this.items.set(this.keyOf(item), item);
  }

  contents(): T[] {
    return [...this.items.values()];
  }
}
