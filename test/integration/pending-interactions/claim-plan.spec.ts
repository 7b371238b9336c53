import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createScratchDatabase, ScratchDatabase } from '../../support/scratch-database';

/**
 * Concurrent answers are claimed in one statement, a function whose plan is pinned (migration
 * PinnedInteractionClaimsPlan): made once per connection, here on an empty table on purpose, it must
 * still find each answer's interaction by its key once the table holds 20,000 open questions.
 */
describe('the batched interaction claim planned once on an empty table', () => {
  let database: ScratchDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createScratchDatabase('plugboard_claim_plan');
    client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query('ALTER TABLE pending_interactions SET (autovacuum_enabled = false)');
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  const claim = (answers: Array<{ id: string; org: string; connection: string; answer: string }>) =>
    client.query<{ n: string; id: string; answer: string }>(
      `SELECT n, (interaction).id, (interaction).answer
         FROM plugboard_claim_interactions($1, $2, $3, $4, $5, 3600)`,
      [
        answers.map((a) => a.id),
        answers.map((a) => a.org),
        answers.map((a) => a.connection),
        answers.map(() => 'U1'),
        answers.map((a) => a.answer),
      ],
    );

  it('claims by key, one winner per interaction, without reading the open questions', async () => {
    const {
      rows: [org],
    } = await client.query<{ id: string }>(`INSERT INTO organizations (name) VALUES ('claims') RETURNING id`);
    const connection = randomUUID();
    const answer = (id: string, text: string, scope = connection) => ({
      id,
      org: org.id,
      connection: scope,
      answer: text,
    });

    // the plan is made now, while the table is empty, and kept for the session
    expect((await claim([answer('nothing-yet', 'Yes'), answer('nothing-either', 'No')])).rows).toEqual([]);

    await client.query(
      `INSERT INTO pending_interactions (id, organization_id, integration_id, connection_id, expected_user_id,
                                         channel, question, options)
       SELECT 'q-' || g, $1, gen_random_uuid(), $2, 'U1', 'C1', 'ok?', '["Yes","No"]'
         FROM generate_series(1, 20000) g`,
      [org.id, connection],
    );

    await client.query('BEGIN');
    const { rows: won } = await claim([
      answer('q-7', 'Yes'),
      answer('q-7', 'No'), // a second answer to the same question in the same batch
      answer('q-8', 'No', randomUUID()), // another connection's scope: not claimed
      answer('q-9', 'No'),
    ]);
    const {
      rows: [read],
    } = await client.query<{ seq: string; fetched: string }>(
      `SELECT seq_tup_read AS seq, idx_tup_fetch AS fetched
         FROM pg_stat_xact_user_tables WHERE relname = 'pending_interactions'`,
    );
    await client.query('COMMIT');

    expect(won.map((row) => row.id).sort()).toEqual(['q-7', 'q-9']);
    const q7 = won.find((row) => row.id === 'q-7');
    expect(['1', '2']).toContain(String(q7?.n));
    expect(q7?.answer).toBe(String(q7?.n) === '1' ? 'Yes' : 'No');
    expect(won.find((row) => row.id === 'q-9')?.n).toBe('4');
    // a plan that scanned would read the 20,000 questions here
    expect(Number(read.seq)).toBeLessThan(1_000);
    expect(Number(read.fetched)).toBeLessThan(1_000);
  });
});
