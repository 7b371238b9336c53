import { randomUUID } from 'node:crypto';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { EchoUpstream } from '../support/echo-upstream';
import { FakeSlack } from '../support/fake-slack';
import { http } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { SeededOrg, seedIntegration, seedOrg } from '../support/seed';

/** Ids a client chooses name one resource per org, and no answer tells one org what another uses. */
describe('client-chosen ids are scoped to the org', () => {
  let t: TestApp;
  let upstream: EchoUpstream;
  let slack: FakeSlack;

  beforeAll(async () => {
    upstream = await EchoUpstream.start();
    slack = await new FakeSlack().start();
    t = await startApp();
  });
  afterAll(async () => {
    await t.close();
    await upstream.close();
    await slack.stop();
    await closeSql();
  });

  const agentsOf = (org: SeededOrg) => `/v1/orgs/${org.id}/agents`;

  /** An agent with a chosen id, a worker token and a placeholder for a connection holding `accessToken`. */
  async function workerFor(org: SeededOrg, agentId: string, accessToken: string) {
    const provider = await createProvider(t.baseUrl, org, {
      key: 'echo',
      tokenUrl: 'http://127.0.0.1:9/token',
      apiBaseUrl: upstream.url,
    });
    const connection = await importConnection(t.baseUrl, org, provider.key, { accessToken });
    const agent = await http(t.baseUrl, 'POST', agentsOf(org), {
      key: org.key,
      body: { id: agentId, name: 'bot' },
    });
    expect(agent.status).toBe(201);
    const token = await http(t.baseUrl, 'POST', `${agentsOf(org)}/${agentId}/worker-tokens`, {
      key: org.key,
      body: {},
    });
    const placeholder = await http(t.baseUrl, 'POST', `${agentsOf(org)}/${agentId}/placeholders`, {
      key: org.key,
      body: { connectionId: connection.id },
    });
    return { token: token.body.token as string, placeholder: placeholder.body.placeholder as string };
  }

  const proxied = (worker: { token: string; placeholder: string }) =>
    http(t.baseUrl, 'GET', '/proxy/echo/whoami', {
      headers: {
        'proxy-authorization': `Bearer ${worker.token}`,
        authorization: `Bearer ${worker.placeholder}`,
      },
    });

  describe('agents', () => {
    it('creates the same agent id in two orgs as two agents, each reaching only its own credentials', async () => {
      const agentId = randomUUID();
      const [first, second] = [await seedOrg(t.baseUrl), await seedOrg(t.baseUrl)];
      const firstToken = `first-${randomUUID()}`;
      const secondToken = `second-${randomUUID()}`;
      const a = await workerFor(first, agentId, firstToken);
      const b = await workerFor(second, agentId, secondToken);

      const before = upstream.count;
      expect((await proxied(a)).status).toBe(200);
      expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${firstToken}`);
      expect((await proxied(b)).status).toBe(200);
      expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${secondToken}`);
      expect(upstream.count).toBe(before + 2);
      // a worker of one org cannot use the other org's placeholder, though the agent id is the same
      const crossed = await proxied({ token: a.token, placeholder: b.placeholder });
      expect(crossed.status).toBe(403);
      expect(upstream.count).toBe(before + 2);

      expect(
        (await http(t.baseUrl, 'DELETE', `${agentsOf(first)}/${agentId}`, { key: first.key })).status,
      ).toBe(204);
      expect((await proxied(a)).status).toBe(403);
      expect((await proxied(b)).status).toBe(200);
      expect(await sql('SELECT organization_id FROM proxy_agents WHERE id = $1', [agentId])).toEqual([
        { organization_id: second.id },
      ]);
    });

    it('answers 409 only for an id taken in the same org', async () => {
      const org = await seedOrg(t.baseUrl);
      const agentId = randomUUID();
      await http(t.baseUrl, 'POST', agentsOf(org), { key: org.key, body: { id: agentId, name: 'one' } });
      const again = await http(t.baseUrl, 'POST', agentsOf(org), {
        key: org.key,
        body: { id: agentId, name: 'two' },
      });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('AGENT.ALREADY_EXISTS');
    });
  });

  describe('interactions', () => {
    async function slackSetup(org: SeededOrg) {
      const provider = await createProvider(t.baseUrl, org, {
        tokenUrl: 'http://127.0.0.1:9/token',
        apiBaseUrl: slack.apiBaseUrl,
        errorStyle: 'slack',
      });
      const connection = await importConnection(t.baseUrl, org, provider.key, {
        accessToken: `xoxb-${randomUUID()}`,
      });
      const integration = await seedIntegration(t.baseUrl, org, {
        plugin: 'slack',
        connectionIds: [connection.id],
        ingress: { scheme: 'slack', secret: `slack-signing-${randomUUID()}` },
      });
      return { org, connectionId: connection.id, integrationId: integration.id };
    }

    const ask = (setup: Awaited<ReturnType<typeof slackSetup>>, id: string, question: string) =>
      http(t.baseUrl, 'POST', `/v1/orgs/${setup.org.id}/interactions`, {
        key: setup.org.key,
        body: {
          id,
          integrationId: setup.integrationId,
          connectionId: setup.connectionId,
          expectedUserId: 'U1',
          channel: 'C1',
          question,
          options: ['Yes', 'No'],
        },
      });

    it('keeps the same id in two orgs apart: asking, answering, reading and sweeping', async () => {
      const id = `refund-${randomUUID()}`;
      const first = await slackSetup(await seedOrg(t.baseUrl));
      const second = await slackSetup(await seedOrg(t.baseUrl));
      expect((await ask(first, id, 'First?')).status).toBe(201);
      expect((await ask(second, id, 'Second?')).status).toBe(201);

      const answered = await http(t.baseUrl, 'POST', `/v1/orgs/${first.org.id}/interactions/${id}/answer`, {
        key: first.org.key,
        body: { connectionId: first.connectionId, userId: 'U1', answer: 'Yes' },
      });
      expect(answered.body).toEqual({ claimed: true });
      const secondRead = await http(t.baseUrl, 'GET', `/v1/orgs/${second.org.id}/interactions/${id}`, {
        key: second.org.key,
      });
      expect(secondRead.body).toMatchObject({ question: 'Second?', status: 'PENDING', answer: null });

      // the first org's question expires; the sweep removes it and nothing of the second org's
      await sql(
        `UPDATE pending_interactions SET created_at = now() - interval '2 days' WHERE id = $1 AND organization_id = $2`,
        [id, first.org.id],
      );
      const sweep = await http(t.baseUrl, 'POST', '/v1/admin/sweep', { key: TEST_ADMIN_KEY });
      expect(sweep.status).toBe(200);
      expect(await sql('SELECT organization_id FROM pending_interactions WHERE id = $1', [id])).toEqual([
        { organization_id: second.org.id },
      ]);
    });
  });

  describe('integration instance ids', () => {
    const create = (org: SeededOrg, instanceId: string) =>
      http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/integrations`, {
        key: org.key,
        body: {
          name: 'x',
          plugin: 'generic',
          instanceId,
          deliveryUrl: 'http://127.0.0.1:9/h',
          ingress: { scheme: 'none' },
        },
      });

    it('gives the same chosen name in two orgs two unguessable ingress URLs, each reaching its own org', async () => {
      const name = `acme-main-${randomUUID().slice(0, 8)}`;
      const [first, second] = [await seedOrg(t.baseUrl), await seedOrg(t.baseUrl)];
      const a = await create(first, name);
      const b = await create(second, name);
      expect([a.status, b.status]).toEqual([201, 201]);
      for (const created of [a, b]) {
        expect(created.body.instanceId).toMatch(new RegExp(`^${name}\\.[A-Za-z0-9_-]{16}$`));
        expect(created.body.ingress.url).toContain(`/ingress/generic/${created.body.instanceId}/:route`);
      }
      expect(a.body.instanceId).not.toBe(b.body.instanceId);

      for (const [org, created] of [
        [first, a],
        [second, b],
      ] as const) {
        const accepted = await http(t.baseUrl, 'POST', `/ingress/generic/${created.body.instanceId}/events`, {
          raw: '{"n":1}',
          headers: { 'content-type': 'application/json' },
        });
        expect(accepted.status).toBe(202);
        const [row] = await sql('SELECT organization_id FROM deliveries WHERE id = $1', [
          accepted.body.deliveryId,
        ]);
        expect(row.organization_id).toBe(org.id);
      }
      // the chosen name alone is no ingress URL: nobody can post to (or squat) it in advance
      const guessed = await http(t.baseUrl, 'POST', `/ingress/generic/${name}/events`, {
        raw: '{"n":1}',
        headers: { 'content-type': 'application/json' },
      });
      expect(guessed.status).toBe(404);
    });

    it('answers 409 for a name reused in the same org, with the same answer whatever other orgs use', async () => {
      const taken = `taken-${randomUUID().slice(0, 8)}`;
      const fresh = `fresh-${randomUUID().slice(0, 8)}`;
      await create(await seedOrg(t.baseUrl), taken);
      const org = await seedOrg(t.baseUrl);
      for (const name of [taken, fresh]) {
        expect((await create(org, name)).status).toBe(201);
        const again = await create(org, name);
        expect(again.status).toBe(409);
        expect(again.body.error).toMatchObject({
          code: 'INTEGRATION.INSTANCE_CONFLICT',
          message: `instanceId ${name} is already used for plugin generic in this org`,
        });
      }
    });
  });
});
