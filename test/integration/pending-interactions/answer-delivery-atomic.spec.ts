import { randomUUID } from 'node:crypto';
import { startApp, TestApp } from '../../support/app';
import { closeSql, sql } from '../../support/db';
import { http } from '../../support/http';
import { seedQuestions } from '../../support/questions';
import { seedIntegration, seedOrg, SeededOrg } from '../../support/seed';
import { WebhookReceiver } from '../../support/webhook-receiver';

const CONNECTION_ID = '00000000-0000-4000-8000-00000000a70c';

/**
 * An answer's claim and its delivery are one transaction: if the delivery cannot be stored, the
 * answer is refused (503) and the interaction stays open for the next answer — never "answered" with
 * an answer the agent will not receive. The store is broken on purpose by a trigger that refuses this
 * org's `interaction.answered` rows.
 */
describe('an answer is claimed only with its delivery', () => {
  jest.setTimeout(60_000);

  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await closeSql();
  });

  async function questionsOf(count: number) {
    const org = await seedOrg(t.baseUrl);
    const path = `atomic-${randomUUID().slice(0, 8)}`;
    const integration = await seedIntegration(t.baseUrl, org, { deliveryUrl: receiver.url(path) });
    receiver.setSecret(path, integration.deliverySecret);
    const ids = Array.from({ length: count }, (_, n) => `atomic-${n}-${randomUUID().slice(0, 8)}`);
    await seedQuestions(org.id, integration.id, CONNECTION_ID, ids);
    return { org, integrationId: integration.id, path, ids };
  }

  const answer = (org: SeededOrg, id: string) =>
    http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/interactions/${id}/answer`, {
      key: org.key,
      body: { connectionId: CONNECTION_ID, userId: 'U1', answer: 'Yes' },
    });

  /** `commit`: the insert succeeds and the transaction fails at COMMIT (a deferred constraint trigger). */
  async function refuseAnswerDeliveries(
    orgId: string,
    when: 'insert' | 'commit' = 'insert',
  ): Promise<() => Promise<void>> {
    const name = `test_refuse_${randomUUID().slice(0, 8)}`;
    await sql(`CREATE FUNCTION ${name}_fn() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.organization_id = '${orgId}' AND NEW.route = 'interaction.answered' THEN
          RAISE EXCEPTION 'delivery refused by the test';
        END IF;
        RETURN NEW;
      END $$`);
    await sql(
      when === 'insert'
        ? `CREATE TRIGGER ${name}_trg BEFORE INSERT ON deliveries FOR EACH ROW EXECUTE FUNCTION ${name}_fn()`
        : `CREATE CONSTRAINT TRIGGER ${name}_trg AFTER INSERT ON deliveries DEFERRABLE INITIALLY DEFERRED
             FOR EACH ROW EXECUTE FUNCTION ${name}_fn()`,
    );
    return async () => {
      await sql(`DROP TRIGGER ${name}_trg ON deliveries`);
      await sql(`DROP FUNCTION ${name}_fn()`);
    };
  }

  const claimedCount = async (orgId: string) =>
    Number(
      (
        await sql<{ n: string }>(
          'SELECT count(*) AS n FROM pending_interactions WHERE organization_id = $1 AND claimed_at IS NOT NULL',
          [orgId],
        )
      )[0].n,
    );
  const storedCount = async (integrationId: string) =>
    Number(
      (
        await sql<{ n: string }>(
          `SELECT count(*) AS n FROM deliveries WHERE integration_id = $1 AND route = 'interaction.answered'`,
          [integrationId],
        )
      )[0].n,
    );

  /** Whether each of the integration's answer deliveries was inserted leased to a dispatch slot. */
  async function logInserts(
    integrationId: string,
  ): Promise<{ leased(): Promise<boolean[]>; drop(): Promise<void> }> {
    const table = `test_inserts_${randomUUID().slice(0, 8)}`;
    await sql(`CREATE TABLE ${table} (leased boolean)`);
    await sql(`CREATE FUNCTION ${table}_fn() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.integration_id = '${integrationId}' THEN
          INSERT INTO ${table} (leased) VALUES (NEW.lease_token IS NOT NULL);
        END IF;
        RETURN NULL;
      END $$`);
    await sql(
      `CREATE TRIGGER ${table}_trg AFTER INSERT ON deliveries FOR EACH ROW EXECUTE FUNCTION ${table}_fn()`,
    );
    return {
      leased: async () =>
        (await sql<{ leased: boolean }>(`SELECT leased FROM ${table}`)).map((row) => row.leased),
      drop: async () => {
        await sql(`DROP TRIGGER ${table}_trg ON deliveries`);
        await sql(`DROP FUNCTION ${table}_fn()`);
        await sql(`DROP TABLE ${table}`);
      },
    };
  }

  it.each(['insert', 'commit'] as const)(
    'refuses answers whose delivery fails at %s and leaves their interactions open',
    async (when) => {
      // more answers than the process has dispatch slots (32): a refused batch must give back the
      // slots it reserved, or no later answer could be leased at insert
      const { org, integrationId, path, ids } = await questionsOf(40);
      const allow = await refuseAnswerDeliveries(org.id, when);
      try {
        // together, so that several go in one batch
        const refused = await Promise.all(ids.map((id) => answer(org, id)));
        for (const response of refused) {
          expect(response.status).toBe(503);
          expect(response.body.error.code).toBe('INTERACTION.ANSWER_NOT_STORED');
          expect(response.headers.get('retry-after')).toBe('1');
        }
        expect(await claimedCount(org.id)).toBe(0);
        const view = await http(t.baseUrl, 'GET', `/v1/orgs/${org.id}/interactions/${ids[0]}`, {
          key: org.key,
        });
        expect(view.body.status).toBe('PENDING');
      } finally {
        await allow();
      }
      expect(await storedCount(integrationId)).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.forPath(path)).toHaveLength(0);

      // the humans answer again once the database takes the deliveries: each answer claimed and delivered once
      const inserts = await logInserts(integrationId);
      try {
        const accepted = await Promise.all(ids.map((id) => answer(org, id)));
        expect(accepted.map((response) => response.status)).toEqual(Array(ids.length).fill(200));
        expect((await inserts.leased()).filter(Boolean).length).toBeGreaterThan(0);
      } finally {
        await inserts.drop();
      }
      await receiver.waitFor(() => receiver.forPath(path).length >= ids.length);
      const delivered = receiver
        .forPath(path)
        .map((delivery) => (delivery.body as { interactionId: string }).interactionId);
      expect([...delivered].sort()).toEqual([...ids].sort());
      expect(await storedCount(integrationId)).toBe(ids.length);
    },
  );

  it('does not let one org’s failed store refuse another org’s answers in other batches', async () => {
    const broken = await questionsOf(1);
    const healthy = await questionsOf(1);
    const allow = await refuseAnswerDeliveries(broken.org.id);
    try {
      expect((await answer(broken.org, broken.ids[0])).status).toBe(503);
      expect((await answer(healthy.org, healthy.ids[0])).status).toBe(200);
      await receiver.waitFor(() => receiver.forPath(healthy.path).length >= 1);
      expect(await claimedCount(broken.org.id)).toBe(0);
    } finally {
      await allow();
    }
  });
});
