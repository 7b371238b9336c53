import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startApp, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { http } from '../support/http';
import { SeededOrg, seedOrg } from '../support/seed';
import { waitUntil } from '../support/wait-until';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli', 'plugboard.js');

interface Tail {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Starts `plugboard audit tail …` as a user would, signed in through the environment. */
function tail(home: string, t: TestApp, org: SeededOrg, args: string[]): Tail {
  let stdout = '';
  let stderr = '';
  const child = spawn(process.execPath, [CLI, 'audit', 'tail', ...args], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, 'config'),
      PLUGBOARD_URL: t.baseUrl,
      PLUGBOARD_API_KEY: org.key,
      PLUGBOARD_ORG_ID: org.id,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function insertEntries(orgId: string, count: number, action = 'proxy.request'): Promise<void> {
  await sql(
    `INSERT INTO audit_entries (id, organization_id, at, actor_type, action, method, path, status, request_id)
     SELECT gen_random_uuid(), $1, now() - make_interval(secs => n / 1000.0), 'system', $3,
            'GET', '/proxy/slack/item-' || n, 200, 'cli-' || n
       FROM generate_series(1, $2::int) AS n`,
    [orgId, count, action],
  );
}

describe('plugboard audit tail', () => {
  let t: TestApp;
  let home: string;
  const running: Tail[] = [];

  beforeAll(async () => {
    t = await startApp();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'plugboard-cli-audit-'));
  });
  afterAll(async () => {
    for (const process of running) if (process.child.exitCode === null) process.child.kill('SIGKILL');
    await t.close();
    await closeSql();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('prints the newest entries oldest first as JSON lines, follows new ones, and stops with Ctrl-C (exit 0)', async () => {
    const org = await seedOrg(t.baseUrl);
    await insertEntries(org.id, 30);
    const run = tail(home, t, org, ['--json', '--lines', '5']);
    running.push(run);
    const lines = () =>
      run
        .stdout()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { action: string; path: string | null; agentId: string | null });
    await waitUntil(
      async () => lines(),
      (seen) => seen.length >= 5,
      { timeoutMs: 15_000 },
    );
    // following starts once what was already there is known (a moment after the first lines)
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(lines().map((entry) => entry.path)).toEqual([5, 4, 3, 2, 1].map((n) => `/proxy/slack/item-${n}`));

    const agent = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/agents`, {
      key: org.key,
      body: { name: 'tailed' },
    });
    await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/agents/${agent.body.id}/worker-tokens`, {
      key: org.key,
      body: {},
    });
    await waitUntil(
      async () => lines(),
      (seen) => seen.length >= 6,
      { timeoutMs: 15_000 },
    );
    expect(lines()[5]).toMatchObject({ action: 'worker_token.created', agentId: agent.body.id });

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(lines()).toHaveLength(6);
  }, 40_000);

  it('prints one line per entry for people, filtered by action', async () => {
    const org = await seedOrg(t.baseUrl);
    await insertEntries(org.id, 3, 'access_token.issued');
    await insertEntries(org.id, 4);
    const run = tail(home, t, org, ['--action', 'access_token.issued']);
    running.push(run);
    const lines = () => run.stdout().split('\n').filter(Boolean);
    await waitUntil(
      async () => run.stderr(),
      (text) => text.includes('Following new entries'),
      { timeoutMs: 15_000 },
    );
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(lines()).toHaveLength(3);
    for (const line of lines())
      expect(line).toMatch(/^\S+Z {2}access_token\.issued {2}system {2}GET \/proxy\/slack\/item-\d {2}→ 200/);
    expect(run.stderr()).toContain('Following new entries (Ctrl-C stops)');
  }, 40_000);

  it('refuses an unknown action with exit code 2', async () => {
    const org = await seedOrg(t.baseUrl);
    const run = tail(home, t, org, ['--action', 'everything']);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('--action must be one of');
  });
});
