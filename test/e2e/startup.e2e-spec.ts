import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { http } from '../support/http';
import { TEST_ADMIN_KEY, testEnv } from '../support/app';
import { freePort, spawnPlugboard, stopProcess, WORKER_JS, waitForStatus } from '../support/process';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('node dist/main.js', () => {
  describe('configuration', () => {
    it.each([
      ['PORT', 'seventy'],
      ['INGRESS_MAX_BODY_BYTES', '-5'],
      ['DATABASE_URL', 'mysql://nope'],
      ['ENCRYPTION_KEYS', 'no-colon-here'],
      ['LOG_LEVEL', 'loud'],
      ['RATE_LIMIT_API_PER_MINUTE', '-1'],
      ['REQUEST_TIMEOUT_MS', '0'],
      ['TRUST_PROXY', 'everyone'],
    ])('exits 1 with one line naming %s when it is invalid', async (variable, value) => {
      const started = await spawnPlugboard({ ...testEnv(), [variable]: value });
      const code = await started.exited;
      expect(code).toBe(1);
      const lines = started.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(variable);
    });

    it('accepts short positive values such as PENDING_INTERACTION_TTL_SECONDS=2', async () => {
      const started = await spawnPlugboard({
        ...testEnv(),
        PENDING_INTERACTION_TTL_SECONDS: '2',
        INGRESS_MAX_BODY_BYTES: '4096',
      });
      await waitForStatus(started);
      expect(await stopProcess(started)).toBe(0);
    });
  });

  describe('embedded PostgreSQL (no DATABASE_URL)', () => {
    let dataDir: string;
    beforeAll(() => {
      // mkdtemp makes a 0700 directory: the cluster must not depend on its parents being world-readable
      dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plugboard-embedded-')), 'data');
    });

    afterAll(() => {
      const recorded = path.join(dataDir, 'postgres-location');
      if (fs.existsSync(recorded))
        fs.rmSync(fs.readFileSync(recorded, 'utf8').trim(), { recursive: true, force: true });
      fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
    });

    const env = () => ({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });

    it('starts, prints where the admin key is, keeps data across a clean restart and recovers after SIGKILL', async () => {
      const first = await spawnPlugboard(env());
      await waitForStatus(first, '/health/ready', 200, 60_000);
      expect(first.output()).toContain(path.join(dataDir, 'admin-key'));
      const adminKey = fs.readFileSync(path.join(dataDir, 'admin-key'), 'utf8').trim();
      expect(first.output()).toContain(adminKey);
      const created = await http(first.baseUrl, 'POST', '/v1/orgs', {
        key: adminKey,
        body: { name: 'survives' },
      });
      expect(created.status).toBe(201);
      expect(await stopProcess(first, 'SIGTERM')).toBe(0);

      const second = await spawnPlugboard(env());
      await waitForStatus(second, '/health/ready', 200, 60_000);
      expect(second.output()).not.toContain(adminKey); // printed once, at first start only
      const read = await http(second.baseUrl, 'GET', `/v1/orgs/${created.body.id}`, { key: adminKey });
      expect(read.status).toBe(200);
      const postmasterPid = Number(
        /embedded PostgreSQL listening on [^ ]+ \(pid (\d+)\)/.exec(second.output())?.[1],
      );
      second.child.kill('SIGKILL');
      await second.exited;
      expect(isAlive(postmasterPid)).toBe(true); // the orphan that used to block the next start

      const third = await spawnPlugboard(env());
      await waitForStatus(third, '/health/ready', 200, 60_000);
      expect(
        (await http(third.baseUrl, 'GET', `/v1/orgs/${created.body.id}`, { key: adminKey })).status,
      ).toBe(200);
      const thirdPid = Number(
        /embedded PostgreSQL listening on [^ ]+ \(pid (\d+)\)/.exec(third.output())?.[1],
      );
      expect(await stopProcess(third, 'SIGINT')).toBe(0);
      expect(isAlive(thirdPid)).toBe(false);
    }, 180_000);
  });
});

describe('node dist/worker.js', () => {
  it('answers only /health and /metrics on WORKER_PORT and 404 for API routes', async () => {
    const workerPort = await freePort();
    const worker = await spawnPlugboard({ ...testEnv(), WORKER_PORT: String(workerPort) }, WORKER_JS);
    const target = { ...worker, baseUrl: `http://127.0.0.1:${workerPort}` };
    await waitForStatus(target, '/health/ready', 200, 30_000);
    expect((await http(target.baseUrl, 'GET', '/metrics')).status).toBe(200);
    const api = await http(target.baseUrl, 'POST', '/v1/orgs', { key: TEST_ADMIN_KEY, body: { name: 'no' } });
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('ROUTE.NOT_FOUND');
    expect(await stopProcess(worker)).toBe(0);
  });

  it('refuses to start without DATABASE_URL (a worker must share the API database)', async () => {
    const { DATABASE_URL: _omitted, ...env } = testEnv();
    const worker = await spawnPlugboard(env, WORKER_JS);
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain('DATABASE_URL');
  });
});
