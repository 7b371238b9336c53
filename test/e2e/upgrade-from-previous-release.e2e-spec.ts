import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { runMigrations } from '../../src/database';
import { generateToken, hashToken } from '../../src/shared/secure-token';
import { startApp, TEST_ADMIN_KEY, TEST_ENCRYPTION_KEYS, TestApp } from '../support/app';
import { EchoUpstream } from '../support/echo-upstream';
import { FakeTokenEndpoint, startFakeTokenEndpoint } from '../support/fake-token-endpoint';
import { http } from '../support/http';
import { migrateToPreviousRelease, sealAsPreviousRelease } from '../support/previous-release';
import { createScratchDatabase, ScratchDatabase } from '../support/scratch-database';
import { registerSecret } from '../support/secrets-audit';
import { WebhookReceiver } from '../support/webhook-receiver';
import { signers } from '../support/webhook-signers';

/**
 * A database written by the previous release (its schema, its rows, its unbound `v1` ciphertexts)
 * is migrated at start-up and everything in it keeps working with the same keys.
 */
describe('upgrade from the previous release', () => {
  let database: ScratchDatabase;
  let pool: Pool;
  let tokenEndpoint: FakeTokenEndpoint;
  let receiver: WebhookReceiver;
  let upstream: EchoUpstream;
  let t: TestApp;

  const seal = (plaintext: string) => sealAsPreviousRelease(TEST_ENCRYPTION_KEYS, plaintext);
  const secret = (label: string) => {
    const value = `${label}-${randomUUID()}`;
    registerSecret(value);
    return value;
  };
  const old = {
    orgId: randomUUID(),
    providerId: randomUUID(),
    connectionId: randomUUID(),
    integrationId: randomUUID(),
    instanceId: `legacy-${randomUUID().slice(0, 8)}`,
    clientSecret: secret('legacy-client-secret'),
    accessToken: secret('legacy-access'),
    refreshToken: secret('legacy-refresh'),
    codeVerifier: secret('legacy-verifier'),
    state: secret('legacy-state'),
    ingressSecret: secret('legacy-github-secret'),
    deliverySecret: `whsec_${randomBytes(24).toString('base64')}`,
    agentId: randomUUID(),
    workerToken: generateToken('pbw_'),
    placeholderId: randomUUID(),
    interactionId: `legacy-question-${randomUUID()}`,
  };
  registerSecret(old.deliverySecret);
  registerSecret(old.workerToken);

  beforeAll(async () => {
    tokenEndpoint = await startFakeTokenEndpoint();
    receiver = await WebhookReceiver.start();
    upstream = await EchoUpstream.start();
    receiver.setSecret('legacy', old.deliverySecret);
    database = await createScratchDatabase('plugboard_upgrade', { migrate: false });
    await migrateToPreviousRelease(database.url);
    pool = new Pool({ connectionString: database.url, max: 2 });
    await writePreviousReleaseRows();
    await runMigrations(database.url, { encryptionKeys: TEST_ENCRYPTION_KEYS });
    t = await startApp({ DATABASE_URL: database.url, PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600' });
  });
  afterAll(async () => {
    await t?.close();
    await pool.end();
    await database.drop();
    await tokenEndpoint.close();
    await receiver.close();
    await upstream.close();
  });

  /** Rows as the previous release wrote them, in its schema, secrets in its format. */
  async function writePreviousReleaseRows(): Promise<void> {
    await pool.query(`INSERT INTO organizations (id, name) VALUES ($1, 'legacy org')`, [old.orgId]);
    await pool.query(
      `INSERT INTO oauth_providers (id, organization_id, key, authorize_url, token_url, client_id,
         client_secret_encrypted, scopes, grant_type, token_auth_method, use_pkce, error_style)
       VALUES ($1, $2, 'legacy', 'http://127.0.0.1:9/authorize', $3, 'legacy-client', $4, '{}',
         'authorization_code', 'client_secret_post', true, 'standard')`,
      [old.providerId, old.orgId, tokenEndpoint.url, seal(old.clientSecret)],
    );
    await pool.query(
      `INSERT INTO oauth_connections (id, organization_id, provider_id, access_token_encrypted,
         refresh_token_encrypted, expires_at, is_refreshable)
       VALUES ($1, $2, $3, $4, $5, now() + interval '1 hour', true)`,
      [old.connectionId, old.orgId, old.providerId, seal(old.accessToken), seal(old.refreshToken)],
    );
    await pool.query(
      `INSERT INTO oauth_states (state_hash, organization_id, provider_id, code_verifier_encrypted,
         redirect_uri, expires_at)
       VALUES ($1, $2, $3, $4, 'http://localhost/oauth/callback', now() + interval '10 minutes')`,
      [hashToken(old.state), old.orgId, old.providerId, seal(old.codeVerifier)],
    );
    await pool.query(
      `INSERT INTO integrations (id, organization_id, name, plugin, instance_id, delivery_url,
         delivery_secret_encrypted, ingress_scheme, ingress_secret_encrypted)
       VALUES ($1, $2, 'legacy', 'generic', $3, $4, $5, 'github', $6)`,
      [
        old.integrationId,
        old.orgId,
        old.instanceId,
        receiver.url('legacy'),
        seal(old.deliverySecret),
        seal(old.ingressSecret),
      ],
    );
    await pool.query(`UPDATE oauth_providers SET api_base_url = $2 WHERE id = $1`, [
      old.providerId,
      upstream.url,
    ]);
    await pool.query(`INSERT INTO proxy_agents (id, organization_id, name) VALUES ($1, $2, 'legacy agent')`, [
      old.agentId,
      old.orgId,
    ]);
    await pool.query(
      `INSERT INTO proxy_worker_tokens (organization_id, agent_id, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + interval '1 hour')`,
      [old.orgId, old.agentId, hashToken(old.workerToken)],
    );
    await pool.query(
      `INSERT INTO proxy_placeholders (id, organization_id, agent_id, connection_id, expires_at)
       VALUES ($1, $2, $3, $4, now() + interval '1 hour')`,
      [old.placeholderId, old.orgId, old.agentId, old.connectionId],
    );
    await pool.query(
      `INSERT INTO pending_interactions (id, organization_id, integration_id, connection_id, expected_user_id,
         channel, question, options)
       VALUES ($1, $2, $3, $4, 'U_LEGACY', 'C_LEGACY', 'Still there?', '["Yes","No"]')`,
      [old.interactionId, old.orgId, old.integrationId, old.connectionId],
    );
  }

  it('re-encrypts every stored secret into the bound format', async () => {
    const { rows } = await pool.query<{ value: string }>(
      `SELECT client_secret_encrypted AS value FROM oauth_providers
       UNION ALL SELECT access_token_encrypted FROM oauth_connections
       UNION ALL SELECT refresh_token_encrypted FROM oauth_connections
       UNION ALL SELECT code_verifier_encrypted FROM oauth_states
       UNION ALL SELECT delivery_secret_encrypted FROM integrations
       UNION ALL SELECT ingress_secret_encrypted FROM integrations`,
    );
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(row.value).toMatch(/^v2\.test1\./);
  });

  it('hands out the stored access token and refreshes with the stored client secret and refresh token', async () => {
    const base = `/v1/orgs/${old.orgId}/connections/${old.connectionId}`;
    const token = await http(t.baseUrl, 'POST', `${base}/access-token`, { key: TEST_ADMIN_KEY });
    expect(token.body.accessToken).toBe(old.accessToken);
    const refreshed = await http(t.baseUrl, 'POST', `${base}/refresh`, { key: TEST_ADMIN_KEY });
    expect(refreshed.body).toEqual({ ok: true, expiresAt: expect.any(String) });
    const call = tokenEndpoint.calls.find((entry) => entry.grantType === 'refresh_token');
    expect(call?.params).toMatchObject({ client_secret: old.clientSecret, refresh_token: old.refreshToken });
  });

  it('completes an authorization started before the upgrade with its stored PKCE verifier', async () => {
    const callback = await http(t.baseUrl, 'GET', `/oauth/callback?code=legacy-code&state=${old.state}`);
    expect(callback.status).toBe(200);
    const call = tokenEndpoint.calls.find((entry) => entry.grantType === 'authorization_code');
    expect(call?.params).toMatchObject({ code_verifier: old.codeVerifier, client_secret: old.clientSecret });
  });

  it('verifies webhooks with the stored ingress secret and signs deliveries with the stored delivery secret', async () => {
    const body = '{"action":"upgraded"}';
    const accepted = await http(t.baseUrl, 'POST', `/ingress/generic/${old.instanceId}/events`, {
      raw: body,
      headers: await signers.github(old.ingressSecret, body, `legacy-${randomUUID()}`),
    });
    expect(accepted.status).toBe(202);
    await receiver.waitFor(() => receiver.countFor(accepted.body.deliveryId) > 0);
    expect(receiver.received.find((entry) => entry.webhookId === accepted.body.deliveryId)?.verified).toBe(
      true,
    );
  });

  it('forwards through the proxy with a worker token and placeholder issued before the upgrade', async () => {
    const { accessToken } = (
      await http(t.baseUrl, 'POST', `/v1/orgs/${old.orgId}/connections/${old.connectionId}/access-token`, {
        key: TEST_ADMIN_KEY,
      })
    ).body;
    const forwarded = await http(t.baseUrl, 'GET', '/proxy/legacy/still-works', {
      headers: {
        'proxy-authorization': `Bearer ${old.workerToken}`,
        authorization: `Bearer pb_secret_${old.placeholderId}`,
      },
    });
    expect(forwarded.status).toBe(200);
    expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${accessToken}`);
  });

  it('answers an interaction asked before the upgrade, and lets another org reuse its ids', async () => {
    const base = `/v1/orgs/${old.orgId}/interactions/${old.interactionId}`;
    expect((await http(t.baseUrl, 'GET', base, { key: TEST_ADMIN_KEY })).body).toMatchObject({
      question: 'Still there?',
      status: 'PENDING',
    });
    const answered = await http(t.baseUrl, 'POST', `${base}/answer`, {
      key: TEST_ADMIN_KEY,
      body: { connectionId: old.connectionId, userId: 'U_LEGACY', answer: 'Yes' },
    });
    expect(answered.body).toEqual({ claimed: true });
    const other = await http(t.baseUrl, 'POST', '/v1/orgs', {
      key: TEST_ADMIN_KEY,
      body: { name: 'newcomer' },
    });
    const agent = await http(t.baseUrl, 'POST', `/v1/orgs/${other.body.id}/agents`, {
      key: TEST_ADMIN_KEY,
      body: { id: old.agentId, name: 'same id, other org' },
    });
    expect(agent.status).toBe(201);
  });
});
