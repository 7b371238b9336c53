import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DeliveriesService } from '../../../src/modules/ingress';
import { PendingInteractionsRepository } from '../../../src/modules/pending-interactions/pending-interactions.repository';
import { ANSWER_BATCHES_IN_FLIGHT } from '../../../src/modules/pending-interactions/pending-interactions.service';
import { startApp, TestApp } from '../../support/app';
import { closeSql, sql } from '../../support/db';
import { http } from '../../support/http';
import { seedQuestions as seedQuestionsOf } from '../../support/questions';
import { seedIntegration, seedOrg, SeededOrg } from '../../support/seed';
import { testState } from '../../support/test-state';
import { waitUntil } from '../../support/wait-until';
import { countRowsPerStatement, waitForLockWaits } from '../../support/statement-log';
import { WebhookReceiver } from '../../support/webhook-receiver';

const CONNECTION_ID = '00000000-0000-4000-8000-00000000c0de';

/**
 * Answers that arrive while a claim is in flight are claimed together by one statement, and their
 * deliveries stored together by one insert, without changing who wins: exactly one answer per
 * interaction, an approval only by one of its options, each answer delivered once. Statements are
 * counted by statement-level triggers that see each statement's rows.
 */
describe('interaction answers claimed in batches', () => {
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

  async function orgWithIntegration(): Promise<{ org: SeededOrg; integrationId: string; path: string }> {
    const org = await seedOrg(t.baseUrl);
    const path = `answers-${randomUUID().slice(0, 8)}`;
    const integration = await seedIntegration(t.baseUrl, org, { deliveryUrl: receiver.url(path) });
    receiver.setSecret(path, integration.deliverySecret);
    return { org, integrationId: integration.id, path };
  }

  const seedQuestions = (orgId: string, integrationId: string, ids: string[]) =>
    seedQuestionsOf(orgId, integrationId, CONNECTION_ID, ids);

  const answer = (org: SeededOrg, id: string, body: Record<string, unknown> = {}) =>
    http(t.baseUrl, 'POST', `/v1/orgs/${org.id}/interactions/${id}/answer`, {
      key: org.key,
      body: { connectionId: CONNECTION_ID, userId: 'U1', answer: 'Yes', ...body },
    });

  it('claims a burst of answers, and stores their deliveries, with fewer statements than answers', async () => {
    const { org, integrationId, path } = await orgWithIntegration();
    const ids = Array.from({ length: 40 }, (_, n) => `burst-${n}-${randomUUID().slice(0, 8)}`);
    await seedQuestions(org.id, integrationId, ids);
    const claims = await countRowsPerStatement(
      'UPDATE',
      'pending_interactions',
      `new_rows n JOIN old_rows o ON o.organization_id = n.organization_id AND o.id = n.id
        WHERE n.organization_id = '${org.id}' AND o.claimed_at IS NULL AND n.claimed_at IS NOT NULL`,
    );
    const inserts = await countRowsPerStatement(
      'INSERT',
      'deliveries',
      `new_rows WHERE integration_id = '${integrationId}' AND route = 'interaction.answered'`,
    );
    // the first claims, one per statement the group commit keeps in flight, wait on row locks, so
    // the answers sent next are sure to queue behind them (with a slot free, a claim of one answer
    // is quick enough that answers arriving one by one may never queue)
    const blocked = ids.slice(0, ANSWER_BATCHES_IN_FLIGHT);
    const locker = new Client({ connectionString: testState().databaseUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(
        'SELECT 1 FROM pending_interactions WHERE organization_id = $1 AND id = ANY($2) FOR UPDATE',
        [org.id, blocked],
      );
      const first: Array<ReturnType<typeof answer>> = [];
      for (const id of blocked) {
        // one at a time: each takes a free slot as a batch of its own
        first.push(answer(org, id));
        await waitForLockWaits('plugboard_claim_interactions', first.length);
      }
      const rest = ids.slice(blocked.length).map((id) => answer(org, id));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await locker.query('ROLLBACK');
      const answers = await Promise.all([...first, ...rest]);
      expect(answers.map((r) => r.status)).toEqual(Array(40).fill(200));

      const claimStatements = await claims.perStatement();
      expect(claimStatements.reduce((sum, n) => sum + n, 0)).toBe(40);
      expect(claimStatements.length).toBeLessThan(40);
      const insertStatements = await inserts.perStatement();
      expect(insertStatements.reduce((sum, n) => sum + n, 0)).toBe(40);
      expect(insertStatements.length).toBeLessThan(40);

      // every answer delivered, once
      await receiver.waitFor(() => receiver.forPath(path).length >= 40);
      const answered = receiver
        .forPath(path)
        .map((delivery) => (delivery.body as { interactionId: string }).interactionId);
      expect([...answered].sort()).toEqual([...ids].sort());
    } finally {
      await locker.end();
      await claims.drop();
      await inserts.drop();
    }
  });

  it('claims an answer and stores its delivery in one statement (no BEGIN and COMMIT around two)', async () => {
    const { org, integrationId, path } = await orgWithIntegration();
    const id = `one-statement-${randomUUID().slice(0, 8)}`;
    await seedQuestions(org.id, integrationId, [id]);
    // each statement that claims or stores this org's rows logs when its statement began, and in
    // which transaction: two statements of one transaction share the transaction, not the time
    const log = `test_times_${randomUUID().slice(0, 8)}`;
    await sql(`CREATE TABLE ${log} (tbl text, started timestamptz, tx bigint)`);
    await sql(`CREATE FUNCTION ${log}_fn() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ${log} SELECT TG_TABLE_NAME, statement_timestamp(), txid_current()
          FROM new_rows WHERE organization_id = '${org.id}' LIMIT 1;
        RETURN NULL;
      END $$`);
    for (const [table, event] of [
      ['pending_interactions', 'UPDATE'],
      ['deliveries', 'INSERT'],
    ])
      await sql(`CREATE TRIGGER ${log}_${event.toLowerCase()} AFTER ${event} ON ${table}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${log}_fn()`);
    try {
      expect((await answer(org, id)).status).toBe(200);
      const rows = await sql<{ tbl: string; started: Date; tx: string }>(
        `SELECT tbl, started, tx FROM ${log} ORDER BY tbl`,
      );
      expect(rows.map((row) => row.tbl)).toEqual(['deliveries', 'pending_interactions']);
      expect(rows[0].tx).toBe(rows[1].tx);
      expect(rows[0].started.getTime()).toBe(rows[1].started.getTime());
      await receiver.waitFor(() => receiver.forPath(path).length >= 1);
      expect(
        receiver.forPath(path).map((delivery) => (delivery.body as { interactionId: string }).interactionId),
      ).toEqual([id]);
    } finally {
      await sql(`DROP TRIGGER ${log}_update ON pending_interactions`);
      await sql(`DROP TRIGGER ${log}_insert ON deliveries`);
      await sql(`DROP FUNCTION ${log}_fn()`);
      await sql(`DROP TABLE ${log}`);
    }
  });

  it('lets exactly one of several simultaneous answers win each interaction', async () => {
    const { org, integrationId, path } = await orgWithIntegration();
    const ids = Array.from({ length: 10 }, (_, n) => `race-${n}-${randomUUID().slice(0, 8)}`);
    await seedQuestions(org.id, integrationId, ids);
    const attempts = ids.flatMap((id) => ['first', 'second', 'third'].map((text) => ({ id, text })));
    const answers = await Promise.all(attempts.map(({ id, text }) => answer(org, id, { answer: text })));

    for (const id of ids) {
      const mine = attempts.flatMap((attempt, n) =>
        attempt.id === id ? [{ ...attempt, r: answers[n] }] : [],
      );
      expect(mine.map(({ r }) => r.status).sort()).toEqual([200, 409, 409]);
      const winner = mine.find(({ r }) => r.status === 200)!;
      const [row] = await sql<{ answer: string }>(
        'SELECT answer FROM pending_interactions WHERE organization_id = $1 AND id = $2',
        [org.id, id],
      );
      expect(row.answer).toBe(winner.text);
    }
    // one delivery per interaction, carrying the winning answer
    await receiver.waitFor(() => receiver.forPath(path).length >= ids.length);
    const delivered = await waitUntil(
      () =>
        sql<{ n: string }>(
          `SELECT count(*) AS n FROM deliveries WHERE integration_id = $1 AND route = 'interaction.answered'`,
          [integrationId],
        ),
      (rows) => Number(rows[0].n) === ids.length,
    );
    expect(Number(delivered[0].n)).toBe(ids.length);
    expect(receiver.forPath(path)).toHaveLength(ids.length);
  });

  it('claims each answer of one batch statement by its own scope, answer and expiry', async () => {
    const { org, integrationId } = await orgWithIntegration();
    const other = await orgWithIntegration();
    const [question, twice, approval, refusedApproval, otherUser, expired] = [
      'question',
      'twice',
      'approval',
      'refused-approval',
      'other-user',
      'expired',
    ].map((name) => `${name}-${randomUUID().slice(0, 8)}`);
    await seedQuestions(org.id, integrationId, [question, twice, otherUser, expired]);
    await seedQuestions(other.org.id, other.integrationId, [question]);
    await sql(`UPDATE pending_interactions SET created_at = now() - interval '30 days' WHERE id = $1`, [
      expired,
    ]);
    await sql(
      `INSERT INTO pending_interactions (id, organization_id, integration_id, connection_id, expected_user_id,
                                         channel, question, options, kind, expires_at)
       SELECT id, $2, $3, $4, 'U1', 'C1', 'POST /chat.postMessage?', '["Approve","Deny"]', 'approval',
              now() + interval '1 hour'
         FROM unnest($1::text[]) AS id`,
      [[approval, refusedApproval], org.id, integrationId, CONNECTION_ID],
    );
    const scope = { orgId: org.id, connectionId: CONNECTION_ID, expectedUserId: 'U1' };
    const repository = t.app.get(PendingInteractionsRepository);
    const claims = [
      { id: question, scope, answer: 'Yes' },
      { id: twice, scope, answer: 'Yes' },
      { id: twice, scope, answer: 'No' },
      { id: approval, scope, answer: 'Approve' },
      { id: refusedApproval, scope, answer: 'Maybe' },
      { id: otherUser, scope: { ...scope, expectedUserId: 'U2' }, answer: 'Yes' },
      { id: expired, scope, answer: 'Yes' },
      { id: `missing-${randomUUID().slice(0, 8)}`, scope, answer: 'Yes' },
    ];
    const won = await t.app
      .get(DeliveriesService)
      .storeEventsSelectedBy(claims.length, (insertAfter) =>
        repository.claimPendingWithAnswers(claims, t.config.interactions.ttlSeconds, insertAfter),
      );
    const results = claims.map(
      (_claim, index) => won.find(({ row }) => row.claimIndex === index)?.row.interaction ?? null,
    );

    expect(results[0]).toMatchObject({
      id: question,
      organizationId: org.id,
      answer: 'Yes',
      answeredBy: 'U1',
    });
    expect(results[3]).toMatchObject({ id: approval, answer: 'Approve' });
    // refused: an approval's unknown answer, another user, past the TTL, no such interaction
    expect(results.slice(4)).toEqual([null, null, null, null]);
    // exactly one of the two answers to `twice` won, and the row holds that one
    const winners = [results[1], results[2]].filter((result) => result !== null);
    expect(winners).toHaveLength(1);
    const [row] = await sql<{ answer: string }>(
      'SELECT answer FROM pending_interactions WHERE organization_id = $1 AND id = $2',
      [org.id, twice],
    );
    expect(row.answer).toBe(winners[0]!.answer);
    // the other org's interaction of the same id is untouched
    const [untouched] = await sql<{ claimed_at: Date | null }>(
      'SELECT claimed_at FROM pending_interactions WHERE organization_id = $1 AND id = $2',
      [other.org.id, question],
    );
    expect(untouched.claimed_at).toBeNull();
    const unclaimed = await sql<{ id: string }>(
      'SELECT id FROM pending_interactions WHERE organization_id = $1 AND claimed_at IS NULL ORDER BY id',
      [org.id],
    );
    expect(unclaimed.map((r) => r.id)).toEqual([expired, otherUser, refusedApproval].sort());
    // the same statement stored the won questions' answers, and nothing for the approval
    const stored = await sql<{ id: string; payload: { interactionId: string; answer: string } }>(
      `SELECT id, payload FROM deliveries WHERE integration_id = $1 AND route = 'interaction.answered'`,
      [integrationId],
    );
    expect(stored.map((row) => row.payload.interactionId).sort()).toEqual([question, twice].sort());
    const deliveryOf = new Map(won.map(({ row, deliveryId }) => [row.interaction.id, deliveryId]));
    for (const row of stored) expect(deliveryOf.get(row.payload.interactionId)).toBe(row.id);
    expect(deliveryOf.get(approval)).toBeNull();
  });
});
