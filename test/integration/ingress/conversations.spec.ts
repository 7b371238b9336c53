import { randomUUID } from 'node:crypto';
import { createHmac } from 'node:crypto';
import { startApp, TestApp } from '../../support/app';
import { closeSql, sql } from '../../support/db';
import { http } from '../../support/http';
import { seedIntegration, seedOrg } from '../../support/seed';
import { WebhookReceiver } from '../../support/webhook-receiver';

describe('conversations', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await startApp();
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
    await closeSql();
  });

  function slackHeaders(secret: string, body: string): Record<string, string> {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
    return {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': `v0=${signature}`,
    };
  }

  it('converges 20 concurrent first messages of one Slack thread on one conversationId', async () => {
    const org = await seedOrg(t.baseUrl);
    const integration = await seedIntegration(t.baseUrl, org, {
      plugin: 'slack',
      deliveryUrl: receiver.url('slack'),
      ingress: { scheme: 'slack', secret: 'slack-signing-secret-0001' },
    });
    receiver.setSecret('slack', integration.deliverySecret);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) => {
        const body = JSON.stringify({
          type: 'event_callback',
          event_id: `Ev${index}-${randomUUID()}`,
          event: { type: 'message', channel: 'C42', ts: `${index}.0`, thread_ts: '1.0' },
        });
        return http(t.baseUrl, 'POST', `/ingress/slack/${integration.instanceId}/events`, {
          raw: body,
          headers: slackHeaders('slack-signing-secret-0001', body),
        });
      }),
    );
    expect(responses.every((response) => response.status === 202)).toBe(true);
    const ids = responses.map((response) => response.body.deliveryId);
    await receiver.waitFor(() => ids.every((id) => receiver.countFor(id) === 1), 15_000);
    const conversationIds = new Set(
      receiver.forPath('slack').map((delivery) => delivery.body.conversationId),
    );
    expect(conversationIds.size).toBe(1);
    expect([...conversationIds][0]).toEqual(expect.any(String));
    const mappings = await sql(`SELECT * FROM conversation_mappings WHERE integration_id = $1`, [
      integration.id,
    ]);
    expect(mappings).toHaveLength(1);
    expect(mappings[0].external_conversation_id).toBe('C42:1.0');

    const listed = await http(
      t.baseUrl,
      'GET',
      `/v1/orgs/${org.id}/conversations?integrationId=${integration.id}`,
      {
        key: org.key,
      },
    );
    expect(listed.body).toEqual({
      items: [
        {
          integrationId: integration.id,
          externalConversationId: 'C42:1.0',
          conversationId: [...conversationIds][0],
          createdAt: expect.any(String),
        },
      ],
      nextCursor: null,
    });
  });

  it('PUT binds an external conversation and answers 409 CONVERSATION.MAPPING_CONFLICT for a reused conversationId', async () => {
    const org = await seedOrg(t.baseUrl);
    const integration = await seedIntegration(t.baseUrl, org);
    const conversationId = randomUUID();
    const put = (externalConversationId: string, id = conversationId) =>
      http(t.baseUrl, 'PUT', `/v1/orgs/${org.id}/conversations`, {
        key: org.key,
        body: { integrationId: integration.id, externalConversationId, conversationId: id },
      });
    const first = await put('ticket-1');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      integrationId: integration.id,
      externalConversationId: 'ticket-1',
      conversationId,
    });
    expect((await put('ticket-1')).status).toBe(200);
    const conflict = await put('ticket-2');
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('CONVERSATION.MAPPING_CONFLICT');
    const rebound = await put('ticket-1', randomUUID());
    expect(rebound.status).toBe(200);
  });

  it('answers 404 for an integration of another org', async () => {
    const org = await seedOrg(t.baseUrl);
    const other = await seedOrg(t.baseUrl);
    const integration = await seedIntegration(t.baseUrl, other);
    const result = await http(t.baseUrl, 'PUT', `/v1/orgs/${org.id}/conversations`, {
      key: org.key,
      body: { integrationId: integration.id, externalConversationId: 'x', conversationId: randomUUID() },
    });
    expect(result.status).toBe(404);
  });
});
