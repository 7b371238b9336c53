import { randomUUID } from 'node:crypto';
import { SweepService } from '../../../src/modules/maintenance';
import { PlaceholdersService } from '../../../src/modules/secret-proxy/placeholders.service';
import { startApp, TestApp } from '../../support/app';
import { closeSql, sql } from '../../support/db';
import { http } from '../../support/http';
import { seedOrg } from '../../support/seed';

describe('PlaceholdersService.resolvePlaceholder', () => {
  let t: TestApp;
  let placeholders: PlaceholdersService;

  beforeAll(async () => {
    t = await startApp({ LOG_LEVEL: 'info' });
    placeholders = t.app.get(PlaceholdersService, { strict: false });
  });
  afterAll(async () => {
    await t.close();
    await closeSql();
  });

  async function seedAgent(): Promise<{ orgId: string; agentId: string }> {
    const org = await seedOrg(t.baseUrl);
    const agent = await http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/agents`, {
      key: org.key,
      body: { name: 'agent' },
    });
    return { orgId: org.id, agentId: agent.body.id };
  }

  async function insertRow(orgId: string | null, agentId: string | null, connectionId = randomUUID()) {
    const id = randomUUID();
    await sql(
      `INSERT INTO proxy_placeholders (id, organization_id, agent_id, connection_id, expires_at)
       VALUES ($1, $2, $3, $4, now() + interval '1 hour')`,
      [id, orgId, agentId, connectionId],
    );
    return id;
  }

  it('resolves a mapping only for its own org and agent', async () => {
    const owner = await seedAgent();
    const stranger = await seedAgent();
    const connectionId = randomUUID();
    const id = await insertRow(owner.orgId, owner.agentId, connectionId);
    await expect(placeholders.resolvePlaceholder(id, owner)).resolves.toMatchObject({
      orgId: owner.orgId,
      agentId: owner.agentId,
      connectionId,
    });
    await expect(placeholders.resolvePlaceholder(id, stranger)).resolves.toBeNull();
    await expect(
      placeholders.resolvePlaceholder(id, { orgId: owner.orgId, agentId: stranger.agentId }),
    ).resolves.toBeNull();
  });

  it('refuses a legacy mapping with no org whenever an org is expected', async () => {
    const owner = await seedAgent();
    const id = await insertRow(null, owner.agentId);
    await expect(placeholders.resolvePlaceholder(id, owner)).resolves.toBeNull();
  });

  it('resolves a legacy mapping only without an expected org, and logs WARN when it does', async () => {
    const owner = await seedAgent();
    const connectionId = randomUUID();
    const legacy = await insertRow(null, null, connectionId);
    const scoped = await insertRow(owner.orgId, owner.agentId);
    const before = t.logs.lines.length;
    await expect(placeholders.resolvePlaceholder(legacy, undefined)).resolves.toMatchObject({
      orgId: null,
      agentId: null,
      connectionId,
    });
    await expect(placeholders.resolvePlaceholder(scoped, undefined)).resolves.toBeNull();
    const warnings = t.logs.lines
      .slice(before)
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((line) => line.level === 40);
    expect(warnings.map((line) => line.msg)).toEqual(['legacy unscoped placeholder access']);
  });

  it('sweeps expired placeholders and worker tokens and keeps live ones', async () => {
    const owner = await seedAgent();
    const expired = await insertRow(owner.orgId, owner.agentId);
    const live = await insertRow(owner.orgId, owner.agentId);
    await sql(`UPDATE proxy_placeholders SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      expired,
    ]);
    await sql(
      `INSERT INTO proxy_worker_tokens (organization_id, agent_id, token_hash, expires_at)
       VALUES ($1, $2, $3, now() - interval '1 second'), ($1, $2, $4, now() + interval '1 hour')`,
      [owner.orgId, owner.agentId, `expired-${randomUUID()}`, `live-${randomUUID()}`],
    );
    // the global sweep; another suite's sweep may hold its lock for a moment (this run then skips)
    let swept = await t.app.get(SweepService).runSweep();
    for (let attempt = 0; !swept.ran && attempt < 50; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      swept = await t.app.get(SweepService).runSweep();
    }
    expect(swept.deleted.placeholders).toBeGreaterThanOrEqual(1);
    expect(swept.deleted.workerTokens).toBeGreaterThanOrEqual(1);
    const placeholders = await sql(`SELECT id FROM proxy_placeholders WHERE id = ANY($1)`, [[expired, live]]);
    expect(placeholders.map((row) => row.id)).toEqual([live]);
    const tokens = await sql(`SELECT token_hash FROM proxy_worker_tokens WHERE agent_id = $1`, [
      owner.agentId,
    ]);
    expect(tokens.map((row) => String(row.token_hash).split('-')[0])).toEqual(['live']);
  });
});
