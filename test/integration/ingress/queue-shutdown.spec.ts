import * as net from 'node:net';
import { randomUUID } from 'node:crypto';
import { startApp } from '../../support/app';
import { closeSql } from '../../support/db';
import { http } from '../../support/http';
import { waitUntil } from '../../support/wait-until';

const REDIS = { host: '127.0.0.1', port: 6379 };
/** How long the relay holds back what Redis says after a connection's second INFO. */
const HOLD_MS = 1_500;

/**
 * A relay in front of the real Redis that, on each connection, holds back Redis's answers from the
 * connection's second INFO on. ioredis sends the first (its ready check); BullMQ sends the second
 * (its version check) once ioredis is ready. So a BullMQ object stays "still starting" for HOLD_MS
 * with its connection ready, while the app's own client (one INFO, then PINGs) answers at once.
 */
async function startRedisSlowForBullMq(): Promise<{
  url: string;
  /** Connections whose answers are being held back: BullMQ objects still starting. */
  holding: () => number;
  close: () => Promise<void>;
}> {
  const sockets = new Set<net.Socket>();
  let holding = 0;
  const server = net.createServer((client) => {
    const redis = net.connect(REDIS);
    sockets.add(client).add(redis);
    let infos = 0;
    client.on('data', (chunk) => {
      const before = infos;
      infos += chunk.toString('latin1').match(/\binfo\r\n/gi)?.length ?? 0;
      if (before < 2 && infos >= 2) holding++;
      redis.write(chunk);
    });
    redis.on('data', (chunk) => {
      const pass = () => client.destroyed || client.write(chunk);
      // equal delays keep the order: timers of the same length fire in the order they were set
      if (infos >= 2) setTimeout(pass, HOLD_MS);
      else pass();
    });
    const end = () => {
      client.destroy();
      redis.destroy();
    };
    client.on('close', end).on('error', end);
    redis.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    holding: () => holding,
    close: async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function redisReachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(REDIS, () => resolve(!!socket.end()));
    socket.on('error', () => resolve(false));
  });
}

describe('closing while the delivery queue is still starting', () => {
  jest.setTimeout(60_000);
  afterAll(() => closeSql());

  it('waits for BullMQ to finish starting instead of leaving it an error nobody listens to', async () => {
    if (!(await redisReachable())) throw new Error('Redis must run on 127.0.0.1:6379 for this test');
    const slow = await startRedisSlowForBullMq();
    const unhandled: unknown[] = [];
    const collect = (error: unknown) => unhandled.push(error);
    process.on('unhandledRejection', collect);
    try {
      const t = await startApp({
        REDIS_URL: slow.url,
        QUEUE_PREFIX: `pbtest-shutdown-${randomUUID().slice(0, 8)}`,
      });
      // the app's client answers; the producer and the consumer, created once it did, are still
      // waiting for Redis's version when the app closes
      const ready = await http(t.baseUrl, 'GET', '/health/ready');
      expect(ready.body.details.redis.status).toBe('up');
      // the producer's connection, and the consumer's two (its blocking one too)
      expect(
        await waitUntil(
          async () => slow.holding(),
          (count) => count >= 3,
        ),
      ).toBe(3);
      await t.close();
      // an error a BullMQ object could still raise comes once its held-back answer would have
      await new Promise((resolve) => setTimeout(resolve, 2 * HOLD_MS));
      expect(unhandled.map(String)).toEqual([]);
    } finally {
      process.off('unhandledRejection', collect);
      await slow.close();
    }
  });
});
