import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config';
import { RedisConnections } from '../../shared/redis-connections';
import { AcceptLease, ClaimedDelivery } from './deliveries.repository';
import { DispatchDeliveryUseCase } from './dispatch-delivery.usecase';

/** A lease for an accept's rows, with when it was made (a held row's wait counts from then). */
export interface DispatcherLease extends AcceptLease {
  reservedAt: number;
}

/** A row leased at insert waiting in memory for a slot. */
interface HeldRow {
  row: ClaimedDelivery;
  token: string;
  reservedAt: number;
}

/** POSTs under way at once in one process. */
const CONCURRENCY = 32;
/**
 * Rows an accept may lease to this process beyond its free slots: they wait here, in arrival order,
 * and take the next slots that free up, so under a backlog the rows POSTed during the load need no
 * claim statement (a claimed row costs the database about what its insert does; bench/RESULTS.md).
 * As many as the slots: a held row waits for at most one round of the POSTs under way, within its
 * hold limit unless receivers run into their timeouts (then it is released, see startHeld).
 */
const MAX_HELD = CONCURRENCY;
/** Claim again once this many slots are free (claims stay batched under a backlog). */
const REFILL_AT = CONCURRENCY / 2;
/** Rows of other processes, and rows abandoned by a process that died, are found at least this often. */
const POLL_INTERVAL_MS = 1_000;
/** A retry's due time is set by the database clock a moment after ours: wake a little after it. */
const RETRY_WAKE_MARGIN_MS = 25;
/** Beyond this many remembered due times, the poll alone finds the rest. */
const MAX_REMEMBERED_RETRIES = 1_000;

