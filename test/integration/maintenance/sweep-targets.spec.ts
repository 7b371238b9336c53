import { randomUUID } from 'node:crypto';
import { SweepService } from '../../../src/modules/maintenance';
import { startApp, TestApp } from '../../support/app';
import { closeSql, sql } from '../../support/db';
import { http } from '../../support/http';
import { createProvider } from '../../support/oauth-fixtures';
import { seedConnection, seedIntegration, seedOrg } from '../../support/seed';

/** The sweep against the real tables of every module, and the reconciliation it runs after them. */
describe('global sweep over the modules’ ephemeral tables', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ PROACTIVE_REFRESH_INTERVAL_SECONDS: '3600' });
  });
  afterAll(async () => {
    await t.close();
    await closeSql();
  });

  /** Another suite's sweep may hold the one sweep lock for a moment; this run then skips. */
  async function sweepUntilRan() {
    for (let attempt = 0; attempt < 50; attempt++) {
      const report = await t.app.get(SweepService).runSweep();
      if (report.ran) return report;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('sweep never ran');
  }

  it('deletes used and expired OAuth states and keeps live ones', async () => {
    const org = await seedOrg(t.baseUrl);
    const provider = await createProvider(t.baseUrl, org, { tokenUrl: 'http://127.0.0.1:9/token' });
    const states = [];
    for (let i = 0; i < 3; i++) {
      const authorize = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/connections/authorize`, {
        key: org.key,
        body: { provider: provider.key },
      });
      expect(authorize.status).toBe(200);
      states.push(authorize.body);
    }
    const rows = await sql<{ id: string }>(
      `SELECT id FROM oauth_states WHERE organization_id = $1 ORDER BY created_at`,
      [org.id],
    );
    await sql(`UPDATE oauth_states SET expires_at = now() - interval '1 minute' WHERE id = $1`, [rows[0].id]);
    await sql(`UPDATE oauth_states SET used_at = now() WHERE id = $1`, [rows[1].id]);
    const report = await sweepUntilRan();
    expect(report.deleted.oauthStates).toBeGreaterThanOrEqual(2);
    const left = await sql<{ id: string }>(`SELECT id FROM oauth_states WHERE organization_id = $1`, [
      org.id,
    ]);
    expect(left.map((row) => row.id)).toEqual([rows[2].id]);
  });

  it('deletes finished deliveries past retention but keeps DEAD ones and their attempt history', async () => {
    const org = await seedOrg(t.baseUrl);
    const integration = await seedIntegration(t.baseUrl, org);
    // rows are parked while their integration is not ENABLED (an ENABLED one's are redriven, not discarded)
    await sql(`UPDATE integrations SET status = 'ERROR' WHERE id = $1`, [integration.id]);
    const insert = async (status: string, age: string) => {
      const [row] = await sql<{ id: string }>(
        `INSERT INTO deliveries (organization_id, integration_id, plugin_id, instance_id, route, provider_delivery_id, payload, status, updated_at, received_at)
         VALUES ($1, $2, 'generic', $3, 'r', $4, '{}', $5, now() - $6::interval, now() - $6::interval) RETURNING id`,
        [org.id, integration.id, integration.instanceId, randomUUID(), status, age],
      );
      await sql(
        `INSERT INTO delivery_attempts (delivery_id, organization_id, kind, outcome, attempt, created_at)
         VALUES ($1, $2, 'dispatch', 'x', 1, now() - $3::interval)`,
        [row.id, org.id, age],
      );
      return row.id;
    };
    const oldDelivered = await insert('DELIVERED', '200 hours');
    const freshDelivered = await insert('DELIVERED', '1 hour');
    const oldParked = await insert('PARKED', '80 hours');
    const oldDead = await insert('DEAD', '500 hours');
    const report = await sweepUntilRan();
    expect(report.deleted.deliveries).toBeGreaterThanOrEqual(1);
    expect(report.deleted.parkedDeliveriesDiscarded).toBeGreaterThanOrEqual(1);
    const left = await sql<{ id: string; status: string }>(
      `SELECT id, status FROM deliveries WHERE organization_id = $1`,
      [org.id],
    );
    // parked past the retention is DISCARDED (visible, with a reason) and removed by a later sweep
    expect(Object.fromEntries(left.map((row) => [row.id, row.status]))).toEqual({
      [freshDelivered]: 'DELIVERED',
      [oldDead]: 'DEAD',
      [oldParked]: 'DISCARDED',
    });
    expect(left.map((row) => row.id)).not.toContain(oldDelivered);
    expect(await sql(`SELECT 1 FROM delivery_attempts WHERE delivery_id = $1`, [oldDead])).toHaveLength(1);
  });

  it('reconciles: an ENABLED integration whose connection is INVALID (event lost) becomes ERROR', async () => {
    const org = await seedOrg(t.baseUrl);
    const connectionId = await seedConnection(t.baseUrl, org);
    const integration = await seedIntegration(t.baseUrl, org, { connectionIds: [connectionId] });
    const disabled = await seedIntegration(t.baseUrl, org, { connectionIds: [connectionId] });
    await http(t.baseUrl, 'PATCH', `/v1/orgs/${org.id}/integrations/${disabled.id}`, {
      key: org.key,
      body: { status: 'DISABLED' },
    });
    // a crash between commit and publish: the connection is INVALID, no event ever reached integrations
    await sql(`UPDATE oauth_connections SET status = 'INVALID' WHERE id = $1`, [connectionId]);
    const report = await sweepUntilRan();
    expect(report.reconciled.connections).toBeGreaterThanOrEqual(1);
    const statuses = await sql<{ id: string; status: string }>(
      `SELECT id, status FROM integrations WHERE organization_id = $1`,
      [org.id],
    );
    expect(Object.fromEntries(statuses.map((row) => [row.id, row.status]))).toEqual({
      [integration.id]: 'ERROR',
      [disabled.id]: 'DISABLED',
    });
  });
});
