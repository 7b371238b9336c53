import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { http } from '../support/http';
import { freePort } from '../support/process';

async function redisReachable(): Promise<boolean> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const socket = net.connect(6379, '127.0.0.1');
    socket.once('connect', () => (socket.end(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('operations endpoints', () => {
  it('logs each request with the same id as its x-request-id and never the Authorization header', async () => {
    const t = await startApp({ LOG_LEVEL: 'info' });
    try {
      const result = await http(t.baseUrl, 'GET', '/v1/orgs', {
        key: TEST_ADMIN_KEY,
        headers: { 'x-request-id': 'log-trace-42' },
      });
      expect(result.headers.get('x-request-id')).toBe('log-trace-42');
      const line = t.logs.lines.find((entry) => entry.includes('log-trace-42'));
      expect(line).toBeDefined();
      expect(JSON.parse(line!).req.id).toBe('log-trace-42');
      expect(t.logs.text()).not.toContain(TEST_ADMIN_KEY);
    } finally {
      await t.close();
    }
  });

  describe('/health/ready with REDIS_URL', () => {
    let t: TestApp | undefined;
    afterEach(async () => {
      await t?.close();
      t = undefined;
    });

    it('reports Redis up when it answers', async () => {
      if (!(await redisReachable())) {
        console.warn(
          '\n!!! Redis is not reachable on 127.0.0.1:6379: the Redis readiness check is NOT exercised !!!\n',
        );
        return;
      }
      t = await startApp({ REDIS_URL: 'redis://127.0.0.1:6379' });
      const ready = await http(t.baseUrl, 'GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.details.redis.status).toBe('up');
    });

    it('answers 503 HEALTH.NOT_READY naming redis when Redis is down', async () => {
      t = await startApp({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
      const ready = await http(t.baseUrl, 'GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.error.code).toBe('HEALTH.NOT_READY');
      expect(ready.body.error.message).toContain('redis');
    });
  });
});
