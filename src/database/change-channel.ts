import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Client } from 'pg';
import { AppConfig } from '../config';

/** The channel the row triggers of the ChangeNotifications migration publish on. */
export const CHANGE_CHANNEL = 'plugboard_changes';
/** How listening sessions name themselves in pg_stat_activity (tests terminate them by it). */
export const LISTEN_APPLICATION_NAME = 'plugboard-listen';

const HEARTBEAT_INTERVAL_MS = 1_000;
/** A heartbeat unanswered this long means the session is gone even if TCP has not said so. */
const HEARTBEAT_TIMEOUT_MS = 2_000;
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 2_000;
const FIRST_CONNECT_WAIT_MS = 3_000;

export interface ChangeListener {
  /** `tag` is `<topic>:<id>`, e.g. `connection:6f1c…`, heard only after the change committed. */
  onChange(tag: string): void;
  /** The channel was lost or came back: anything may have changed unheard, so forget everything. */
  onReset(): void;
}

/**
 * One LISTEN session per process, on a dedicated connection (never a pooled one: a pooled session
 * may be handed to other work, and transaction-pooling PgBouncer drops LISTEN). While the session
 * is up and answering heartbeats the channel is live and caches may serve from memory; the moment
 * it is lost every listener is reset and stays uncached until the session is back. Reconnects run
 * in the background with a capped backoff.
 */
@Injectable()
export class ChangeChannel implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ChangeChannel.name);
  private readonly listeners = new Set<ChangeListener>();
  private readonly url: string | undefined;
  private client?: Client;
  private live = false;
  private closing = false;
  private failures = 0;
  private heartbeat?: NodeJS.Timeout;
  private heartbeatPending = false;
  /** Tags to send, and whether a send is under way (see sendOutgoing). */
  private readonly outgoing = new Set<string>();
  private sending = false;
  private reconnectTimer?: NodeJS.Timeout;
  private lastFailureLog = 0;
  /** Sessions already given up on: their late 'error'/'end' events must not start another reconnect. */
  private readonly abandoned = new WeakSet<Client>();

  constructor(config: AppConfig) {
    this.url = config.database.listenUrl ?? config.database.url;
  }

  get isLive(): boolean {
    return this.live;
  }

  /** Returns the unsubscribe function. */
  listen(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * For the process that made a change: its own caches forget at once, without waiting the moment
   * its notification takes to come back (read-your-writes for the caller who deleted something).
   */
  announce(tag: string): void {
    this.publish(tag);
  }

  /**
   * Sends `tag` to every process (this one included), best effort: nothing is sent while the
   * session is down. For news that is not a row change (a rate-limit block), which no trigger sends.
   */
  notify(tag: string): void {
    if (!this.client || !this.live) return;
    this.outgoing.add(tag);
    this.sendOutgoing();
  }

  /** Waits a little for the first session so the caches work from the first request. */
  async onApplicationBootstrap(): Promise<void> {
    const first = this.connect();
    await Promise.race([first, new Promise((resolve) => setTimeout(resolve, FIRST_CONNECT_WAIT_MS).unref())]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.drop();
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closing || !this.url) return;
    const client = new Client({
      connectionString: this.url,
      application_name: LISTEN_APPLICATION_NAME,
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
    });
    client.on('error', (error) => this.lose(client, error));
    client.on('end', () => this.lose(client, new Error('listen session ended')));
    client.on('notification', (message) => {
      if (client === this.client && message.channel === CHANGE_CHANNEL && message.payload)
        this.publish(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      this.lose(client, error);
      return;
    }
    if (this.closing) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    // Whatever changed before LISTEN took effect was never heard: start from empty caches.
    this.resetListeners();
    this.live = true;
    if (this.failures > 0) this.logger.log('change channel is back; caches serve from memory again');
    this.failures = 0;
    this.heartbeat = setInterval(() => this.beat(client), HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
  }

  private beat(client: Client): void {
    // a send under way answers for the session as well (it has the same timeout)
    if (this.heartbeatPending || this.sending) return;
    this.heartbeatPending = true;
    const timeout = setTimeout(
      () => this.lose(client, new Error('heartbeat unanswered')),
      HEARTBEAT_TIMEOUT_MS,
    );
    client
      .query('SELECT 1')
      .catch((error: unknown) => this.lose(client, error))
      .finally(() => {
        clearTimeout(timeout);
        if (client !== this.client) return;
        this.heartbeatPending = false;
        this.sendOutgoing();
      });
  }

  /**
   * Every tag announced while the session was busy goes out in one statement (one transaction,
   * one commit), and the session never runs two statements at once: a burst of pull-mode accepts
   * used to queue one `pg_notify` per accept on it, which pg only tolerates with a deprecation
   * warning. Best effort like any notification: a send that fails is not retried.
   */
  private sendOutgoing(): void {
    const client = this.client;
    if (this.sending || this.heartbeatPending || !client || this.outgoing.size === 0) return;
    const tags = [...this.outgoing];
    this.outgoing.clear();
    this.sending = true;
    const timeout = setTimeout(
      () => this.lose(client, new Error('notification unanswered')),
      HEARTBEAT_TIMEOUT_MS,
    );
    client
      .query('SELECT pg_notify($1, tag) FROM unnest($2::text[]) AS tag', [CHANGE_CHANNEL, tags])
      .catch(() => undefined)
      .finally(() => {
        clearTimeout(timeout);
        // a session given up on meanwhile leaves the state to its successor
        if (client !== this.client) return;
        this.sending = false;
        this.sendOutgoing();
      });
  }

  private lose(client: Client, error: unknown): void {
    if (this.closing || this.abandoned.has(client)) return;
    this.abandoned.add(client);
    // a client that never became current (its connect failed) still needs closing and a retry
    if (client === this.client) {
      this.drop();
      this.logger.warn(
        { errorMessage: error instanceof Error ? error.message : String(error) },
        'change channel lost; caches dropped, every lookup reads the database until it is back',
      );
    } else {
      this.logFailure(error);
    }
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private drop(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.heartbeatPending = false;
    this.outgoing.clear();
    this.sending = false;
    this.client = undefined;
    this.live = false;
    this.resetListeners();
  }

  private scheduleReconnect(): void {
    if (this.closing || this.reconnectTimer) return;
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.failures);
    this.failures++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }

  private logFailure(error: unknown): void {
    const now = Date.now();
    if (now - this.lastFailureLog < 10_000) return;
    this.lastFailureLog = now;
    this.logger.warn(
      { errorMessage: error instanceof Error ? error.message : String(error) },
      'change channel cannot connect; caches stay off until it does',
    );
  }

  private publish(tag: string): void {
    for (const listener of this.listeners) listener.onChange(tag);
  }

  private resetListeners(): void {
    for (const listener of this.listeners) listener.onReset();
  }
}
