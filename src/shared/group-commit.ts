export interface GroupCommitOptions<Item, Result> {
  /** Writes a batch in one statement; answers one result per item, in the items' order. */
  write(items: Item[]): Promise<Result[]>;
  /** Statements under way at once; the next batch forms while they run. */
  maxInFlight?: number;
  maxItems?: number;
  /** With maxWeight: a batch closes before its total weight (e.g. payload bytes) would exceed it. */
  weightOf?(item: Item): number;
  maxWeight?: number;
}

interface Waiting<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

const DEFAULT_MAX_IN_FLIGHT = 2;
const DEFAULT_MAX_ITEMS = 500;

/**
 * Group commit: an item submitted while the database is idle is written at once, alone; items that
 * arrive while statements are in flight wait and go together in the next one. Under load a handful
 * of multi-row statements replace hundreds of single-row ones, and nobody waits for a timer. Each
 * submitter learns its own result only after its batch committed; if the batch fails, every
 * submitter in it gets the error, and none of them a result.
 */
export class GroupCommit<Item, Result> {
  private waiting: Array<Waiting<Item, Result>> = [];
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly maxItems: number;

  constructor(private readonly options: GroupCommitOptions<Item, Result>) {
    this.maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    this.maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  }

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  /** Resolves once nothing is waiting or in flight (for shutdown). */
  async drained(): Promise<void> {
    while (this.inFlight > 0 || this.waiting.length > 0)
      await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const batch = this.takeBatch();
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private takeBatch(): Array<Waiting<Item, Result>> {
    const { weightOf, maxWeight } = this.options;
    let count = 0;
    let weight = 0;
    while (count < this.waiting.length && count < this.maxItems) {
      if (weightOf && maxWeight !== undefined) {
        const next = weightOf(this.waiting[count].item);
        if (count > 0 && weight + next > maxWeight) break;
        weight += next;
      }
      count++;
    }
    return this.waiting.splice(0, count);
  }

  private async run(batch: Array<Waiting<Item, Result>>): Promise<void> {
    let results: Result[];
    try {
      results = await this.options.write(batch.map((waiting) => waiting.item));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, index) => waiting.resolve(results[index]));
  }
}
