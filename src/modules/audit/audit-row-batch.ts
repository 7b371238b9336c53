import { WriteBatch } from '../../shared/write-behind';
import { AuditEntry } from './audit-entry';

/** What one batch statement writes (`AuditRepository.insertBatch`). */
export interface EncodedAuditRows {
  rows: number;
  /**
   * jsonb in PostgreSQL's binary input format: a version byte (1), then the JSON text
   * `[[row, …], [context, …]]` (see `AuditRowBatch`).
   */
  jsonb: Buffer;
  /** The buffer `jsonb` is a view of: handed back to its `BatchBuffers` once the batch is written. */
  storage: Buffer;
}

const JSONB_BINARY_VERSION = 1;
const INITIAL_BYTES = 64 * 1024;

/**
 * The buffers of written batches, for the next batches to fill. A batch's buffer lives as long as
 * it takes to fill and write (a few hundred milliseconds under load), long enough for V8 to move it
 * to the old generation, where only a full collection frees its megabyte outside the heap: a busy
 * ledger allocating one per batch made V8 run full collections several times as often
 * (bench/RESULTS.md). Reused, a buffer grows to the size of a full batch once and stays.
 */
export class BatchBuffers {
  private readonly free: Buffer[] = [];

  /** `keep`: how many idle buffers to hold (a batch filling and one or two being written). */
  constructor(private readonly keep = 4) {}

  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafe(INITIAL_BYTES);
  }

  /** Only once nothing reads `buffer` any more (its statement has completed or failed). */
  give(buffer: Buffer): void {
    if (this.free.length < this.keep) this.free.push(buffer);
  }
}

/**
 * A batch of audit entries encoded as each is recorded, into bytes outside the JavaScript heap.
 * The buffer holds no objects per entry for the garbage collector to copy while they wait, and a
 * full batch goes to the driver as it is: no 600 kB string joined and encoded on the event loop
 * (about 2 ms per 2,000 entries, a pause every request in flight waited out). node-postgres sends
 * a Buffer parameter in binary format, which is why the bytes are jsonb's binary input.
 *
 * What an agent's calls repeat — org, actor, action, agent, connection, method — is written once
 * per batch as a context, and each row names its context by number: a proxied call's row is about
 * 130 bytes instead of 320. Fewer bytes are less for PostgreSQL to receive and parse, and fewer
 * times its backend wakes to read them while plugboard's busy thread wants the core
 * (bench/RESULTS.md).
 */
export class AuditRowBatch implements WriteBatch<AuditEntry, EncodedAuditRows> {
  private bytes: Buffer;
  private used = 0;
  private rows = 0;
  /** Each context's JSON text → the number its rows name it by (the order contexts are written in). */
  private readonly contexts = new Map<string, number>();
  /** The last contexts used, compared field by field before any text is built (most entries repeat one). */
  private readonly recent: RecentContext[] = [];
  private nextRecent = 0;

  /** Without `buffers` of its own, the batch takes a new buffer (a pool it alone uses). */
  constructor(buffers = new BatchBuffers(0)) {
    this.bytes = buffers.take();
    this.bytes[this.used++] = JSONB_BINARY_VERSION;
    this.bytes[this.used++] = 0x5b; // [
    this.bytes[this.used++] = 0x5b; // [
  }

  get size(): number {
    return this.rows;
  }

  add(entry: AuditEntry): void {
    this.write(encodeRow(this.contextOf(entry), entry), this.rows > 0);
    this.rows++;
  }

  contents(): EncodedAuditRows {
    this.write(`],[${[...this.contexts.keys()].join(',')}]]`, false);
    return { rows: this.rows, jsonb: this.bytes.subarray(0, this.used), storage: this.bytes };
  }

  private contextOf(entry: AuditEntry): number {
    for (const known of this.recent) if (sameContext(known.entry, entry)) return known.number;
    const text = encodeContext(entry);
    let number = this.contexts.get(text);
    if (number === undefined) {
      number = this.contexts.size;
      this.contexts.set(text, number);
    }
    this.recent[this.nextRecent] = { entry, number };
    this.nextRecent = (this.nextRecent + 1) % RECENT_CONTEXTS;
    return number;
  }

  private write(json: string, afterComma: boolean): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit, and one more byte for the comma
    this.reserve(json.length * 3 + 1);
    if (afterComma) this.bytes[this.used++] = 0x2c; // ,
    this.used += this.bytes.write(json, this.used);
  }

  /** Grows by doubling; the outgrown buffer is left to the collector (a pool of small ones would grow again). */
  private reserve(length: number): void {
    if (this.used + length <= this.bytes.length) return;
    const larger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + length));
    this.bytes.copy(larger, 0, 0, this.used);
    this.bytes = larger;
  }
}

/** What JSON cannot hold as it is inside a string: a quote, a backslash, a control character. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPING = /["\\\u0000-\u001f]/;
/** What jsonb refuses even escaped (`\u0000`, a lone surrogate), refusing the whole batch with it. */
// eslint-disable-next-line no-control-regex
const JSONB_REFUSES = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const text = (value: string | null): string =>
  value === null
    ? 'null'
    : NEEDS_ESCAPING.test(value)
      ? JSON.stringify(value.replace(JSONB_REFUSES, '\ufffd'))
      : `"${value}"`;

// NaN and infinities as JSON.stringify writes them: null
const numberOrNull = (value: number | null): string =>
  value !== null && Number.isFinite(value) ? String(value) : 'null';

const RECENT_CONTEXTS = 8;

interface RecentContext {
  entry: AuditEntry;
  number: number;
}

const sameContext = (a: AuditEntry, b: AuditEntry): boolean =>
  a.orgId === b.orgId &&
  a.agentId === b.agentId &&
  a.connectionId === b.connectionId &&
  a.action === b.action &&
  a.method === b.method &&
  a.actor.type === b.actor.type &&
  a.actor.id === b.actor.id;

/**
 * What an entry shares with others of its agent: the order of the context columns in
 * `auditStatements.insertMany`. Its JSON text is also the batch's key for it.
 */
function encodeContext(entry: AuditEntry): string {
  return (
    `[${text(entry.orgId)},${text(entry.actor.type)},${text(entry.actor.id)},${text(entry.action)},` +
    `${text(entry.agentId)},${text(entry.connectionId)},${text(entry.method)}]`
  );
}

/**
 * One entry as a JSON array in the row order of `auditStatements.insertMany`: its context's number,
 * then what is its own, `at` as epoch milliseconds. Built by hand so that each text field is checked
 * once for what needs escaping, and only then for what jsonb refuses: a NUL or a lone UTF-16
 * surrogate (a provider's error text can carry either) is stored as U+FFFD, where `JSON.stringify`
 * would escape it into `\u0000` / `\ud800`, which PostgreSQL refuses, dropping every entry of the
 * batch with it. A lone surrogate in text that needs no escaping is turned into U+FFFD by the UTF-8
 * encoder. As fast as `JSON.stringify` of the row (bench/RESULTS.md).
 */
function encodeRow(context: number, entry: AuditEntry): string {
  return (
    `[${context},${text(entry.id)},${numberOrNull(entry.at.getTime())},${text(entry.path)},` +
    `${numberOrNull(entry.status)},${text(entry.code)},${numberOrNull(entry.durationMs)},${text(entry.requestId)}]`
  );
}
