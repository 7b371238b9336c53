export interface WriteBehindOptions<T> {
  /** How long an item may wait; also the most an item can be lost by if the process dies. */
  intervalMs: number;
  /** Writes one batch; a failure is reported to onError and the batch is dropped. */
  write(items: T[]): Promise<unknown>;
  onError(error: unknown, dropped: number): void;
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
export class WriteBehind<T> {
  private pending = new Map<string | number, T>();
  private sequence = 0;
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private closed = false;
  private readonly maxBatch: number;

  constructor(private readonly options: WriteBehindOptions<T>) {
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  }

  /** Items waiting for the next write. */
  get size(): number {
    return this.pending.size;
  }

  add(item: T): void {
    if (this.closed) return;
    if (this.options.maxPending !== undefined && this.pending.size >= this.options.maxPending) {
      this.options.onOverflow?.(1);
      return;
    }
    this.pending.set(this.options.keyOf ? this.options.keyOf(item) : this.sequence++, item);
    // exactly at the threshold, so a burst queues one early write, not one per item
    if (this.pending.size === this.maxBatch) {
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
    if (this.pending.size === 0) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const items = [...this.pending.values()];
    this.pending = new Map();
    this.flushing = (async () => {
      for (let start = 0; start < items.length; start += this.maxBatch) {
        const batch = items.slice(start, start + this.maxBatch);
        await this.options.write(batch).catch((error: unknown) => this.options.onError(error, batch.length));
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
}
