import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { http } from '../support/http';
import { ack, acceptWebhook, pull, PulledItem, seedPullIntegration } from '../support/pull';
import { seedIntegration, seedOrg, SeededOrg } from '../support/seed';
import { waitUntil } from '../support/wait-until';

describe('pull mode: agents with no public URL pull their deliveries', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ DELIVERY_MAX_ATTEMPTS: '2', DELIVERY_BACKOFF_MS: '20' });
  });
  afterAll(async () => {
    await t.close();
    await closeSql();
  });

  const row = async (id: string) => (await sql(`SELECT * FROM deliveries WHERE id = $1`, [id]))[0];

  async function agentWithToken(
    org: SeededOrg,
  ): Promise<{ agentId: string; token: string; tokenId: string }> {
    const agent = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/agents`, {
      key: org.key,
      body: { name: `sandboxed-${randomUUID().slice(0, 6)}` },
    });
    expect(agent.status).toBe(201);
    const token = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/agents/${agent.body.id}/worker-tokens`, {
      key: org.key,
      body: {},
    });
    expect(token.status).toBe(201);
    return { agentId: agent.body.id, token: token.body.token, tokenId: token.body.id };
  }

  describe('creating a pull-mode integration', () => {
    it('has no deliveryUrl; push needs one, pull refuses one, pullAgentIds is for pull only', async () => {
      const org = await seedOrg(t.baseUrl);
      const created = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/integrations`, {
        key: org.key,
        body: { name: 'sandbox agent', plugin: 'generic', deliveryMode: 'pull', ingress: { scheme: 'none' } },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        deliveryMode: 'pull',
        deliveryUrl: null,
        pullAgentIds: [],
        deliverySecret: expect.stringMatching(/^whsec_/),
        warnings: [],
      });
      const refused = [
        { name: 'x', plugin: 'generic', ingress: { scheme: 'none' } },
        {
          name: 'x',
          plugin: 'generic',
          deliveryMode: 'pull',
          deliveryUrl: 'https://a.example/h',
          ingress: { scheme: 'none' },
        },
        {
          name: 'x',
          plugin: 'generic',
          deliveryUrl: 'https://a.example/h',
          pullAgentIds: [randomUUID()],
          ingress: { scheme: 'none' },
        },
        { name: 'x', plugin: 'generic', deliveryMode: 'poll', ingress: { scheme: 'none' } },
      ];
      for (const body of refused) {
        const answer = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/integrations`, {
          key: org.key,
          body,
        });
        expect([answer.status, answer.body.error?.code]).toEqual([400, 'REQUEST.INVALID']);
      }
      const patchUrl = await http(t.baseUrl, 'PATCH', `/v1/orgs/${org.id}/integrations/${created.body.id}`, {
        key: org.key,
        body: { deliveryUrl: 'https://a.example/h' },
      });
      expect(patchUrl.status).toBe(400);
      const agentId = randomUUID();
      const patchAgents = await http(
        t.baseUrl,
        'PATCH',
        `/v1/orgs/${org.id}/integrations/${created.body.id}`,
        {
          key: org.key,
          body: { pullAgentIds: [agentId] },
        },
      );
      expect(patchAgents.status).toBe(200);
      expect(patchAgents.body.pullAgentIds).toEqual([agentId]);
    });
  });

  describe('POST …/deliveries/pull and …/ack', () => {
    it('hands out exactly what a push would POST, signed so a Standard Webhooks receiver verifies it; never POSTs it', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await seedPullIntegration(t.baseUrl, org);
      const id = await acceptWebhook(t.baseUrl, integration.ingressPath, { type: 'order.created', n: 7 });
      // the dispatcher polls every second: give it time to (wrongly) take the row
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await row(id)).toMatchObject({ status: 'RECEIVED', attempts: 0, pull: true, lease_token: null });

      const answer = await pull(t.baseUrl, org.id, integration.id, org.key, { leaseSeconds: 30 });
      expect(answer.status).toBe(200);
      expect(answer.body.items).toHaveLength(1);
      const [item] = answer.body.items;
      expect(item).toEqual({
        deliveryId: id,
        leaseId: expect.any(String),
        leaseExpiresAt: expect.any(String),
        body: {
          type: 'ingress.delivery',
          deliveryId: id,
          integrationId: integration.id,
          plugin: 'generic',
          route: 'events',
          conversationId: null,
          receivedAt: expect.any(String),
          payload: { type: 'order.created', n: 7 },
        },
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': expect.stringMatching(/^\d+$/),
          'webhook-signature': expect.stringMatching(/^v1,/),
        },
      });
      const leaseLeft = Date.parse(item.leaseExpiresAt) - Date.now();
      expect(leaseLeft).toBeGreaterThan(25_000);
      expect(leaseLeft).toBeLessThanOrEqual(30_000);
      // a receiver holding the delivery secret verifies the body as JSON.stringify writes it
      const verified = new Webhook(integration.deliverySecret).verify(
        JSON.stringify(item.body),
        item.headers,
      );
      expect(verified).toEqual(item.body);

      const delivery = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/ingress/deliveries/${id}`, {
        key: org.key,
      });
      expect(delivery.body).toMatchObject({ status: 'QUEUED', attempts: 1 });
      expect((await ack(t.baseUrl, org.id, integration.id, org.key, [item.leaseId])).body).toEqual({
        acked: 1,
      });
      expect(await row(id)).toMatchObject({ status: 'DELIVERED', attempts: 1 });
      const attempts = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/ingress/deliveries/${id}/attempts`, {
        key: org.key,
      });
      expect(attempts.body.items).toEqual([
        expect.objectContaining({ attempt: 1, outcome: 'acked', statusCode: null, error: null }),
      ]);
      const dispatched = await sql(
        `SELECT 1 FROM delivery_attempts WHERE delivery_id = $1 AND kind = 'dispatch'`,
        [id],
      );
      expect(dispatched).toHaveLength(0);
    });

    it('acks idempotently: again counts and changes nothing; an unknown or foreign lease acks nothing', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await seedPullIntegration(t.baseUrl, org);
      const other = await seedPullIntegration(t.baseUrl, org);
      await acceptWebhook(t.baseUrl, integration.ingressPath, { a: 1 });
      await acceptWebhook(t.baseUrl, integration.ingressPath, { a: 2 });
      const { items } = (await pull(t.baseUrl, org.id, integration.id, org.key)).body;
      expect(items).toHaveLength(2);
      const leaseIds = items.map((item) => item.leaseId);
      expect((await ack(t.baseUrl, org.id, integration.id, org.key, [leaseIds[0]])).body).toEqual({
        acked: 1,
      });
      expect((await ack(t.baseUrl, org.id, integration.id, org.key, [leaseIds[0]])).body).toEqual({
        acked: 1,
      });
      expect((await ack(t.baseUrl, org.id, integration.id, org.key, leaseIds)).body).toEqual({ acked: 2 });
      const updated = await sql(`SELECT updated_at FROM deliveries WHERE id = $1`, [items[0].deliveryId]);
      expect((await ack(t.baseUrl, org.id, integration.id, org.key, leaseIds)).body).toEqual({ acked: 2 });
      expect(await sql(`SELECT updated_at FROM deliveries WHERE id = $1`, [items[0].deliveryId])).toEqual(
        updated,
      );
      expect((await ack(t.baseUrl, org.id, integration.id, org.key, [randomUUID()])).body).toEqual({
        acked: 0,
      });
      // a lease of one integration does not ack through another
      expect((await ack(t.baseUrl, org.id, other.id, org.key, leaseIds)).body).toEqual({ acked: 0 });
    });

    it('redelivers the same deliveryId when a lease runs out unacked, to a long poll that was waiting', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await seedPullIntegration(t.baseUrl, org);
      const id = await acceptWebhook(t.baseUrl, integration.ingressPath, { lease: 'expires' });
      const first = (await pull(t.baseUrl, org.id, integration.id, org.key, { leaseSeconds: 5 })).body.items;
      expect(first.map((item) => item.deliveryId)).toEqual([id]);
      // within the lease nobody else gets it: this long poll waits until the lease runs out
      const started = Date.now();
      const again = await pull(t.baseUrl, org.id, integration.id, org.key, {
        waitSeconds: 15,
        leaseSeconds: 5,
      });
      const waited = Date.now() - started;
      expect(again.body.items.map((item) => item.deliveryId)).toEqual([id]);
      expect(again.body.items[0].leaseId).not.toBe(first[0].leaseId);
      expect(waited).toBeGreaterThan(4_000);
      expect(waited).toBeLessThan(7_000);
      expect((await row(id)).attempts).toBe(2);
      // the expired lease no longer acks once the delivery is leased again
      expect((await ack(t.baseUrl, org.id, integration.id, org.key, [first[0].leaseId])).body).toEqual({
        acked: 0,
      });
      expect(
        (await ack(t.baseUrl, org.id, integration.id, org.key, [again.body.items[0].leaseId])).body,
      ).toEqual({
        acked: 1,
      });
    }, 30_000);

    it('dead-letters after DELIVERY_MAX_ATTEMPTS unacked leases; a redrive makes it pullable again, never POSTed', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await seedPullIntegration(t.baseUrl, org);
      const id = await acceptWebhook(t.baseUrl, integration.ingressPath, { never: 'acked' });
      for (let lease = 1; lease <= 2; lease++) {
        const items = (
          await pull(t.baseUrl, org.id, integration.id, org.key, { waitSeconds: 10, leaseSeconds: 5 })
        ).body.items;
        expect(items.map((item) => item.deliveryId)).toEqual([id]);
      }
      const dead = await waitUntil(
        () => row(id),
        (stored) => stored.status === 'DEAD',
        { timeoutMs: 10_000 },
      );
      expect(dead).toMatchObject({ status: 'DEAD', attempts: 2, last_error: 'not acked within 2 leases' });
      expect((await pull(t.baseUrl, org.id, integration.id, org.key)).body.items).toEqual([]);
      const attempts = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/ingress/deliveries/${id}/attempts`, {
        key: org.key,
      });
      expect(attempts.body.items.map((item: { outcome: string }) => item.outcome)).toEqual([
        'expired',
        'expired',
      ]);

      const redriven = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/ingress/redrive`, {
        key: org.key,
        body: { deliveryIds: [id] },
      });
      expect(redriven.body.results).toEqual([{ deliveryId: id, outcome: 'queued', handled: true }]);
      const items = (await pull(t.baseUrl, org.id, integration.id, org.key)).body.items;
      expect(items.map((item) => item.deliveryId)).toEqual([id]);
      expect((await row(id)).attempts).toBe(3);
      expect(
        await sql(`SELECT 1 FROM delivery_attempts WHERE delivery_id = $1 AND kind = 'dispatch'`, [id]),
      ).toHaveLength(0);
    }, 40_000);

    it('never hands one delivery to two pullers within a lease', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await seedPullIntegration(t.baseUrl, org);
      const ids = new Set<string>();
      for (let n = 0; n < 60; n++) ids.add(await acceptWebhook(t.baseUrl, integration.ingressPath, { n }));
      const puller = async () => {
        const got: string[] = [];
        for (;;) {
          const { items } = (
            await pull(t.baseUrl, org.id, integration.id, org.key, { max: 7, leaseSeconds: 60 })
          ).body;
          if (items.length === 0) return got;
          got.push(...items.map((item: PulledItem) => item.deliveryId));
        }
      };
      const [a, b, c] = await Promise.all([puller(), puller(), puller()]);
      const all = [...a, ...b, ...c];
      expect(all).toHaveLength(60);
      expect(new Set(all)).toEqual(ids);
      expect(a.length * b.length * c.length).toBeGreaterThan(0);
    });

    it('answers 409 for a push integration and while the integration is DISABLED', async () => {
      const org = await seedOrg(t.baseUrl);
      const push = await seedIntegration(t.baseUrl, org);
      const pushPull = await pull(t.baseUrl, org.id, push.id, org.key);
      expect([pushPull.status, pushPull.body.error?.code]).toEqual([409, 'INGRESS.NOT_PULL_MODE']);
      const integration = await seedPullIntegration(t.baseUrl, org);
      await acceptWebhook(t.baseUrl, integration.ingressPath, { waits: true });
      await http(t.baseUrl, 'PATCH', `/v1/orgs/${org.id}/integrations/${integration.id}`, {
        key: org.key,
        body: { status: 'DISABLED' },
      });
      const disabled = await pull(t.baseUrl, org.id, integration.id, org.key);
      expect([disabled.status, disabled.body.error?.code]).toEqual([
        409,
        'INGRESS.INTEGRATION_NOT_DELIVERABLE',
      ]);
      await http(t.baseUrl, 'PATCH', `/v1/orgs/${org.id}/integrations/${integration.id}`, {
        key: org.key,
        body: { status: 'ENABLED' },
      });
      expect((await pull(t.baseUrl, org.id, integration.id, org.key)).body.items).toHaveLength(1);
    });
  });

  describe('worker tokens of the agents in pullAgentIds', () => {
    it('lets a listed agent pull and ack with its worker token; refuses others', async () => {
      const org = await seedOrg(t.baseUrl);
      const listed = await agentWithToken(org);
      const unlisted = await agentWithToken(org);
      const integration = await seedPullIntegration(t.baseUrl, org, { pullAgentIds: [listed.agentId] });
      const id = await acceptWebhook(t.baseUrl, integration.ingressPath, { for: 'the sandbox' });

      const refused = await pull(t.baseUrl, org.id, integration.id, unlisted.token);
      expect([refused.status, refused.body.error?.code]).toEqual([403, 'INGRESS.PULL_FORBIDDEN']);
      const pulled = await pull(t.baseUrl, org.id, integration.id, listed.token);
      expect(pulled.status).toBe(200);
      expect(pulled.body.items.map((item) => item.deliveryId)).toEqual([id]);
      expect(
        (await ack(t.baseUrl, org.id, integration.id, listed.token, [pulled.body.items[0].leaseId])).body,
      ).toEqual({ acked: 1 });
      expect((await row(id)).status).toBe('DELIVERED');

      // a worker token reaches nothing else of the API
      const elsewhere = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/ingress/deliveries`, {
        key: listed.token,
      });
      expect([elsewhere.status, elsewhere.body.error?.code]).toEqual([401, 'AUTH.UNAUTHENTICATED']);
    });

    it("answers 404 on another org's route, 401 for an unknown token and once a token is deleted", async () => {
      const org = await seedOrg(t.baseUrl);
      const other = await seedOrg(t.baseUrl);
      const worker = await agentWithToken(org);
      const otherIntegration = await seedPullIntegration(t.baseUrl, other, {
        pullAgentIds: [worker.agentId],
      });
      const foreign = await pull(t.baseUrl, other.id, otherIntegration.id, worker.token);
      expect(foreign.status).toBe(404);
      const integration = await seedPullIntegration(t.baseUrl, org, { pullAgentIds: [worker.agentId] });
      const unknown = await pull(t.baseUrl, org.id, integration.id, `pbw_${'A'.repeat(43)}`);
      expect([unknown.status, unknown.body.error?.code]).toEqual([401, 'AUTH.UNAUTHENTICATED']);
      expect((await pull(t.baseUrl, org.id, integration.id, worker.token)).status).toBe(200);
      await http(
        t.baseUrl,
        'DELETE',
        `/v1/orgs/${org.id}/agents/${worker.agentId}/worker-tokens/${worker.tokenId}`,
        {
          key: org.key,
        },
      );
      const deleted = await pull(t.baseUrl, org.id, integration.id, worker.token);
      expect(deleted.status).toBe(401);
      // the operator key and the org's own key always may pull
      expect((await pull(t.baseUrl, org.id, integration.id, TEST_ADMIN_KEY)).status).toBe(200);
    });
  });
});
