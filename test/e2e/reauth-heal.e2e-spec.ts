import { Client } from 'pg';
import { REAUTH_SUCCEEDED } from '../../src/shared/events';
import { TEST_ADMIN_KEY, TestApp } from '../support/app';
import { sql } from '../support/db';
import { http } from '../support/http';
import { useOAuthHarness } from '../support/oauth-harness';
import { OAuthServer } from '../support/oauth-server';
import { seedIntegration, seedOrg, SeededOrg } from '../support/seed';
import { testState } from '../support/test-state';

/**
 * A reconnect publishes REAUTH_SUCCEEDED after its commit, and the event's listener brings the
 * connection's ERROR and DISABLED integrations back to ENABLED. When that event is lost (the process
 * stops between the commit and the publish, or the listener fails), the connection is ACTIVE again
 * while its integrations stay in ERROR, parking their deliveries, until someone notices. The
 * connection now keeps when it was re-authorized, and the sweep restores the integrations whose
 * status is older than that, a minute after the re-auth (the listener's own work is not raced). Here
 * the listener fails for real: another session holds the integration's row past its lock timeout.
 */
describe('the sweep restores integrations a lost REAUTH_SUCCEEDED left in ERROR', () => {
  jest.setTimeout(60_000);
  const harness = useOAuthHarness({ SWEEP_INTERVAL_SECONDS: '86400' });
  const { oidcProvider, connect, refresh, eventsFor } = harness;
  let t: TestApp;
  let server: OAuthServer;
  beforeAll(() => ({ t, server } = harness.running()));

  const sweep = async () => {
    const answer = await http(t.baseUrl, 'POST', '/v1/admin/sweep', { key: TEST_ADMIN_KEY });
    expect(answer.status).toBe(200);
    expect(answer.body.ran).toBe(true);
    return answer.body.reconciled as { connections: number; integrationsRestored: number };
  };
  const statusOf = async (id: string) =>
    (await sql('SELECT status, status_reason FROM integrations WHERE id = $1', [id]))[0];
  const reauthorizedAt = async (id: string): Promise<Date | null> =>
    (await sql('SELECT reauthorized_at FROM oauth_connections WHERE id = $1', [id]))[0].reauthorized_at;
  const providerCalls = async () =>
    (await server.count('refresh_token')) + (await server.count('authorization_code'));

  /** A reconnect whose REAUTH_SUCCEEDED listener cannot move the given integrations (rows held). */
  async function reconnectWhileHeld(
    org: SeededOrg,
    providerKey: string,
    connectionId: string,
    held: string[],
  ) {
    const holder = new Client({ connectionString: testState().databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM integrations WHERE id = ANY($1::uuid[]) FOR UPDATE', [held]);
      const { callback } = await connect(org, { provider: providerKey, connectionId });
      expect(callback.body).toEqual({ connectionId, reconnected: true });
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  }

  it('restores an integration still ERROR since before the re-auth, a minute on; keeps a later DISABLED and any with an INVALID connection', async () => {
    const org = await seedOrg(t.baseUrl);
    const provider = await oidcProvider(org);
    const first = (await connect(org, { provider: provider.key })).callback.body.connectionId as string;
    const second = (await connect(org, { provider: provider.key })).callback.body.connectionId as string;
    const lost = await seedIntegration(t.baseUrl, org, { connectionIds: [first] });
    const disabledLater = await seedIntegration(t.baseUrl, org, { connectionIds: [first] });
    const invalidAgain = await seedIntegration(t.baseUrl, org, { connectionIds: [second] });
    const mixed = await seedIntegration(t.baseUrl, org, { connectionIds: [first, second] });
    // both credentials died and their integrations went to ERROR (as CREDENTIAL_INVALIDATED does)
    await sql(`UPDATE oauth_connections SET status = 'INVALID' WHERE id = ANY($1::uuid[])`, [
      [first, second],
    ]);
    await sql(
      `UPDATE integrations SET status = 'ERROR', status_reason = 'credential invalidated: invalid_grant',
              status_changed_at = now() WHERE id = ANY($1::uuid[])`,
      [[lost.id, disabledLater.id, invalidAgain.id, mixed.id]],
    );
    expect(await reauthorizedAt(first)).toBeNull();

    // both reconnect; the listener restores only what it can lock
    await reconnectWhileHeld(org, provider.key, first, [lost.id, mixed.id]);
    await reconnectWhileHeld(org, provider.key, second, [invalidAgain.id, mixed.id]);
    expect(eventsFor(first)).toEqual([REAUTH_SUCCEEDED]);
    expect(t.logs.text()).toContain(`could not restore integration ${lost.id}`);
    expect(await statusOf(lost.id)).toMatchObject({ status: 'ERROR' });
    expect(await statusOf(invalidAgain.id)).toMatchObject({ status: 'ERROR' });
    expect((await statusOf(disabledLater.id)).status).toBe('ENABLED');
    expect(await reauthorizedAt(first)).toBeInstanceOf(Date);
    // after the reconnect: the operator disables one integration, and the second credential dies again
    const patched = await http(t.baseUrl, 'PATCH', `/v1/orgs/${org.id}/integrations/${disabledLater.id}`, {
      key: org.key,
      body: { status: 'DISABLED' },
    });
    expect(patched.status).toBe(200);
    await sql(`UPDATE oauth_connections SET status = 'INVALID' WHERE id = $1`, [second]);

    // within a minute of the re-auth the sweep leaves it to the event's listener
    expect(await sweep()).toMatchObject({ integrationsRestored: 0 });
    expect((await statusOf(lost.id)).status).toBe('ERROR');

    // a minute on (every stamp moved back together, their order kept)
    await sql(
      `UPDATE oauth_connections SET reauthorized_at = reauthorized_at - interval '2 minutes' WHERE id = ANY($1::uuid[])`,
      [[first, second]],
    );
    await sql(
      `UPDATE integrations SET status_changed_at = status_changed_at - interval '2 minutes' WHERE id = ANY($1::uuid[])`,
      [[lost.id, disabledLater.id, invalidAgain.id, mixed.id]],
    );
    const calls = await providerCalls();
    expect(await sweep()).toMatchObject({ integrationsRestored: 1 });
    expect(await statusOf(lost.id)).toEqual({
      status: 'ENABLED',
      status_reason: 're-authenticated (reconciled by the sweep)',
    });
    expect((await statusOf(disabledLater.id)).status).toBe('DISABLED');
    expect((await statusOf(invalidAgain.id)).status).toBe('ERROR');
    // re-authorized on one connection, but another of its connections is INVALID
    expect((await statusOf(mixed.id)).status).toBe('ERROR');
    expect(t.logs.messages()).toContain(
      `integration ${lost.id} restored from ERROR to ENABLED by the sweep: its connection was re-authorized and the event had not restored it`,
    );
    // once: the next sweep finds nothing, and healing asked no provider anything
    expect(await sweep()).toMatchObject({ integrationsRestored: 0 });
    expect(await providerCalls()).toBe(calls);
  });

  it('stamps a refresh that brings an INVALID connection back, not one of an ACTIVE connection', async () => {
    const org = await seedOrg(t.baseUrl);
    const provider = await oidcProvider(org);
    const id = (await connect(org, { provider: provider.key })).callback.body.connectionId as string;
    expect((await refresh(org, id)).body).toMatchObject({ ok: true });
    expect(await reauthorizedAt(id)).toBeNull();
    // INVALID without a block (its terminal-failure cache ran out): the next refresh succeeds again
    await sql(`UPDATE oauth_connections SET status = 'INVALID', refresh_blocked_until = NULL WHERE id = $1`, [
      id,
    ]);
    expect((await refresh(org, id)).body).toMatchObject({ ok: true });
    expect(eventsFor(id)).toEqual([REAUTH_SUCCEEDED]);
    expect(await reauthorizedAt(id)).toBeInstanceOf(Date);
  });
});
