import { randomUUID } from 'node:crypto';
import { MAX_ANSWER_BYTES } from '../../src/shared/outbound';
import { startApp, TestApp } from '../support/app';
import { EndlessUpstream, startEndlessUpstream } from '../support/bad-upstreams';
import { closeSql, sql } from '../support/db';
import { http } from '../support/http';
import { createProvider, importConnection } from '../support/oauth-fixtures';
import { seedIntegration, seedOrg } from '../support/seed';

describe('answers read from upstreams we do not control are capped at 1 MiB', () => {
  let t: TestApp;
  let endless: EndlessUpstream;

  beforeAll(async () => {
    endless = await startEndlessUpstream();
    t = await startApp({ PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600' });
  });
  afterAll(async () => {
    await t.close();
    await endless.close();
    await closeSql();
  });

  it('a tokenUrl streaming without end is a transient refresh failure; the connection stays ACTIVE', async () => {
    const org = await seedOrg(t.baseUrl);
    const provider = await createProvider(t.baseUrl, org, { tokenUrl: endless.url });
    const connection = await importConnection(t.baseUrl, org, provider.key, {
      accessToken: `at-${randomUUID()}`,
      refreshToken: `rt-${randomUUID()}`,
      expiresIn: 3600,
    });
    const before = endless.connections;
    const heapBefore = process.memoryUsage().heapUsed;

    const refreshed = await http(
      t.baseUrl,
      'POST',
      `/v1/orgs/${org.id}/connections/${connection.id}/refresh`,
      {
        key: org.key,
      },
    );

    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ ok: false, errorCode: 'answer_too_large', terminal: false });
    expect(endless.connections).toBe(before + 1);
    await endless.allClosed();
    expect(endless.bytesWritten).toBeLessThan(64 * MAX_ANSWER_BYTES);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * MAX_ANSWER_BYTES);
    const [row] = await sql('SELECT status FROM oauth_connections WHERE id = $1', [connection.id]);
    expect(row.status).toBe('ACTIVE');
  });

  it('a chat API streaming without end fails the question with 502 and leaves no row', async () => {
    const org = await seedOrg(t.baseUrl);
    const provider = await createProvider(t.baseUrl, org, {
      tokenUrl: 'http://127.0.0.1:9/token',
      apiBaseUrl: endless.url,
    });
    const connection = await importConnection(t.baseUrl, org, provider.key, {
      accessToken: `xoxb-${randomUUID()}`,
    });
    const integration = await seedIntegration(t.baseUrl, org, {
      plugin: 'slack',
      connectionIds: [connection.id],
      ingress: { scheme: 'slack', secret: `slack-signing-${randomUUID()}` },
    });
    const id = `endless-${randomUUID()}`;
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
    expect(result.body.error.message).toContain('OUTBOUND.ANSWER_TOO_LARGE');
    await endless.allClosed();
    expect(await sql('SELECT id FROM pending_interactions WHERE id = $1', [id])).toEqual([]);
  });
});
