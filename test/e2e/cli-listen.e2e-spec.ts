import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startApp, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { acceptWebhook, pull, seedPullIntegration } from '../support/pull';
import { seedIntegration, seedOrg, SeededOrg } from '../support/seed';
import { waitUntil } from '../support/wait-until';
import { WebhookReceiver } from '../support/webhook-receiver';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli', 'plugboard.js');

interface Listening {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

describe('plugboard listen (node dist/cli/plugboard.js listen)', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let receiver: WebhookReceiver;
  let home: string;
  const running: Listening[] = [];

  beforeAll(async () => {
    t = await startApp();
    receiver = await WebhookReceiver.start();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'plugboard-listen-'));
  });
  afterEach(() => {
    receiver.respondOk();
    for (const listening of running.splice(0)) listening.child.kill('SIGKILL');
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
    await closeSql();
    fs.rmSync(home, { recursive: true, force: true });
  });

  function plugboard(args: string[], env: Record<string, string> = {}): Listening {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, 'config'),
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.end();
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    const listening = { child, stdout: () => stdout, stderr: () => stderr, exited };
    running.push(listening);
    return listening;
  }

  const signedIn = (org: SeededOrg) => ({
    PLUGBOARD_URL: t.baseUrl,
    PLUGBOARD_API_KEY: org.key,
    PLUGBOARD_ORG_ID: org.id,
  });

  async function pullSetup() {
    const org = await seedOrg(t.baseUrl);
    const integration = await seedPullIntegration(t.baseUrl, org);
    const receiverPath = `local-${integration.id.slice(0, 8)}`;
    // the local server holds the delivery secret it was shown at creation; the CLI never sees it
    receiver.setSecret(receiverPath, integration.deliverySecret);
    return { org, integration, receiverPath };
  }

  const statusOf = async (id: string) =>
    (await sql(`SELECT status FROM deliveries WHERE id = $1`, [id]))[0].status as string;

  it('forwards each delivery signed as a push, acks on 2xx, prints one line each, and stops on Ctrl-C', async () => {
    const { org, integration, receiverPath } = await pullSetup();
    const listening = plugboard(
      ['listen', '--integration', integration.id, '--forward-to', receiver.url(receiverPath)],
      signedIn(org),
    );
    await waitUntil(
      async () => listening.stderr(),
      (text) => text.includes('Forwarding deliveries'),
    );
    const ids = [
      await acceptWebhook(t.baseUrl, integration.ingressPath, { type: 'issue.opened', n: 1 }),
      await acceptWebhook(t.baseUrl, integration.ingressPath, { type: 'issue.opened', n: 2 }),
    ];
    await receiver.waitFor(() => receiver.forPath(receiverPath).length === 2);
    const received = receiver.forPath(receiverPath);
    expect(received.every((delivery) => delivery.verified)).toBe(true);
    expect(received.map((delivery) => delivery.webhookId)).toEqual(ids);
    expect(received[0].body).toMatchObject({ type: 'ingress.delivery', deliveryId: ids[0], route: 'events' });
    expect(received[0].headers['webhook-signature']).toMatch(/^v1,/);
    for (const id of ids)
      expect(
        await waitUntil(
          () => statusOf(id),
          (status) => status === 'DELIVERED',
        ),
      ).toBe('DELIVERED');
    await waitUntil(
      async () => listening.stdout(),
      (text) => text.trim().split('\n').length === 2,
    );
    const lines = listening.stdout().trim().split('\n');
    ids.forEach((id, index) =>
      expect(lines[index]).toMatch(new RegExp(`${id}  events  → 204  \\d+ ms  acked$`)),
    );

    listening.child.kill('SIGINT');
    expect(await listening.exited).toBe(0);
    expect(listening.stderr()).toContain('Stopped after 2 deliveries forwarded');
  });

  it('--json: one JSON line per delivery; a 5xx is not acked and the same delivery comes back after its lease', async () => {
    const { org, integration, receiverPath } = await pullSetup();
    receiver.respondInTurn([{ status: 500, body: 'local server crashed' }]);
    const listening = plugboard(
      [
        'listen',
        '--integration',
        integration.id,
        '--forward-to',
        receiver.url(receiverPath),
        '--lease-seconds',
        '5',
        '--json',
      ],
      signedIn(org),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const id = await acceptWebhook(t.baseUrl, integration.ingressPath, { retry: 'me' });
    await waitUntil(
      async () => listening.stdout(),
      (text) => text.trim().split('\n').length === 2,
      {
        timeoutMs: 15_000,
      },
    );
    const [first, second] = listening
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(first).toEqual({
      deliveryId: id,
      route: 'events',
      status: 500,
      durationMs: expect.any(Number),
      acked: false,
    });
    expect(second).toEqual({
      deliveryId: id,
      route: 'events',
      status: 204,
      durationMs: expect.any(Number),
      acked: true,
    });
    expect(listening.stderr()).toBe('');
    expect(await statusOf(id)).toBe('DELIVERED');
    listening.child.kill('SIGTERM');
    expect(await listening.exited).toBe(0);
  });

  it('Ctrl-C while the local server hangs leaves the lease to run out: the delivery is pulled again, nothing lost', async () => {
    const { org, integration, receiverPath } = await pullSetup();
    receiver.hang();
    const listening = plugboard(
      [
        'listen',
        '--integration',
        integration.id,
        '--forward-to',
        receiver.url(receiverPath),
        '--lease-seconds',
        '5',
      ],
      signedIn(org),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const id = await acceptWebhook(t.baseUrl, integration.ingressPath, { hangs: true });
    await receiver.waitFor(() => receiver.countFor(id) === 1);
    listening.child.kill('SIGINT');
    expect(await listening.exited).toBe(0);
    expect(listening.stdout()).toBe('');
    expect(await statusOf(id)).toBe('QUEUED');
    const again = await pull(t.baseUrl, org.id, integration.id, org.key, { waitSeconds: 10 });
    expect(again.body.items.map((item) => item.deliveryId)).toEqual([id]);
  });

  it('exits 1 for a push integration, 2 for a bad command line, 3 for a refused key', async () => {
    const org = await seedOrg(t.baseUrl);
    const push = await seedIntegration(t.baseUrl, org);
    const notPull = plugboard(
      ['listen', '--integration', push.id, '--forward-to', 'http://localhost:3999/'],
      signedIn(org),
    );
    expect(await notPull.exited).toBe(1);
    expect(notPull.stderr()).toContain('INGRESS.NOT_PULL_MODE');
    const badTarget = plugboard(
      ['listen', '--integration', push.id, '--forward-to', 'localhost:3999'],
      signedIn(org),
    );
    expect(await badTarget.exited).toBe(2);
    const missing = plugboard(['listen', '--forward-to', 'http://localhost:3999/'], signedIn(org));
    expect(await missing.exited).toBe(2);
    const refused = plugboard(
      ['listen', '--integration', push.id, '--forward-to', 'http://localhost:3999/'],
      {
        ...signedIn(org),
        PLUGBOARD_API_KEY: 'pbk_not-a-real-key',
      },
    );
    expect(await refused.exited).toBe(3);
  });
});
