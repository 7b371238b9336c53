import { randomUUID } from 'node:crypto';
import { OutboundHttp } from '../../src/shared/outbound';
import { startApp, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { FakeSlack } from '../support/fake-slack';
import { http } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { seedIntegration, seedOrg } from '../support/seed';

describe('POST /v1/orgs/:orgId/interactions with a provider that names no chat API', () => {
  let t: TestApp;
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    t = await startApp();
  });
  afterAll(async () => {
    await t.close();
    await slack.stop();
    await closeSql();
  });

  it('answers 400 INTERACTION.NO_CHAT_API, stores nothing and sends the token nowhere', async () => {
    const org = await seedOrg(t.baseUrl);
    // e.g. a GitHub app: no apiBaseUrl, so there is no chat API its token was entered for
    const provider = await createProvider(t.baseUrl, org, { tokenUrl: 'http://127.0.0.1:9/token' });
    const connection = await importConnection(t.baseUrl, org, provider.key, {
      accessToken: `gho_${randomUUID()}`,
    });
    const integration = await seedIntegration(t.baseUrl, org, {
      plugin: 'slack',
      connectionIds: [connection.id],
      ingress: { scheme: 'slack', secret: `slack-signing-${randomUUID()}` },
    });
    const outbound = jest.spyOn(t.app.get(OutboundHttp), 'request');
    const id = `no-chat-${randomUUID()}`;

    const result = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/interactions`, {
      key: org.key,
      body: {
        id,
        integrationId: integration.id,
        connectionId: connection.id,
        expectedUserId: 'U_ALICE',
        channel: 'C_REFUNDS',
        question: 'Refund?',
        options: ['Yes', 'No'],
      },
    });

    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('INTERACTION.NO_CHAT_API');
    expect(outbound).not.toHaveBeenCalled();
    expect(slack.calls).toEqual([]);
    expect(await sql('SELECT id FROM pending_interactions WHERE id = $1', [id])).toEqual([]);
    outbound.mockRestore();
  });
});
