import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startApp, TestApp } from '../../support/app';
import { closeSql, sql } from '../../support/db';
import { http, HttpResult } from '../../support/http';
import { SeededIntegration, seedIntegration, seedOrg } from '../../support/seed';
import { TcpProxy } from '../../support/tcp-proxy';
import { testState } from '../../support/test-state';
import { waitUntil } from '../../support/wait-until';
import { waitForLockWaits } from '../../support/statement-log';

/**
 * Group commit: requests that arrive while inserts are in flight are stored by one multi-row insert.
 * These tests hold the first inserts on a table lock so that the requests sent next are sure to
 * share the following batch, then break that batch.
 */
describe('ingress group commit', () => {
  jest.setTimeout(60_000);

  const ingressPath = (integration: SeededIntegration, route = 'events') =>
    `/ingress/${integration.plugin}/${integration.instanceId}/${route}`;

  async function storedRows(integrationId: string): Promise<Array<{ id: string; route: string }>> {
    return sql(`SELECT id, route FROM deliveries WHERE integration_id = $1`, [integrationId]);
  }

  /** Holds every insert into deliveries until release(); the first two requests then wait in flight. */
  async function holdInserts(): Promise<{ release(): Promise<void> }> {
    const locker = new Client({ connectionString: testState().databaseUrl });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE deliveries IN EXCLUSIVE MODE');
    return {
      release: async () => {
        await locker.query('ROLLBACK');
        await locker.end();
      },
    };
  }

  /** Waits until `count` inserts are blocked on the lock (the two the group commit lets through). */
  async function waitForBlockedInserts(count: number): Promise<void> {
    expect(await waitForLockWaits('INSERT INTO deliveries', count)).toBeGreaterThanOrEqual(count);
  }

  describe('on the shared test database', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startApp();
    });
    afterAll(async () => {
      await t.close();
      await closeSql();
    });

    it('answers 503 to every request of a batch PostgreSQL refuses, stores none of it, and takes them all on retry', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await seedIntegration(t.baseUrl, org);
      const poison = `poison-${randomUUID().slice(0, 8)}`;
      // a constraint broken on purpose by one route: one refused row fails its whole batch
      const constraint = `test_group_commit_${randomUUID().slice(0, 8).replace(/-/g, '')}`;
      await sql(`ALTER TABLE deliveries ADD CONSTRAINT ${constraint} CHECK (route <> '${poison}') NOT VALID`);
      try {
        const held = await holdInserts();
        const first = [1, 2].map((n) =>
          http(t.baseUrl, 'POST', ingressPath(integration), { body: { first: n } }),
        );
        await waitForBlockedInserts(2);
        const batch: Array<Promise<HttpResult>> = [
          ...[1, 2, 3].map((n) => http(t.baseUrl, 'POST', ingressPath(integration), { body: { batch: n } })),
          http(t.baseUrl, 'POST', ingressPath(integration, poison), { body: { batch: 'poison' } }),
        ];
        await new Promise((resolve) => setTimeout(resolve, 200));
        await held.release();
        expect((await Promise.all(first)).map((answer) => answer.status)).toEqual([202, 202]);
        const answers = await Promise.all(batch);
        expect(answers.map((answer) => answer.status)).toEqual([503, 503, 503, 503]);
        for (const answer of answers) expect(answer.body.error.code).toBe('INGRESS.NOT_STORED');
        expect((await storedRows(integration.id)).length).toBe(2);

        // the provider retries: the good ones are stored now, once each
        for (const n of [1, 2, 3]) {
          const retried = await http(t.baseUrl, 'POST', ingressPath(integration), { body: { batch: n } });
          expect(retried.status).toBe(202);
        }
        const rows = await storedRows(integration.id);
        expect(rows.length).toBe(5);
        expect(rows.some((row) => row.route === poison)).toBe(false);
      } finally {
        await sql(`ALTER TABLE deliveries DROP CONSTRAINT ${constraint}`);
      }
    });

    it('answers one 202 and one 200 duplicate:true, with the same id, for two copies in one batch', async () => {
      const org = await seedOrg(t.baseUrl);
      const integration = await seedIntegration(t.baseUrl, org);
      const held = await holdInserts();
      const first = [1, 2].map((n) =>
        http(t.baseUrl, 'POST', ingressPath(integration), { body: { first: n } }),
      );
      await waitForBlockedInserts(2);
      const copies = [0, 1].map(() =>
        http(t.baseUrl, 'POST', ingressPath(integration), {
          body: { same: true },
          headers: { 'idempotency-key': 'one-delivery' },
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      await held.release();
      await Promise.all(first);
      const answers = await Promise.all(copies);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 202]);
      expect(answers.map((answer) => answer.body.duplicate).sort()).toEqual([false, true]);
      expect(answers[0].body.deliveryId).toBe(answers[1].body.deliveryId);
      expect((await storedRows(integration.id)).length).toBe(3);
    });
  });

  it('answers 503 to every request in flight or waiting when the database connection is cut, and stores none twice', async () => {
    const server = new URL(testState().databaseUrl);
    const tcp = await TcpProxy.start(server.hostname, Number(server.port || 5432));
    const proxied = new URL(server.toString());
    proxied.host = `127.0.0.1:${tcp.port}`;
    const t = await startApp({ DATABASE_URL: proxied.toString() });
    try {
      const org = await seedOrg(t.baseUrl);
      const integration = await seedIntegration(t.baseUrl, org);
      expect((await http(t.baseUrl, 'POST', ingressPath(integration), { body: { warm: 1 } })).status).toBe(
        202,
      );
      const held = await holdInserts();
      const requests = [1, 2, 3, 4, 5, 6].map((n) =>
        http(t.baseUrl, 'POST', ingressPath(integration), { body: { cut: n } }),
      );
      await waitForBlockedInserts(2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      tcp.cut();
      await held.release();
      const answers = await Promise.all(requests);
      expect(answers.map((answer) => answer.status)).toEqual([503, 503, 503, 503, 503, 503]);
      // An insert already waiting in the server may still commit after its client is gone (stored,
      // answered 503): the provider's retry then finds it. What may never happen is a 2xx for
      // something not stored, or a delivery stored twice.
      tcp.restore();
      for (const n of [1, 2, 3, 4, 5, 6]) {
        const retried = await waitUntil(
          () => http(t.baseUrl, 'POST', ingressPath(integration), { body: { cut: n } }),
          (answer) => answer.status !== 503,
          { timeoutMs: 15_000 },
        );
        expect([200, 202]).toContain(retried.status);
      }
      expect((await storedRows(integration.id)).length).toBe(7);
    } finally {
      await t.close().catch(() => undefined);
      await tcp.close();
      await closeSql();
    }
  });
});
