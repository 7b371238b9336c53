import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { http } from '../support/http';
import { OAuthServer, startOAuthServer } from '../support/oauth-server';
import { createScratchDatabase, ScratchDatabase } from '../support/scratch-database';
import { registerSecret } from '../support/secrets-audit';
import { seedIntegration, seedOrg, SeededIntegration, SeededOrg } from '../support/seed';
import { WebhookReceiver } from '../support/webhook-receiver';
import { signers } from '../support/webhook-signers';

const PUBLIC_URL = 'http://plugboard.test';
const REDIRECT_URI = `${PUBLIC_URL}/oauth/callback`;
const CLI_JS = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

function keySpec(id: string): string {
  const key = randomBytes(32).toString('base64');
  registerSecret(key);
  return `${id}:${key}`;
}

/** `node dist/cli.js reencrypt` as an operator runs it. */
function reencrypt(databaseUrl: string, encryptionKeys: string, ...args: string[]) {
  return spawnSync(process.execPath, [CLI_JS, 'reencrypt', ...args], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      DATABASE_URL: databaseUrl,
      ENCRYPTION_KEYS: encryptionKeys,
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      DATA_DIR: path.join(os.tmpdir(), 'plugboard-test-data'),
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('key rotation: two keys → node dist/cli.js reencrypt → drop the old key', () => {
  let oauth: OAuthServer;
  let receiver: WebhookReceiver;
  let database: ScratchDatabase;
  let pool: Pool;
  const oldKey = keySpec('old');
  const newKey = keySpec('new');

  beforeAll(async () => {
    oauth = await startOAuthServer({ redirectUris: [REDIRECT_URI] });
    receiver = await WebhookReceiver.start();
    database = await createScratchDatabase('plugboard_rotation');
    pool = new Pool({ connectionString: database.url, max: 2 });
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
    await receiver.close();
    await oauth.close();
  });

  const appWith = (encryptionKeys: string) =>
    startApp({
      DATABASE_URL: database.url,
      ENCRYPTION_KEYS: encryptionKeys,
      PUBLIC_URL,
      PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600',
    });

  /** A connection through the real authorization flow (oidc-provider issues a refresh token). */
  async function connect(t: TestApp, org: SeededOrg, providerKey: string): Promise<string> {
    const started = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections/authorize`, {
      key: org.key,
      body: { provider: providerKey },
    });
    const redirect = await oauth.authorize(started.body.authorizeUrl, REDIRECT_URI);
    const callback = await http(t.baseUrl, 'GET', `/oauth/callback${redirect.search}`);
    expect(callback.status).toBe(200);
    return callback.body.connectionId;
  }

  async function storedCiphertexts(): Promise<string[]> {
    const { rows } = await pool.query<{ value: string }>(
      `SELECT client_secret_encrypted AS value FROM oauth_providers WHERE client_secret_encrypted IS NOT NULL
       UNION ALL SELECT access_token_encrypted FROM oauth_connections
       UNION ALL SELECT refresh_token_encrypted FROM oauth_connections WHERE refresh_token_encrypted IS NOT NULL
       UNION ALL SELECT delivery_secret_encrypted FROM integrations
       UNION ALL SELECT ingress_secret_encrypted FROM integrations WHERE ingress_secret_encrypted IS NOT NULL`,
    );
    return rows.map((row) => row.value);
  }

  it('keeps every connection refreshing and every integration verifying and signing', async () => {
    const githubSecret = `github-rotation-${randomUUID()}`;
    const connections: string[] = [];
    let org: SeededOrg;
    let integration: SeededIntegration;
    let providerKey: string;

    const before = await appWith(oldKey);
    try {
      org = await seedOrg(before.baseUrl);
      const provider = await http(before.baseUrl, 'POST', `/v1/orgs/${org.id}/providers`, {
        key: org.key,
        body: {
          key: 'oidc',
          authorizeUrl: oauth.authorizeUrl,
          tokenUrl: oauth.tokenUrl,
          clientId: 'web-post',
          clientSecret: 'web-post-secret',
          scopes: ['openid', 'offline_access'],
          tokenAuthMethod: 'client_secret_post',
        },
      });
      providerKey = provider.body.key;
      connections.push(await connect(before, org, providerKey), await connect(before, org, providerKey));
      integration = await seedIntegration(before.baseUrl, org, {
        deliveryUrl: receiver.url('rotation'),
        ingress: { scheme: 'github', secret: githubSecret },
      });
      receiver.setSecret('rotation', integration.deliverySecret);
    } finally {
      await before.close();
    }

    // both keys, the new one first: new secrets are sealed with it, old ones still open
    const during = await appWith(`${newKey},${oldKey}`);
    try {
      connections.push(await connect(during, org, providerKey));
    } finally {
      await during.close();
    }
    expect((await storedCiphertexts()).some((value) => value.startsWith('v2.old.'))).toBe(true);

    const run = reencrypt(database.url, `${newKey},${oldKey}`, '--batch-size=2');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('re-encrypting with key new, batches of 2');
    expect(run.stdout).toMatch(
      /oauth_connections\.access_token_encrypted: \d+ scanned, \d+ re-encrypted, 0 unreadable/,
    );
    expect(run.stdout).toContain('every stored secret uses key new');
    expect(run.stdout).not.toContain(newKey.split(':')[1]);
    const stored = await storedCiphertexts();
    expect(stored.length).toBeGreaterThanOrEqual(8);
    for (const value of stored) expect(value).toMatch(/^v2\.new\./);
    // resumable and idempotent: a second run finds nothing left to do
    const again = reencrypt(database.url, `${newKey},${oldKey}`);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('done: 0 re-encrypted');

    const after = await appWith(newKey);
    try {
      const refreshesBefore = await oauth.count('refresh_token');
      for (const id of connections) {
        const refreshed = await http(after.baseUrl, 'POST', `/v1/orgs/${org.id}/connections/${id}/refresh`, {
          key: org.key,
        });
        expect(refreshed.body).toEqual({ ok: true, expiresAt: expect.any(String) });
        const token = await http(after.baseUrl, 'POST', `/v1/orgs/${org.id}/connections/${id}/access-token`, {
          key: org.key,
        });
        expect(token.status).toBe(200);
      }
      expect(await oauth.count('refresh_token')).toBe(refreshesBefore + connections.length);

      const body = '{"action":"rotated"}';
      const accepted = await http(
        after.baseUrl,
        'POST',
        `/ingress/generic/${integration.instanceId}/events`,
        {
          raw: body,
          headers: await signers.github(githubSecret, body, `rotation-${randomUUID()}`),
        },
      );
      expect(accepted.status).toBe(202);
      await receiver.waitFor(() => receiver.countFor(accepted.body.deliveryId) > 0);
      expect(receiver.received.find((entry) => entry.webhookId === accepted.body.deliveryId)?.verified).toBe(
        true,
      );
    } finally {
      await after.close();
    }
  }, 120_000);

  it('refuses to finish cleanly while a value opens with no listed key, and changes nothing', async () => {
    const run = reencrypt(database.url, keySpec('unrelated'));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      'cannot be decrypted: it was sealed with key new, which is not in ENCRYPTION_KEYS',
    );
    expect(run.stdout).toContain('keep the older keys until they are resolved');
    for (const value of await storedCiphertexts()) expect(value).toMatch(/^v2\.new\./);
  });
});
