export interface WriteBehindOptions<T> {
  /** How long an item may wait; also the most an item can be lost by if the process dies. */
  intervalMs: number;
  /** Writes one batch; a failure is reported to onError and the batch is dropped. */
  write(items: T[]): Promise<unknown>;
  onError(error: unknown, dropped: number): void;
  /** Items with the same key are written once per batch (e.g. "last used" stamps). */
  keyOf?(item: T): string;
  maxBatch?: number;
}

const DEFAULT_MAX_BATCH = 1_000;

/**
 * Work a request causes but need not wait for (last-used stamps, audit entries): collected in
 * memory and written by one statement per interval, behind the requests, never on their path.
 */
export class WriteBehind<T> {
  private pending = new Map<string | number, T>();
  private sequence = 0;
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private closed = false;

  constructor(private readonly options: WriteBehindOptions<T>) {}

  add(item: T): void {
    if (this.closed) return;
    this.pending.set(this.options.keyOf ? this.options.keyOf(item) : this.sequence++, item);
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
    const items = [...this.pending.values()];
    this.pending = new Map();
    const maxBatch = this.options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.flushing = (async () => {
      for (let start = 0; start < items.length; start += maxBatch) {
        const batch = items.slice(start, start + maxBatch);
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
