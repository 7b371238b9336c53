import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { startApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { http } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { SeededOrg, seedIntegration, seedOrg } from '../support/seed';
import { EchoUpstream } from '../support/echo-upstream';

/** A chat API that fails with whatever text it is given in `error` (an upstream we do not control). */
async function startChatApi(error: string): Promise<{ url: string; calls: number; close(): Promise<void> }> {
  const state = { calls: 0 };
  const server: Server = createServer((request, response) => {
    state.calls++;
    request.resume();
    request.on('end', () =>
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: false, error })),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    get calls() {
      return state.calls;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('response hygiene', () => {
  let t: TestApp;
  let upstream: EchoUpstream;
  beforeAll(async () => {
    upstream = await EchoUpstream.start();
    t = await startApp();
  });
  afterAll(async () => {
    await t.close();
    await upstream.close();
    await closeSql();
  });

  /** One request forwarded by the secret proxy under a provider key the org chose. */
  async function proxyOnce(org: SeededOrg, providerKey: string): Promise<void> {
    const provider = await createProvider(t.baseUrl, org, {
      key: providerKey,
      tokenUrl: 'http://127.0.0.1:9/token',
      apiBaseUrl: upstream.url,
    });
    const connection = await importConnection(t.baseUrl, org, provider.key, {
      accessToken: `at-${randomUUID()}`,
    });
    const base = `/v1/orgs/${org.id}/agents`;
    const agent = await http(t.baseUrl, 'POST', base, { key: org.key, body: { name: 'metrics' } });
    const token = await http(t.baseUrl, 'POST', `${base}/${agent.body.id}/worker-tokens`, {
      key: org.key,
      body: {},
    });
    const placeholder = await http(t.baseUrl, 'POST', `${base}/${agent.body.id}/placeholders`, {
      key: org.key,
      body: { connectionId: connection.id },
    });
    const forwarded = await http(t.baseUrl, 'GET', `/proxy/${providerKey}/x`, {
      headers: {
        'proxy-authorization': `Bearer ${token.body.token}`,
        authorization: `Bearer ${placeholder.body.placeholder}`,
      },
    });
    expect(forwarded.status).toBe(200);
  }

  describe('Cache-Control: no-store', () => {
    it('is on every /v1 and /oauth answer: reads, created secrets, errors and router rejections', async () => {
      const org = await seedOrg(t.baseUrl);
      const answers = [
        await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}`, { key: org.key }),
        await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/api-keys`, { key: TEST_ADMIN_KEY, body: {} }),
        await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}`),
        await http(t.baseUrl, 'GET', `/v1/orgs/${randomUUID()}`, { key: TEST_ADMIN_KEY }),
        await http(t.baseUrl, 'GET', '/v1/orgs/%E0%A4%A'),
        await http(t.baseUrl, 'GET', '/v1/nowhere'),
        await http(t.baseUrl, 'GET', '/oauth/callback?code=x&state=unknown'),
      ];
      expect(answers.map((answer) => answer.status)).toEqual([200, 201, 401, 404, 400, 404, 400]);
      for (const answer of answers) expect(answer.headers.get('cache-control')).toBe('no-store');
    });
  });

  describe('error bodies carry codes, never upstream or exception text', () => {
    it('answers 502 INTERACTION.POST_FAILED naming a code when the chat API fails with arbitrary text', async () => {
      const chat = await startChatApi('Traceback (most recent call last): internal host db-7.acme.local');
      try {
        const org = await seedOrg(t.baseUrl);
        const provider = await createProvider(t.baseUrl, org, {
          tokenUrl: 'http://127.0.0.1:9/token',
          apiBaseUrl: chat.url,
        });
        const connection = await importConnection(t.baseUrl, org, provider.key, {
          accessToken: `xoxb-${randomUUID()}`,
        });
        const integration = await seedIntegration(t.baseUrl, org, {
          plugin: 'slack',
          connectionIds: [connection.id],
          ingress: { scheme: 'slack', secret: `slack-signing-${randomUUID()}` },
        });
        const id = `q-${randomUUID()}`;
        const result = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/interactions`, {
          key: org.key,
          body: {
            id,
            integrationId: integration.id,
            connectionId: connection.id,
            expectedUserId: 'U1',
            channel: 'C1',
            question: 'Ok?',
            options: ['Yes'],
          },
        });
        expect(result.status).toBe(502);
        expect(result.body.error.code).toBe('INTERACTION.POST_FAILED');
        expect(result.body.error.message).toContain('unknown_error');
        expect(result.text).not.toContain('Traceback');
        expect(result.text).not.toContain('db-7');
        expect(chat.calls).toBe(1);
        expect(await sql('SELECT id FROM pending_interactions WHERE id = $1', [id])).toEqual([]);
      } finally {
        await chat.close();
      }
    });
  });

  describe('/metrics labels', () => {
    it('never carry an integration instance id or a provider key, only templates and schemes', async () => {
      const org = await seedOrg(t.baseUrl);
      const { instanceId } = await seedIntegration(t.baseUrl, org, {
        instanceId: `acme-private-${randomUUID().slice(0, 8)}`,
      });
      await http(t.baseUrl, 'POST', `/ingress/generic/${instanceId}/events`, {
        raw: '{"a":1}',
        headers: { 'content-type': 'application/json' },
      });
      const providerKey = `acme-project-${randomUUID().slice(0, 8)}`;
      await proxyOnce(org, providerKey);
      const metrics = await http(t.baseUrl, 'GET', '/metrics');
      expect(metrics.text).toContain('route="/ingress/:pluginId/:instanceId/:route"');
      expect(metrics.text).not.toContain(instanceId);
      expect(metrics.text).not.toContain(providerKey);
    });
  });
});
