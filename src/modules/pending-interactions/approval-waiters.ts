import { Injectable } from '@nestjs/common';
import { ChangeChannel, ChangeListener } from '../../database';

/** The change channel's topic a claimed or removed approval is announced on: `approval:<orgId>/<id>`. */
const TOPIC = 'approval:';

/**
 * One held request's wait for its approval to be decided, in memory: it holds no database
 * connection. A wake that arrives between two looks is remembered, so none is missed.
 */
export class ApprovalWatch {
  private woken = false;
  private wakeSleeper?: () => void;

  constructor(private readonly stop: (watch: ApprovalWatch) => void) {}

  wake(): void {
    this.woken = true;
    this.wakeSleeper?.();
  }

  /** Until woken (or already woken since the last sleep), `untilMs`, or the signal. */
  async sleep(untilMs: number, signal: AbortSignal): Promise<void> {
    if (!this.woken && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          this.wakeSleeper = undefined;
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, untilMs - Date.now()));
        signal.addEventListener('abort', done, { once: true });
        this.wakeSleeper = done;
      });
    }
    this.woken = false;
  }

  close(): void {
    this.stop(this);
  }
}

/**
 * Wakes held requests when their approval is claimed anywhere: the claiming statement's trigger
 * notifies every process after commit (a click may reach any replica). When the channel is lost
 * or back, every watch looks again, since an announcement may have been missed.
 */
@Injectable()
export class ApprovalWaiters implements ChangeListener {
  private readonly watches = new Map<string, Set<ApprovalWatch>>();

  constructor(channel: ChangeChannel) {
    channel.listen(this);
  }

  watch(orgId: string, interactionId: string): ApprovalWatch {
    const key = `${orgId}/${interactionId}`;
    let watches = this.watches.get(key);
    if (!watches) this.watches.set(key, (watches = new Set()));
    const watch = new ApprovalWatch((closed) => {
      const current = this.watches.get(key);
      current?.delete(closed);
      if (current?.size === 0) this.watches.delete(key);
    });
    watches.add(watch);
    return watch;
  }

  onChange(tag: string): void {
    if (!tag.startsWith(TOPIC)) return;
    for (const watch of this.watches.get(tag.slice(TOPIC.length)) ?? []) watch.wake();
  }

  onReset(): void {
    for (const watches of this.watches.values()) for (const watch of watches) watch.wake();
  }
}
