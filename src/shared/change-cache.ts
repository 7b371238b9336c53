import { ChangeChannel, ChangeListener } from '../database/change-channel';

/** What `peek` answers when the key is not cached (a cached value may itself be null). */
export const MISS: unique symbol = Symbol('change-cache:miss');

export interface ChangeCacheOptions<V> {
  /** Topics (the part of a tag before ':') whose notifications concern this cache. */
  topics: string[];
  /**
   * The tags whose change invalidates a value, e.g. `['connection:<id>', 'provider:<id>']`. A value
   * that stands for "nothing there" (a remembered miss) uses `<topic>:*`: any change of the topic
   * drops it.
   */
  tagsOf(value: V, key: string): string[];
  /** Whether a loaded value is kept (default: every value, a remembered miss included). */
  keeps?(value: V): boolean;
  /** The value's own end (a token's or placeholder's expiry), epoch ms; null when it has none. */
  expiresAt?(value: V): number | null;
  maxEntries?: number;
  /** A bound on staleness should a notification ever be missed while the session stayed up. */
  maxAgeMs?: number;
}

interface Entry<V> {
  value: V;
  tags: string[];
  expiresAt: number;
}

const DEFAULT_MAX_ENTRIES = 10_000;
const DEFAULT_MAX_AGE_MS = 10 * 60_000;

/**
 * An in-process cache kept true by the change channel. It serves from memory only while the channel
 * is live; otherwise every read goes to the loader (fail closed: a database error reaches the
 * caller). A load that was under way when a relevant change was heard is returned to its callers
 * but not stored, and nobody joins it afterwards, so a value read before a change can never
 * outlive the change's notification. Concurrent misses of one key share one load.
 */
export class ChangeCache<V> implements ChangeListener {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly byTag = new Map<string, Set<string>>();
  private readonly loading = new Map<string, Promise<V>>();
  private readonly topics: Set<string>;
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  /** Bumped by every relevant change and every reset; a load stores only if it did not move. */
  private generation = 0;

  constructor(
    private readonly channel: ChangeChannel,
    private readonly options: ChangeCacheOptions<V>,
  ) {
    this.topics = new Set(options.topics);
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    channel.listen(this);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached value, or MISS. Never answers from memory while the channel is down. */
  peek(key: string): V | typeof MISS {
    if (!this.channel.isLive) return MISS;
    const entry = this.entries.get(key);
    if (!entry) return MISS;
    if (entry.expiresAt <= Date.now()) {
      this.delete(key);
      return MISS;
    }
    return entry.value;
  }

  /** peek, then `load` on a miss (shared by concurrent callers of the same key). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.peek(key);
    if (cached !== MISS) return Promise.resolve(cached);
    return this.load(key, load);
  }

  load(key: string, load: () => Promise<V>): Promise<V> {
    if (!this.channel.isLive) return load();
    const pending = this.loading.get(key);
    if (pending) return pending;
    const generation = this.generation;
    const promise = load().then((value) => {
      if (this.channel.isLive && this.generation === generation) this.store(key, value);
      return value;
    });
    this.loading.set(key, promise);
    const forget = () => {
      if (this.loading.get(key) === promise) this.loading.delete(key);
    };
    promise.then(forget, forget);
    return promise;
  }

  /** Drops one key in this process (the change's notification does the same everywhere else). */
  forget(key: string): void {
    this.generation++;
    this.loading.delete(key);
    this.delete(key);
  }

  onChange(tag: string): void {
    const separator = tag.indexOf(':');
    const topic = separator < 0 ? tag : tag.slice(0, separator);
    if (!this.topics.has(topic)) return;
    this.generation++;
    this.loading.clear();
    this.dropTag(tag);
    this.dropTag(`${topic}:*`);
  }

  onReset(): void {
    this.generation++;
    this.loading.clear();
    this.entries.clear();
    this.byTag.clear();
  }

  private store(key: string, value: V): void {
    if (this.options.keeps && !this.options.keeps(value)) return;
    const own = this.options.expiresAt?.(value) ?? null;
    const expiresAt = Math.min(Date.now() + this.maxAgeMs, own ?? Infinity);
    if (expiresAt <= Date.now()) return;
    this.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    const tags = this.options.tagsOf(value, key);
    this.entries.set(key, { value, tags, expiresAt });
    for (const tag of tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  private dropTag(tag: string): void {
    const keys = this.byTag.get(tag);
    if (!keys) return;
    for (const key of [...keys]) this.delete(key);
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}
