import { randomUUID } from 'node:crypto';
import { startApp, TestApp } from '../support/app';
import { closeSql, sql } from '../support/db';
import { http } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { seedIntegration, seedOrg } from '../support/seed';
import { signers } from '../support/webhook-signers';

describe('stored secrets are bound to their row', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t.close();
    await closeSql();
  });

  it('a token ciphertext copied into another connection does not decrypt there: a clear error, lists unaffected', async () => {
    const org = await seedOrg(t.baseUrl);
    const provider = await createProvider(t.baseUrl, org, { tokenUrl: 'http://127.0.0.1:9/token' });
    const victimToken = `victim-${randomUUID()}`;
    const victim = await importConnection(t.baseUrl, org, provider.key, { accessToken: victimToken });
    const thief = await importConnection(t.baseUrl, org, provider.key, {
      accessToken: `thief-${randomUUID()}`,
    });
    await sql(
      `UPDATE oauth_connections SET access_token_encrypted =
         (SELECT access_token_encrypted FROM oauth_connections WHERE id = $1) WHERE id = $2`,
      [victim.id, thief.id],
    );

    const list = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/connections`, { key: org.key });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    const stolen = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections/${thief.id}/access-token`, {
      key: org.key,
    });
    expect(stolen.status).toBe(500);
    expect(stolen.body.error.code).toBe('SECRET.UNREADABLE');
    expect(stolen.body.error.message).toBe(
      `The stored access_token_encrypted of oauth_connections ${thief.id} cannot be decrypted: ` +
        'it was sealed for another row or column, or altered',
    );
    expect(stolen.text).not.toContain(victimToken);
    expect(t.logs.messages()).toContain(stolen.body.error.message);

    const own = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections/${victim.id}/access-token`, {
      key: org.key,
    });
    expect(own.body.accessToken).toBe(victimToken);
  });

  it('an ingress secret ciphertext copied into another integration verifies nothing there', async () => {
    const org = await seedOrg(t.baseUrl);
    const knownSecret = `github-known-${randomUUID()}`;
    const source = await seedIntegration(t.baseUrl, org, {
      ingress: { scheme: 'github', secret: knownSecret },
    });
    const target = await seedIntegration(t.baseUrl, org, {
      ingress: { scheme: 'github', secret: `github-unknown-${randomUUID()}` },
    });
    await sql(
      `UPDATE integrations SET ingress_secret_encrypted =
         (SELECT ingress_secret_encrypted FROM integrations WHERE id = $1) WHERE id = $2`,
      [source.id, target.id],
    );
    const body = '{"action":"opened"}';
    const forged = await http(t.baseUrl, 'POST', `/ingress/generic/${target.instanceId}/events`, {
      raw: body,
      headers: await signers.github(knownSecret, body, `d-${randomUUID()}`),
    });
    expect(forged.status).toBe(500);
    expect(forged.body.error.code).toBe('SECRET.UNREADABLE');
    expect(await sql('SELECT id FROM deliveries WHERE integration_id = $1', [target.id])).toEqual([]);
    const list = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/integrations`, { key: org.key });
    expect(list.status).toBe(200);
  });
});
