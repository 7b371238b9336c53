import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EventBus } from '../../../src/shared/event-bus';
import {
  CREDENTIAL_INVALIDATED,
  INTEGRATION_STATUS_CHANGED,
  REAUTH_SUCCEEDED,
} from '../../../src/shared/events';
import { startApp, TestApp } from '../../support/app';
import { closeSql, sql } from '../../support/db';
import { http } from '../../support/http';
import { seedConnection, seedIntegration, seedOrg, SeededOrg } from '../../support/seed';
import { testState } from '../../support/test-state';

describe('integrations', () => {
  let t: TestApp;
  let events: EventBus;
  const statusChanges: Array<{ integrationId: string; from: string; to: string }> = [];

  beforeAll(async () => {
    t = await startApp({ LOG_LEVEL: 'info' });
    events = t.app.get(EventBus);
    const emitter = t.app.get(EventEmitter2);
    emitter.on(INTEGRATION_STATUS_CHANGED, (event: { integrationId: string; from: string; to: string }) => {
      statusChanges.push(event);
    });
  });
  afterAll(async () => {
    await t.close();
    await closeSql();
  });

  const setStatus = (id: string, status: string) =>
    sql(`UPDATE integrations SET status = $2 WHERE id = $1`, [id, status]);
  const statusOf = async (id: string) =>
    (await sql(`SELECT status FROM integrations WHERE id = $1`, [id]))[0].status;

  describe('POST /v1/orgs/:orgId/integrations', () => {
    it('answers 201 ENABLED with a whsec_ deliverySecret shown once and stores both secrets encrypted', async () => {
      const org = await seedOrg(t.baseUrl);
      const created = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/integrations`, {
        key: org.key,
        body: {
          name: 'Support Slack',
          plugin: 'slack',
          instanceId: `acme-${randomUUID().slice(0, 6)}`,
          connectionIds: [await seedConnection(t.baseUrl, org)],
          deliveryUrl: 'https://agents.example.com/hooks',
          config: { team: 'T1' },
          ingress: { scheme: 'slack', secret: 'slack-signing-secret' },
          onError: 'park',
        },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        status: 'ENABLED',
        statusReason: null,
        plugin: 'slack',
        onError: 'park',
      });
      expect(created.body.deliverySecret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      const [row] = await sql(`SELECT * FROM integrations WHERE id = $1`, [created.body.id]);
      expect(row.delivery_secret_encrypted).not.toContain(created.body.deliverySecret.slice(6));
      expect(row.ingress_secret_encrypted).not.toContain('slack-signing-secret');

      const read = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/integrations/${created.body.id}`, {
        key: org.key,
      });
      expect(read.status).toBe(200);
      expect(read.text).not.toContain('deliverySecret');
      expect(read.text).not.toContain('slack-signing-secret');
      const list = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/integrations`, { key: org.key });
      expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([created.body.id]);
      expect(list.text).not.toContain('whsec_');
    });

    it('answers 409 INTEGRATION.INSTANCE_CONFLICT for a reused instanceId of the same plugin in the org only', async () => {
      const org = await seedOrg(t.baseUrl);
      const instanceId = `shared-${randomUUID().slice(0, 6)}`;
      await seedIntegration(t.baseUrl, org, { plugin: 'slack', instanceId });
      const again = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/integrations`, {
        key: org.key,
        body: {
          name: 'x',
          plugin: 'slack',
          instanceId,
          deliveryUrl: 'https://a.example',
          ingress: { scheme: 'none' },
        },
      });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('INTEGRATION.INSTANCE_CONFLICT');
      const otherPlugin = await seedIntegration(t.baseUrl, org, { plugin: 'github', instanceId });
      expect(otherPlugin.instanceId).toMatch(new RegExp(`^${instanceId}\\.[A-Za-z0-9_-]{16}$`));
    });

    it('generates an instanceId, and rejects a bad plugin slug, a missing secret and bad connection ids', async () => {
      const org = await seedOrg(t.baseUrl);
      const generated = await seedIntegration(t.baseUrl, org, { instanceId: undefined });
      expect(generated.instanceId).toMatch(/^inst_[0-9a-f]{16}\.[A-Za-z0-9_-]{16}$/);
      const post = (body: Record<string, unknown>) =>
        http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/integrations`, {
          key: org.key,
          body: {
            name: 'x',
            plugin: 'generic',
            deliveryUrl: 'https://a.example',
            ingress: { scheme: 'none' },
            ...body,
          },
        });
      const badSlug = await post({ plugin: 'Bad Slug' });
      expect(badSlug.status).toBe(400);
      expect(badSlug.body.error.message).toContain('plugin');
      expect((await post({ ingress: { scheme: 'github' } })).status).toBe(400);
      expect((await post({ connectionIds: ['not-a-uuid'] })).status).toBe(400);
    });

    it('answers 404 to another org’s key and hides another org’s integration', async () => {
      const owner = await seedOrg(t.baseUrl);
      const other = await seedOrg(t.baseUrl);
      const integration = await seedIntegration(t.baseUrl, owner);
      const read = await http(t.baseUrl, 'GET', `/v1/orgs/${other.id}/integrations/${integration.id}`, {
        key: other.key,
      });
      expect(read.status).toBe(404);
      const cross = await http(t.baseUrl, 'GET', `/v1/orgs/${owner.id}/integrations/${integration.id}`, {
        key: other.key,
      });
      expect(cross.status).toBe(404);
    });
  });

  describe('PATCH and DELETE', () => {
    it('changes status with statusChangedAt, publishes INTEGRATION_STATUS_CHANGED, and accepts ENABLED from ERROR', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await seedIntegration(t.baseUrl, org);
      const disabled = await http(t.baseUrl, 'PATCH', `/v1/orgs/${org.id}/integrations/${integration.id}`, {
        key: org.key,
        body: { status: 'DISABLED', name: 'renamed' },
      });
      expect(disabled.status).toBe(200);
      expect(disabled.body).toMatchObject({
        status: 'DISABLED',
        name: 'renamed',
        statusReason: 'disabled by user',
      });
      expect(statusChanges).toContainEqual(
        expect.objectContaining({ integrationId: integration.id, from: 'ENABLED', to: 'DISABLED' }),
      );
      await setStatus(integration.id, 'ERROR');
      const enabled = await http(t.baseUrl, 'PATCH', `/v1/orgs/${org.id}/integrations/${integration.id}`, {
        key: org.key,
        body: { status: 'ENABLED' },
      });
      expect(enabled.body.status).toBe('ENABLED');
      expect(statusChanges).toContainEqual(
        expect.objectContaining({ integrationId: integration.id, from: 'ERROR', to: 'ENABLED' }),
      );
      const bad = await http(t.baseUrl, 'PATCH', `/v1/orgs/${org.id}/integrations/${integration.id}`, {
        key: org.key,
        body: { status: 'ERROR' },
      });
      expect(bad.status).toBe(400);
    });

    it('deletes with 204 and then answers 404', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await seedIntegration(t.baseUrl, org);
      const path = `/v1/orgs/${org.id}/integrations/${integration.id}`;
      expect((await http(t.baseUrl, 'DELETE', path, { key: org.key })).status).toBe(204);
      expect((await http(t.baseUrl, 'GET', path, { key: org.key })).status).toBe(404);
      expect((await http(t.baseUrl, 'DELETE', path, { key: org.key })).status).toBe(404);
    });
  });

  describe('connectionIds', () => {
    it("answers 404 CONNECTION.NOT_FOUND for another org's connection or an unknown one, and creates nothing", async () => {
      const org = await seedOrg(t.baseUrl);
      const otherOrg = await seedOrg(t.baseUrl);
      const foreignConnection = await seedConnection(t.baseUrl, otherOrg);
      for (const connectionId of [foreignConnection, randomUUID()]) {
        const result = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/integrations`, {
          key: org.key,
          body: {
            name: 'x',
            plugin: 'generic',
            connectionIds: [connectionId],
            deliveryUrl: 'https://a.example/h',
            ingress: { scheme: 'none' },
          },
        });
        expect(result.status).toBe(404);
        expect(result.body.error.code).toBe('CONNECTION.NOT_FOUND');
      }
      expect(await sql(`SELECT 1 FROM integrations WHERE organization_id = $1`, [org.id])).toHaveLength(0);
    });
  });

  describe('CREDENTIAL_INVALIDATED', () => {
    it('moves every integration using the connection to ERROR except DISABLED, in its own org only', async () => {
      const org = await seedOrg(t.baseUrl);
      const otherOrg = await seedOrg(t.baseUrl);
      const connectionId = await seedConnection(t.baseUrl, org);
      const secondConnection = await seedConnection(t.baseUrl, org);
      const seeded = await Promise.all(
        ['ENABLED', 'DISABLED', 'NEEDS_CONFIG', 'PROCESSING'].map(async (status) => {
          const integration = await seedIntegration(t.baseUrl, org, {
            connectionIds: [connectionId, secondConnection],
          });
          await setStatus(integration.id, status);
          return integration;
        }),
      );
      const unrelated = await seedIntegration(t.baseUrl, org, { connectionIds: [secondConnection] });
      const foreign = await seedIntegration(t.baseUrl, otherOrg, {
        connectionIds: [await seedConnection(t.baseUrl, otherOrg)],
      });

      await events.publish(CREDENTIAL_INVALIDATED, { orgId: org.id, connectionId, reason: 'invalid_grant' });
      expect(await Promise.all(seeded.map((integration) => statusOf(integration.id)))).toEqual([
        'ERROR',
        'DISABLED',
        'ERROR',
        'ERROR',
      ]);
      expect(await statusOf(unrelated.id)).toBe('ENABLED');
      expect(await statusOf(foreign.id)).toBe('ENABLED');
      const [row] = await sql(`SELECT status_reason FROM integrations WHERE id = $1`, [seeded[0].id]);
      expect(row.status_reason).toContain('invalid_grant');

      const changesBefore = statusChanges.length;
      await events.publish(CREDENTIAL_INVALIDATED, { orgId: org.id, connectionId, reason: 'invalid_grant' });
      expect(statusChanges.length).toBe(changesBefore);
    });
  });

  describe('REAUTH_SUCCEEDED', () => {
    async function seedWithStatuses(org: SeededOrg, connectionId: string, statuses: string[]) {
      return Promise.all(
        statuses.map(async (status) => {
          const integration = await seedIntegration(t.baseUrl, org, { connectionIds: [connectionId] });
          await setStatus(integration.id, status);
          return integration;
        }),
      );
    }

    it('restores ERROR and DISABLED to ENABLED, leaves PROCESSING and NEEDS_CONFIG, and logs one line per flip', async () => {
      const org = await seedOrg(t.baseUrl);
      const connectionId = await seedConnection(t.baseUrl, org);
      const [errored, disabled, processing, needsConfig] = await seedWithStatuses(org, connectionId, [
        'ERROR',
        'DISABLED',
        'PROCESSING',
        'NEEDS_CONFIG',
      ]);
      await events.publish(REAUTH_SUCCEEDED, { orgId: org.id, connectionId });
      expect(await statusOf(errored.id)).toBe('ENABLED');
      expect(await statusOf(disabled.id)).toBe('ENABLED');
      expect(await statusOf(processing.id)).toBe('PROCESSING');
      expect(await statusOf(needsConfig.id)).toBe('NEEDS_CONFIG');
      const messages = t.logs.messages();
      expect(messages).toContain(
        `Restoring integration ${errored.id} from ERROR to ENABLED after successful re-auth (connection=${connectionId})`,
      );
      expect(messages).toContain(
        `Restoring integration ${disabled.id} from DISABLED to ENABLED after successful re-auth (connection=${connectionId})`,
      );
      await events.publish(REAUTH_SUCCEEDED, { orgId: org.id, connectionId });
      expect(messages.filter((message) => message.includes(errored.id))).toHaveLength(1);
    });

    it('the re-auth status flip survives a failing integration repository: logged, never thrown, others still flip', async () => {
      const org = await seedOrg(t.baseUrl);
      const connectionId = await seedConnection(t.baseUrl, org);
      const [locked, free] = await seedWithStatuses(org, connectionId, ['ERROR', 'ERROR']);
      // a real database failure: another session holds the row lock past the listener's lock_timeout
      const holder = new Client({ connectionString: testState().databaseUrl });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT id FROM integrations WHERE id = $1 FOR UPDATE', [locked.id]);
        await expect(
          events.publish(REAUTH_SUCCEEDED, { orgId: org.id, connectionId }),
        ).resolves.toBeUndefined();
        expect(t.logs.text()).toContain(`could not restore integration ${locked.id}`);
        expect(await statusOf(free.id)).toBe('ENABLED');
        expect(await statusOf(locked.id)).toBe('ERROR');
      } finally {
        await holder.query('ROLLBACK');
        await holder.end();
      }
      await events.publish(REAUTH_SUCCEEDED, { orgId: org.id, connectionId });
      expect(await statusOf(locked.id)).toBe('ENABLED');
    });
  });
});
