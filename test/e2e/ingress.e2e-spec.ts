import { randomUUID } from 'node:crypto';
import { EventBus } from '../../src/shared/event-bus';
import { CREDENTIAL_INVALIDATED, REAUTH_SUCCEEDED } from '../../src/shared/events';
import { startApp, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { http } from '../support/http';
import { seedConnection, seedIntegration, seedOrg, SeededIntegration, SeededOrg } from '../support/seed';
import { WebhookReceiver } from '../support/webhook-receiver';
import { signers } from '../support/webhook-signers';

describe('POST /ingress/:pluginId/:instanceId/:route', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await startApp({
      INGRESS_MAX_BODY_BYTES: '4096',
      DELIVERY_BACKOFF_MS: '20',
      DELIVERY_MAX_ATTEMPTS: '3',
    });
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
    await closeSql();
  });

  async function integrationFor(
    org: SeededOrg,
    overrides: Record<string, unknown>,
  ): Promise<SeededIntegration & { path: string }> {
    const path = `hooks-${randomUUID().slice(0, 8)}`;
    const integration = await seedIntegration(t.baseUrl, org, {
      deliveryUrl: receiver.url(path),
      ...overrides,
    });
    receiver.setSecret(path, integration.deliverySecret);
    return { ...integration, path };
  }

  const ingress = (integration: { plugin: string; instanceId: string }, route = 'events') =>
    `/ingress/${integration.plugin}/${integration.instanceId}/${route}`;

  const post = (path: string, body: string, headers: Record<string, string>) =>
    http(t.baseUrl, 'POST', path, { raw: body, headers });

  const deliveryRow = async (id: string) => (await sql(`SELECT * FROM deliveries WHERE id = $1`, [id]))[0];

  async function waitForStatus(id: string, status: string, timeoutMs = 10_000): Promise<Record<string, any>> {
    const started = Date.now();
    for (;;) {
      const row = await deliveryRow(id);
      if (row?.status === status) return row;
      if (Date.now() - started > timeoutMs)
        throw new Error(`delivery ${id} is ${row?.status}, not ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
  }

  describe('signature schemes', () => {
    it('standard-webhooks: valid → 202 and delivered signed to the receiver; bad and stale → 401, nothing stored', async () => {
      const org = await seedOrg(t.baseUrl);
      const secret = 'whsec_' + Buffer.alloc(24, 3).toString('base64');
      const integration = await integrationFor(org, { ingress: { scheme: 'standard-webhooks', secret } });
      const body = JSON.stringify({ type: 'invoice.created', n: 1 });
      const accepted = await post(
        ingress(integration),
        body,
        signers.standardWebhooks(secret, 'msg_1', body),
      );
      expect(accepted.status).toBe(202);
      expect(accepted.body).toEqual({ deliveryId: expect.any(String), duplicate: false });
      await receiver.waitFor(() => receiver.countFor(accepted.body.deliveryId) === 1);
      const [delivered] = receiver.forPath(integration.path);
      expect(delivered.verified).toBe(true);
      expect(delivered.body).toEqual({
        type: 'ingress.delivery',
        deliveryId: accepted.body.deliveryId,
        integrationId: integration.id,
        plugin: 'generic',
        route: 'events',
        conversationId: null,
        receivedAt: expect.any(String),
        payload: { type: 'invoice.created', n: 1 },
      });
      const row = await waitForStatus(accepted.body.deliveryId, 'DELIVERED');
      expect(row.attempts).toBe(1);
      expect(row.provider_delivery_id).toBe('msg_1');

      const bad = await post(
        ingress(integration),
        body,
        signers.standardWebhooks('whsec_' + Buffer.alloc(24, 4).toString('base64'), 'msg_2', body),
      );
      expect(bad.status).toBe(401);
      expect(bad.body.error.code).toBe('INGRESS.BAD_SIGNATURE');
      const stale = await post(
        ingress(integration),
        body,
        signers.standardWebhooks(secret, 'msg_3', body, Math.floor(Date.now() / 1000) - 360),
      );
      expect(stale.status).toBe(401);
      expect(await sql(`SELECT id FROM deliveries WHERE integration_id = $1`, [integration.id])).toHaveLength(
        1,
      );
    });

    it('stripe: valid (generateTestHeaderString) → 202 keyed by the event id; bad and stale → 401', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await integrationFor(org, {
        plugin: 'stripe',
        ingress: { scheme: 'stripe', secret: 'whsec_stripe_signing_0001' },
      });
      const body = JSON.stringify({ id: 'evt_42', type: 'invoice.paid' });
      const accepted = await post(
        ingress(integration),
        body,
        signers.stripe('whsec_stripe_signing_0001', body),
      );
      expect(accepted.status).toBe(202);
      expect((await deliveryRow(accepted.body.deliveryId)).provider_delivery_id).toBe('evt_42');
      expect((await post(ingress(integration), body, signers.stripe('whsec_other', body))).status).toBe(401);
      const stale = signers.stripe('whsec_stripe_signing_0001', body, Math.floor(Date.now() / 1000) - 400);
      expect((await post(ingress(integration), body, stale)).status).toBe(401);
    });

    it('github: valid (@octokit/webhooks-methods) → 202 keyed by X-GitHub-Delivery; bad → 401', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await integrationFor(org, {
        plugin: 'github',
        ingress: { scheme: 'github', secret: 'github-webhook-secret-0001' },
      });
      const body = JSON.stringify({
        action: 'opened',
        issue: { number: 3 },
        repository: { full_name: 'acme/app' },
      });
      const accepted = await post(
        ingress(integration),
        body,
        await signers.github('github-webhook-secret-0001', body, 'gh-delivery-1'),
      );
      expect(accepted.status).toBe(202);
      const row = await waitForStatus(accepted.body.deliveryId, 'DELIVERED');
      expect(row.provider_delivery_id).toBe('gh-delivery-1');
      expect(row.conversation_id).toEqual(expect.any(String));
      const bad = await post(
        ingress(integration),
        body,
        await signers.github('wrong', body, 'gh-delivery-2'),
      );
      expect(bad.status).toBe(401);
    });

    it('shopify: valid → 202 keyed by X-Shopify-Webhook-Id; bad → 401', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await integrationFor(org, {
        plugin: 'shopify',
        ingress: { scheme: 'shopify', secret: 'shopify-webhook-secret-0001' },
      });
      const body = JSON.stringify({ id: 1, total: '9.99' });
      const accepted = await post(
        ingress(integration),
        body,
        signers.shopify('shopify-webhook-secret-0001', body, 'shop-1'),
      );
      expect(accepted.status).toBe(202);
      expect((await deliveryRow(accepted.body.deliveryId)).provider_delivery_id).toBe('shop-1');
      expect((await post(ingress(integration), body, signers.shopify('nope', body, 'shop-2'))).status).toBe(
        401,
      );
    });

    it('slack: answers url_verification with the challenge only after the signature check, stores nothing', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await integrationFor(org, {
        plugin: 'slack',
        ingress: { scheme: 'slack', secret: 'slack-signing-secret-0001' },
      });
      const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'x' });
      const answered = await post(
        ingress(integration),
        body,
        signers.slack('slack-signing-secret-0001', body),
      );
      expect(answered.status).toBe(200);
      expect(answered.body).toEqual({ challenge: 'c-123' });
      const unsigned = await post(ingress(integration), body, signers.slack('wrong', body));
      expect(unsigned.status).toBe(401);
      const stale = await post(
        ingress(integration),
        body,
        signers.slack('slack-signing-secret-0001', body, Math.floor(Date.now() / 1000) - 301),
      );
      expect(stale.status).toBe(401);
      expect(await sql(`SELECT id FROM deliveries WHERE integration_id = $1`, [integration.id])).toHaveLength(
        0,
      );
    });

    it('slack: accepts a signed form-encoded block_actions payload and stores it like any delivery', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await integrationFor(org, {
        plugin: 'slack',
        ingress: { scheme: 'slack', secret: 'slack-signing-secret-0001' },
      });
      const interaction = {
        type: 'block_actions',
        channel: { id: 'C1' },
        message: { ts: '1.0' },
        actions: [{ action_id: 'a' }],
      };
      const body = `payload=${encodeURIComponent(JSON.stringify(interaction))}`;
      const accepted = await post(
        ingress(integration, 'interactions'),
        body,
        signers.slack('slack-signing-secret-0001', body, undefined, 'application/x-www-form-urlencoded'),
      );
      expect(accepted.status).toBe(202);
      expect((await deliveryRow(accepted.body.deliveryId)).payload).toEqual(interaction);
      await receiver.waitFor(() => receiver.countFor(accepted.body.deliveryId) === 1);
    });

    it('none: accepts unsigned requests and uses Idempotency-Key when sent', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await integrationFor(org, { ingress: { scheme: 'none' } });
      const first = await post(ingress(integration), '{"a":1}', {
        'content-type': 'application/json',
        'idempotency-key': 'k1',
      });
      const again = await post(ingress(integration), '{"a":2}', {
        'content-type': 'application/json',
        'idempotency-key': 'k1',
      });
      expect(first.status).toBe(202);
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ deliveryId: first.body.deliveryId, duplicate: true });
    });
  });

  describe('deduplication and limits', () => {
    it('answers 200 duplicate:true for a repeated webhook-id and delivers once', async () => {
      const org = await seedOrg(t.baseUrl);
      const secret = 'whsec_' + Buffer.alloc(24, 5).toString('base64');
      const integration = await integrationFor(org, { ingress: { scheme: 'standard-webhooks', secret } });
      const body = '{"x":1}';
      const first = await post(ingress(integration), body, signers.standardWebhooks(secret, 'msg_dup', body));
      const second = await post(
        ingress(integration),
        body,
        signers.standardWebhooks(secret, 'msg_dup', body),
      );
      expect([first.status, second.status]).toEqual([202, 200]);
      expect(second.body).toEqual({ deliveryId: first.body.deliveryId, duplicate: true });
      await waitForStatus(first.body.deliveryId, 'DELIVERED');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(receiver.countFor(first.body.deliveryId)).toBe(1);
    });

    it('keeps deliveries of two plugins sharing an instanceId and provider id apart', async () => {
      const org = await seedOrg(t.baseUrl);
      const instanceId = `shared-${randomUUID().slice(0, 6)}`;
      const a = await integrationFor(org, { plugin: 'alpha', instanceId });
      const b = await integrationFor(org, { plugin: 'beta', instanceId });
      const headers = { 'content-type': 'application/json', 'idempotency-key': 'same-id' };
      const first = await post(ingress(a), '{"n":1}', headers);
      const second = await post(ingress(b), '{"n":1}', headers);
      expect([first.status, second.status]).toEqual([202, 202]);
      expect(first.body.deliveryId).not.toBe(second.body.deliveryId);
    });

    it('derives a deterministic id without a provider id: same body deduplicates, a different body does not', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await integrationFor(org, {});
      const headers = { 'content-type': 'application/json' };
      const first = await post(ingress(integration), '{"event":"a"}', headers);
      const retry = await post(ingress(integration), '{"event":"a"}', { ...headers, 'x-retry': '1' });
      const other = await post(ingress(integration), '{"event":"b"}', headers);
      expect([first.status, retry.status, other.status]).toEqual([202, 200, 202]);
      expect(retry.body.deliveryId).toBe(first.body.deliveryId);
      expect((await deliveryRow(first.body.deliveryId)).provider_delivery_id).toMatch(
        /^sha256:[0-9a-f]{64}$/,
      );
    });

    it('answers 413 in the error shape for a body over INGRESS_MAX_BODY_BYTES and 404 for an unknown instance', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await integrationFor(org, {});
      const big = JSON.stringify({ blob: 'x'.repeat(5000) });
      const tooLarge = await post(ingress(integration), big, { 'content-type': 'application/json' });
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body.error).toEqual({
        code: 'REQUEST.TOO_LARGE',
        message: expect.any(String),
        requestId: expect.any(String),
      });
      const unknown = await post('/ingress/generic/no-such-instance/events', '{}', {
        'content-type': 'application/json',
      });
      expect(unknown.status).toBe(404);
    });
  });

  describe('deleted integrations', () => {
    it('answers 404 once the integration is deleted through the API', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await integrationFor(org, {});
      expect(
        (await post(ingress(integration), '{"a":1}', { 'content-type': 'application/json' })).status,
      ).toBe(202);
      await http(t.baseUrl, 'DELETE', `/v1/orgs/${org.id}/integrations/${integration.id}`, { key: org.key });
      expect(
        (await post(ingress(integration), '{"a":2}', { 'content-type': 'application/json' })).status,
      ).toBe(404);
    });

    it('answers 404, not 500, when another replica deleted the integration this one still has cached', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await integrationFor(org, {});
      expect(
        (await post(ingress(integration), '{"b":1}', { 'content-type': 'application/json' })).status,
      ).toBe(202);
      // another replica's DELETE: this process's lookup cache does not know about it
      await sql(`DELETE FROM integrations WHERE id = $1`, [integration.id]);
      const after = await post(ingress(integration), '{"b":2}', { 'content-type': 'application/json' });
      expect(after.status).toBe(404);
    });
  });

  describe('dispatch', () => {
    it('retries a 500 receiver with backoff and dead-letters after DELIVERY_MAX_ATTEMPTS with lastError', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await integrationFor(org, {});
      receiver.respondWith(500);
      try {
        const accepted = await post(ingress(integration), '{"fail":1}', {
          'content-type': 'application/json',
        });
        const row = await waitForStatus(accepted.body.deliveryId, 'DEAD');
        expect(row.attempts).toBe(3);
        expect(row.last_error).toContain('500');
        expect(receiver.countFor(accepted.body.deliveryId)).toBe(3);
        // the outcome row is written right after the status change
        let attempts: Array<Record<string, any>> = [];
        for (let tries = 0; tries < 50 && attempts.length < 3; tries++) {
          if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 20));
          attempts = await sql(
            `SELECT outcome FROM delivery_attempts WHERE delivery_id = $1 ORDER BY created_at`,
            [accepted.body.deliveryId],
          );
        }
        expect(attempts.map((attempt) => attempt.outcome)).toEqual(['retry', 'retry', 'dead']);
      } finally {
        receiver.respondOk();
      }
    });

    it('dead-letters a 4xx at once', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await integrationFor(org, {});
      receiver.respondWith(410);
      try {
        const accepted = await post(ingress(integration), '{"gone":1}', {
          'content-type': 'application/json',
        });
        const row = await waitForStatus(accepted.body.deliveryId, 'DEAD');
        expect(row.attempts).toBe(1);
      } finally {
        receiver.respondOk();
      }
    });

    it('discards for a DISABLED integration without calling the receiver', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await integrationFor(org, {});
      await http(t.baseUrl, 'PATCH', `/v1/orgs/${org.id}/integrations/${integration.id}`, {
        key: org.key,
        body: { status: 'DISABLED' },
      });
      const accepted = await post(ingress(integration), '{"d":1}', { 'content-type': 'application/json' });
      expect(accepted.status).toBe(202);
      await waitForStatus(accepted.body.deliveryId, 'DISCARDED');
      expect(receiver.countFor(accepted.body.deliveryId)).toBe(0);
    });

    it('parks while the integration is ERROR and delivers once REAUTH_SUCCEEDED restores it', async () => {
      const org = await seedOrg(t.baseUrl);
      const connectionId = await seedConnection(t.baseUrl, org);
      const integration = await integrationFor(org, { connectionIds: [connectionId] });
      const events = t.app.get(EventBus);
      await events.publish(CREDENTIAL_INVALIDATED, { orgId: org.id, connectionId, reason: 'invalid_grant' });
      const accepted = await post(ingress(integration), '{"p":1}', { 'content-type': 'application/json' });
      await waitForStatus(accepted.body.deliveryId, 'PARKED');
      expect(receiver.countFor(accepted.body.deliveryId)).toBe(0);
      await events.publish(REAUTH_SUCCEEDED, { orgId: org.id, connectionId });
      await waitForStatus(accepted.body.deliveryId, 'DELIVERED');
      expect(receiver.countFor(accepted.body.deliveryId)).toBe(1);
    });

    it('parks on ERROR and delivers after PATCH status ENABLED; redrive-parked answers results', async () => {
      const org = await seedOrg(t.baseUrl);
      const connectionId = await seedConnection(t.baseUrl, org);
      const integration = await integrationFor(org, { connectionIds: [connectionId] });
      await t.app
        .get(EventBus)
        .publish(CREDENTIAL_INVALIDATED, { orgId: org.id, connectionId, reason: 'revoked' });
      const accepted = await post(ingress(integration), '{"p":2}', { 'content-type': 'application/json' });
      await waitForStatus(accepted.body.deliveryId, 'PARKED');
      const none = await http(
        t.baseUrl,
        'POST',
        `/v1/orgs/${org.id}/integrations/${integration.id}/redrive-parked`,
        {
          key: org.key,
        },
      );
      expect(none.status).toBe(200);
      expect(none.body.results).toEqual([{ deliveryId: accepted.body.deliveryId, outcome: 'dispatched' }]);
      // still ERROR: the redriven delivery is parked again at dispatch time
      await waitForStatus(accepted.body.deliveryId, 'PARKED');
      const enabled = await http(t.baseUrl, 'PATCH', `/v1/orgs/${org.id}/integrations/${integration.id}`, {
        key: org.key,
        body: { status: 'ENABLED' },
      });
      expect(enabled.body.status).toBe('ENABLED');
      await waitForStatus(accepted.body.deliveryId, 'DELIVERED');
      expect(receiver.countFor(accepted.body.deliveryId)).toBe(1);
    });
  });

  describe('onError discard, metrics and OpenAPI', () => {
    it('discards instead of parking when the integration is ERROR with onError discard', async () => {
      const org = await seedOrg(t.baseUrl);
      const connectionId = await seedConnection(t.baseUrl, org);
      const integration = await integrationFor(org, { connectionIds: [connectionId], onError: 'discard' });
      await t.app
        .get(EventBus)
        .publish(CREDENTIAL_INVALIDATED, { orgId: org.id, connectionId, reason: 'revoked' });
      const accepted = await post(ingress(integration), '{"x":1}', { 'content-type': 'application/json' });
      const row = await waitForStatus(accepted.body.deliveryId, 'DISCARDED');
      expect(row.last_error).toContain('ERROR');
      expect(receiver.countFor(accepted.body.deliveryId)).toBe(0);
    });

    it('exposes accepted/duplicate/rejected by scheme, delivery outcomes, queue depth and accept latency', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await integrationFor(org, {
        ingress: { scheme: 'github', secret: 'github-webhook-secret-0002' },
      });
      const body = '{"m":1}';
      await post(
        ingress(integration),
        body,
        await signers.github('github-webhook-secret-0002', body, `m-${randomUUID()}`),
      );
      await post(ingress(integration), body, await signers.github('wrong', body, `m-${randomUUID()}`));
      const metrics = await http(t.baseUrl, 'GET', '/metrics');
      expect(metrics.text).toMatch(
        /plugboard_ingress_requests_total\{scheme="github",result="accepted"\} [1-9]/,
      );
      expect(metrics.text).toMatch(
        /plugboard_ingress_requests_total\{scheme="github",result="rejected"\} [1-9]/,
      );
      expect(metrics.text).toContain('plugboard_delivery_outcomes_total{outcome="delivered"}');
      expect(metrics.text).toContain('plugboard_delivery_queue_depth{status="RECEIVED"}');
      expect(metrics.text).toContain('plugboard_ingress_accept_duration_seconds_bucket');
      expect(metrics.text).toContain('route="/ingress/:pluginId/:instanceId/:route"');
    });

    it('lists the ingress, delivery, conversation and integration routes in /docs-json', async () => {
      const docs = await http(t.baseUrl, 'GET', '/docs-json');
      expect(Object.keys(docs.body.paths)).toEqual(
        expect.arrayContaining([
          '/ingress/{pluginId}/{instanceId}/{route}',
          '/v1/orgs/{orgId}/ingress/deliveries',
          '/v1/orgs/{orgId}/ingress/deliveries/{id}',
          '/v1/orgs/{orgId}/ingress/redrive',
          '/v1/orgs/{orgId}/integrations/{id}/redrive-parked',
          '/v1/orgs/{orgId}/conversations',
          '/v1/orgs/{orgId}/integrations',
          '/v1/orgs/{orgId}/integrations/{id}',
        ]),
      );
    });
  });

  describe('GET /v1/orgs/:orgId/ingress/deliveries', () => {
    it('lists and reads deliveries of the org only, filtered by status and integration', async () => {
      const org = await seedOrg(t.baseUrl);
      const other = await seedOrg(t.baseUrl);
      const integration = await integrationFor(org, {});
      const accepted = await post(ingress(integration), '{"l":1}', { 'content-type': 'application/json' });
      await waitForStatus(accepted.body.deliveryId, 'DELIVERED');
      const list = await http(
        t.baseUrl,
        'GET',
        `/v1/orgs/${org.id}/ingress/deliveries?status=DELIVERED&integrationId=${integration.id}`,
        {
          key: org.key,
        },
      );
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([
        {
          id: accepted.body.deliveryId,
          integrationId: integration.id,
          plugin: 'generic',
          instanceId: integration.instanceId,
          route: 'events',
          providerDeliveryId: expect.stringMatching(/^sha256:/),
          status: 'DELIVERED',
          attempts: 1,
          nextAttemptAt: null,
          lastError: null,
          conversationId: null,
          receivedAt: expect.any(String),
          updatedAt: expect.any(String),
        },
      ]);
      expect(list.body.nextCursor).toBeNull();
      const one = await http(
        t.baseUrl,
        'GET',
        `/v1/orgs/${org.id}/ingress/deliveries/${accepted.body.deliveryId}`,
        { key: org.key },
      );
      expect(one.body.id).toBe(accepted.body.deliveryId);
      const foreign = await http(
        t.baseUrl,
        'GET',
        `/v1/orgs/${other.id}/ingress/deliveries/${accepted.body.deliveryId}`,
        {
          key: other.key,
        },
      );
      expect(foreign.status).toBe(404);
    });
  });
});
