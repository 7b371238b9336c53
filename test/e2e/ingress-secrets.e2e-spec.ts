import { randomUUID } from 'node:crypto';
import { startApp, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { http } from '../support/http';
import { seedIntegration, seedOrg } from '../support/seed';
import { signers } from '../support/webhook-signers';

describe('ingress signing secrets', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t.close();
    await closeSql();
  });

  const create = (org: { id: string; key: string }, instanceId: string, ingress: Record<string, unknown>) =>
    http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/integrations`, {
      key: org.key,
      body: { name: 'weak', plugin: 'generic', instanceId, deliveryUrl: 'http://127.0.0.1:9/h', ingress },
    });

  it.each([
    ['standard-webhooks', 'whsec_'],
    ['standard-webhooks', `whsec_${Buffer.alloc(15, 1).toString('base64')}`],
    ['standard-webhooks', 'not base64 at all!'],
    ['stripe', 'whsec_short'],
    ['github', 'fifteen-chars!!'],
    ['slack', 'x'],
    ['shopify', 'shopify-secret'],
  ])('refuses a weak %s secret (%s) with 400 REQUEST.INVALID and stores nothing', async (scheme, secret) => {
    const org = await seedOrg(t.baseUrl);
    const instanceId = `weak-${randomUUID()}`;
    const result = await create(org, instanceId, { scheme, secret });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('REQUEST.INVALID');
    expect(result.body.error.message).toContain('ingress.secret');
    expect(await sql('SELECT id FROM integrations WHERE instance_id = $1', [instanceId])).toEqual([]);
  });

  it('reads a standard-webhooks secret without whsec_ as base64, as the standardwebhooks library signs with it', async () => {
    const org = await seedOrg(t.baseUrl);
    const secret = Buffer.alloc(32, 4).toString('base64');
    const integration = await seedIntegration(t.baseUrl, org, {
      ingress: { scheme: 'standard-webhooks', secret },
    });
    const body = '{"n":1}';
    const path = `/ingress/generic/${integration.instanceId}/events`;
    const signed = await http(t.baseUrl, 'POST', path, {
      raw: body,
      headers: signers.standardWebhooks(secret, `msg_${randomUUID()}`, body),
    });
    expect(signed.status).toBe(202);
    // the raw-bytes reading of the same text (the old behaviour) is a different key
    const rawBytes = `whsec_${Buffer.from(secret, 'utf8').toString('base64')}`;
    const forged = await http(t.baseUrl, 'POST', path, {
      raw: body,
      headers: signers.standardWebhooks(rawBytes, `msg_${randomUUID()}`, body),
    });
    expect(forged.status).toBe(401);
    expect(await sql('SELECT id FROM deliveries WHERE integration_id = $1', [integration.id])).toHaveLength(
      1,
    );
  });
});
