import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { AppConfig } from '../config';
import { withTimeout } from './with-timeout';

/**
 * The one place Redis connections are made. Without REDIS_URL nothing here connects. Producers and
 * the shared client fail fast (no offline queue) so a Redis outage turns into an `enqueue → failed`
 * outcome or a lock fallback, never a request hanging on a reconnect loop.
 */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private shared?: Redis;
  private readonly created: Redis[] = [];
  private closing = false;

  constructor(private readonly config: AppConfig) {}

  get isEnabled(): boolean {
    return this.config.redis.url !== undefined;
  }

  /** Shared client for locks and readiness; commands fail at once while Redis is down. */
  client(): Redis {
    this.shared ??= this.create({ enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    return this.shared;
  }

  /**
   * The shared client, once connected (or failing after `timeoutMs`). Without an offline queue a
   * command sent while the first connect is still in flight fails, so callers that may run right
   * after start-up wait here first.
   */
  async readyClient(timeoutMs = 1000): Promise<Redis> {
    const client = this.client();
    if (client.status === 'ready') return client;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.off('ready', onReady);
        reject(new Error(`Redis not ready within ${timeoutMs} ms (status ${client.status})`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      client.once('ready', onReady);
    });
    return client;
  }

  /** True once the shared client is connected. */
  get isReady(): boolean {
    return this.shared?.status === 'ready';
  }

  /**
   * Runs `start` once the shared client is first connected (at once if it is), never after shutdown
   * began. BullMQ objects start here: one closed while its first connect is still failing rejects
   * its start-up after it dropped its error listeners, an uncaught error.
   */
  onceReady(start: () => void): void {
    const client = this.client();
    const run = () => {
      if (!this.closing) start();
    };
    if (client.status === 'ready') run();
    else client.once('ready', run);
  }

  /**
   * From here on no client reconnects, BullMQ's included (they share the retry strategy). BullMQ's
   * Worker.close waits for its blocking client to end; a client reconnecting to a Redis that is down
   * never does, and shutdown would hang.
   */
  stopReconnecting(): void {
    this.closing = true;
  }

  /** For BullMQ Queue (producer) instances. */
  producerOptions(): RedisOptions {
    return {
      ...this.baseOptions(),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
    };
  }

  /** BullMQ workers need blocking commands that wait through reconnects. */
  workerOptions(): RedisOptions {
    return { ...this.baseOptions(), maxRetriesPerRequest: null, connectTimeout: 2000 };
  }

  private baseOptions(): RedisOptions {
    const url = new URL(this.requireUrl());
    return {
      host: url.hostname,
      port: Number(url.port || 6379),
      username: url.username || undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
      tls: url.protocol === 'rediss:' ? {} : undefined,
      lazyConnect: false,
      retryStrategy: (attempt) => (this.closing ? null : Math.min(attempt * 200, 2000)),
    };
  }

  private create(options: RedisOptions): Redis {
    const client = new Redis({ ...this.baseOptions(), ...options });
    // errors surface on commands; an unhandled 'error' event would crash the process
    client.on('error', () => undefined);
    this.created.push(client);
    return client;
  }

  private requireUrl(): string {
    if (!this.config.redis.url) throw new Error('REDIS_URL is not set');
    return this.config.redis.url;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopReconnecting();
    // disconnect() also stops the reconnect timer of a client whose Redis is down
    await Promise.all(
      this.created.map((client) =>
        client
          .quit()
          .catch(() => undefined)
          .finally(() => client.disconnect()),
      ),
    );
  }
}

/**
 * Lets a BullMQ Queue or Worker finish starting before it is closed (bounded by `timeoutMs`).
 * Closed while its Redis version check is in flight, BullMQ drops its error listeners and then
 * reports that check's failure as an 'error' event nobody hears: an uncaught error at shutdown
 * (test/integration/ingress/queue-shutdown.spec.ts).
 */
export async function finishStarting(
  target: { waitUntilReady(): Promise<unknown> },
  timeoutMs: number,
): Promise<void> {
  await withTimeout(target.waitUntilReady(), timeoutMs).catch(() => undefined);
}