/**
 * Delivery without Redis: claims due rows in batches (new, due retries, abandoned leases) and POSTs
 * them with bounded concurrency, in any number of processes at once (the claim skips locked rows).
 * PostgreSQL holds the schedule: a retry is a row whose next attempt is due later, so retries
 * survive restarts. Accepts wake it after their commit; its own retries wake it when they come
 * due; a poll finds the rest. Runs in processes whose role dispatches (`all`, `worker`) and only
 * when there is no Redis; with Redis, BullMQ consumers dispatch, and this process only steps in for
 * single rows while Redis is unreachable (dispatchById).
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryDispatcher.name);
  private readonly inFlight = new Set<Promise<void>>();
  /** Slots promised to accepts whose insert (which leases rows to this process) is under way. */
  private reserved = 0;
  /** Rows leased at insert while every slot was busy, oldest first. */
  private held: HeldRow[] = [];
  private running = false;
  /** A wake arrived while claiming or while every slot was busy. */
  private wanted = false;
  /** The last claim filled every free slot: more rows may be due. */
  private backlog = false;
  private closing = false;
  private poll?: NodeJS.Timeout;
  /** When this process's own retries come due (a poll would find them too, up to a second late). */
  private readonly retriesDue: number[] = [];
  private retryTimer?: { at: number; timer: NodeJS.Timeout };

  constructor(
    private readonly dispatcher: DispatchDeliveryUseCase,
    private readonly redis: RedisConnections,
    private readonly config: AppConfig,
  ) {}

  /** Whether this process runs the claim loop. */
  get enabled(): boolean {
    return !this.redis.isEnabled && this.config.processRole !== 'api';
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.poll = setInterval(() => this.wake(), POLL_INTERVAL_MS);
    this.poll.unref();
    this.wake();
  }

  /** Something may be due now (an accept committed, a retry came due); cheap to call often. */
  wake(delayMs = 0): void {
    if (!this.enabled || this.closing) return;
    if (delayMs > 0) return this.wakeAt(Date.now() + delayMs);
    this.wanted = true;
    if (!this.running && this.occupied <= CONCURRENCY - (this.backlog ? REFILL_AT : 1)) void this.run();
  }

  /**
   * Room for a batch of accepts about to be inserted: the insert stores that many of its rows
   * already leased to this process (no claim statement for them), and `takeLeased` starts them in
   * free slots or holds them until slots free up. Their lease is longer than a claim's by the
   * longest a held row may wait, so a row started from memory has a whole dispatch lease left.
   * Null when this process does not dispatch or has no room.
   */
  reserveForAccepts(rows: number): DispatcherLease | null {
    if (!this.enabled || this.closing) return null;
    const limit = Math.min(rows, CONCURRENCY + MAX_HELD - this.occupied);
    if (limit <= 0) return null;
    this.reserved += limit;
    return {
      token: randomUUID(),
      leaseMs: this.dispatcher.leaseMs + this.holdLimitMs,
      limit,
      reservedAt: performance.now(),
    };
  }

  /** The rows the insert leased under `lease` (none if it failed): POSTed now or held; the rest of the room freed. */
  takeLeased(lease: DispatcherLease, rows: ClaimedDelivery[]): void {
    this.reserved -= lease.limit;
    // while closing, a leased row is left to its lease: another process (or this one restarted) takes it after
    if (!this.closing)
      for (const row of rows) this.held.push({ row, token: lease.token, reservedAt: lease.reservedAt });
    this.startHeld();
    if (this.wanted || this.backlog) this.wake();
  }

  /** How long a row leased at insert may wait for a slot: one POST's timeout. */
  private get holdLimitMs(): number {
    return this.config.delivery.timeoutMs;
  }

  /** Rows in flight, promised to inserts under way, or held: a claim takes only what is left of the slots. */
  private get occupied(): number {
    return this.inFlight.size + this.reserved + this.held.length;
  }

  /**
   * Held rows into free slots, oldest first. One that waited past the hold limit (the event loop
   * stalled, or POSTs outlasted their timeouts) is not started on what is left of its lease: it is
   * released for any dispatcher to claim, or left to its lease if the release fails.
   */
  private startHeld(): void {
    const stale: HeldRow[] = [];
    const now = performance.now();
    while (this.held.length > 0 && this.inFlight.size < CONCURRENCY) {
      const next = this.held.shift()!;
      if (now - next.reservedAt > this.holdLimitMs) stale.push(next);
      else this.start(next.row, next.token);
    }
    if (stale.length > 0) void this.release(stale);
  }

  private async release(rows: HeldRow[]): Promise<void> {
    try {
      await this.dispatcher.releaseUnstarted(rows.map(({ row, token }) => ({ id: row.id, token })));
      this.wake();
    } catch (error) {
      this.logger.warn(
        { err: error, rows: rows.length },
        'releasing held deliveries failed; their leases will run out',
      );
    }
  }

  /** One row, now, in this process (the outbox's fallback while Redis is unreachable). */
  dispatchById(deliveryId: string): void {
    if (this.closing) return;
    this.track(
      this.dispatcher.execute(deliveryId).then(() => undefined),
      deliveryId,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.poll);
    clearTimeout(this.retryTimer?.timer);
    // held rows were never POSTed: another process may take them now instead of after their lease
    const held = this.held;
    this.held = [];
    if (held.length > 0) await this.release(held);
    while (this.running || this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
      if (this.running) await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.wanted && !this.closing) {
        this.wanted = false;
        const free = CONCURRENCY - this.occupied;
        if (free <= 0) {
          this.wanted = true;
          break;
        }
        const token = randomUUID();
        let rows: ClaimedDelivery[];
        try {
          rows = await this.dispatcher.claimDue(free, token);
        } catch (error) {
          // the poll tries again; a database outage must not spin this loop
          this.logger.warn({ err: error }, 'claiming due deliveries failed');
          break;
        }
        this.backlog = rows.length === free;
        if (this.backlog) this.wanted = true;
        for (const row of rows) this.start(row, token);
      }
    } finally {
      this.running = false;
    }
  }

  private start(row: ClaimedDelivery, token: string): void {
    const run = this.dispatcher.dispatchClaimed(row, token, { singleAttempt: false }).then((result) => {
      if (result.outcome === 'retry' && result.retry) this.wake(result.retry.delayMs + RETRY_WAKE_MARGIN_MS);
    });
    this.track(run, row.id);
  }

  private track(work: Promise<void>, deliveryId: string): void {
    const run: Promise<void> = work
      .catch((error: unknown) => this.logger.error({ err: error, deliveryId }, 'dispatch failed'))
      .finally(() => {
        this.inFlight.delete(run);
        this.startHeld();
        if (this.wanted || this.backlog) this.wake();
      });
    this.inFlight.add(run);
  }

  private wakeAt(at: number): void {
    if (this.retriesDue.length < MAX_REMEMBERED_RETRIES) this.retriesDue.push(at);
    this.scheduleRetryWake();
  }

  private scheduleRetryWake(): void {
    const now = Date.now();
    const pending = this.retriesDue.filter((at) => at > now);
    this.retriesDue.splice(0, this.retriesDue.length, ...pending);
    if (pending.length === 0) return;
    const next = Math.min(...pending);
    if (this.retryTimer && this.retryTimer.at <= next) return;
    clearTimeout(this.retryTimer?.timer);
    const timer = setTimeout(() => {
      this.retryTimer = undefined;
      this.wake();
      this.scheduleRetryWake();
    }, next - now);
    timer.unref();
    this.retryTimer = { at: next, timer };
  }
}
