/**
 * In-process coalescing: concurrent callers with the same key share one running promise. The entry
 * is removed when the work settles, so the next caller after that starts fresh.
 */
export class Singleflight<T> {
  private readonly running = new Map<string, Promise<T>>();

  /** `joined` tells the caller it rode on someone else's work (the "coalesced" outcome). */
  run(key: string, work: () => Promise<T>): { promise: Promise<T>; joined: boolean } {
    const existing = this.running.get(key);
    if (existing) return { promise: existing, joined: true };
    const promise = work().finally(() => this.running.delete(key));
    this.running.set(key, promise);
    return { promise, joined: false };
  }
}
