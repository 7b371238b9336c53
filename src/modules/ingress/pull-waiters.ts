import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ChangeChannel, ChangeListener } from '../../database';

/** The change channel's topic for "an integration has deliveries to pull": `pull:<integrationId>/<sender>`. */
const TOPIC = 'pull:';
/** Past this many remembered integrations the generations start over (a spurious re-check at worst). */
const MAX_GENERATIONS = 10_000;

interface Waiter {
  resolve(woken: boolean): void;
}

/**
 * Long polls waiting for deliveries, held in memory: a waiting pull holds no database connection,
 * only a place in its integration's queue. A new delivery (accepted here, or announced by another
 * process through the change channel's own session, never a pooled connection) wakes the oldest
 * waiter of its integration only; that waiter claims, and hands on to the next when it took a full
 * batch (more may be waiting). So however many pulls wait on one integration, a delivery costs one
 * claim, and the pool of 10 connections serves everything else meanwhile.
 *
 * Each integration also has a generation, bumped by every announcement: a puller notes it before
 * its claim and, if it moved while the claim ran (a delivery it could not have seen), claims again
 * instead of going to sleep on it.
 */
@Injectable()
export class PullWaiters implements ChangeListener {
  private readonly queues = new Map<string, Waiter[]>();
  private readonly generations = new Map<string, number>();
  private counter = 0;
  /** Tells this process's own announcements apart when the channel echoes them back. */
  private readonly sender = randomUUID().slice(0, 8);

  constructor(private readonly channel: ChangeChannel) {
    channel.listen(this);
  }

  /** Whether a notification from another process can be relied on to wake a waiter. */
  get channelIsLive(): boolean {
    return this.channel.isLive;
  }

  generation(integrationId: string): number {
    return this.generations.get(integrationId) ?? 0;
  }

  /** Deliveries of these integrations are pullable now: wake a waiter here and in every other process. */
  announce(integrationIds: Iterable<string>): void {
    for (const integrationId of new Set(integrationIds)) {
      this.wake(integrationId);
      this.channel.notify(`${TOPIC}${integrationId}/${this.sender}`);
    }
  }

  /** A waiter took a full batch: more may be waiting, so the next waiter looks too. */
  handOn(integrationId: string): void {
    this.wake(integrationId);
  }

  /**
   * Waits until woken (true), or until `untilMs` or the signal (false). Waiters of one integration
   * are woken oldest first, one per wake.
   */
  wait(integrationId: string, untilMs: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      let queue = this.queues.get(integrationId);
      if (!queue) this.queues.set(integrationId, (queue = []));
      const waiter: Waiter = {
        resolve: (woken) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(woken);
        },
      };
      const leave = () => {
        const waiting = this.queues.get(integrationId);
        const index = waiting?.indexOf(waiter) ?? -1;
        if (index >= 0) waiting!.splice(index, 1);
        if (waiting?.length === 0) this.queues.delete(integrationId);
        waiter.resolve(false);
      };
      const onAbort = () => leave();
      const timer = setTimeout(leave, Math.max(0, untilMs - Date.now()));
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
    });
  }

  onChange(tag: string): void {
    if (!tag.startsWith(TOPIC)) return;
    const [integrationId, sender] = tag.slice(TOPIC.length).split('/');
    if (sender !== this.sender && integrationId) this.wake(integrationId);
  }

  /** The channel was lost or is back: announcements may have been missed, so every queue looks again. */
  onReset(): void {
    for (const integrationId of [...this.queues.keys()]) this.wake(integrationId);
  }

  private wake(integrationId: string): void {
    if (this.generations.size >= MAX_GENERATIONS && !this.generations.has(integrationId))
      this.generations.clear();
    this.generations.set(integrationId, ++this.counter);
    const queue = this.queues.get(integrationId);
    const waiter = queue?.shift();
    if (queue?.length === 0) this.queues.delete(integrationId);
    waiter?.resolve(true);
  }
}
