import { randomUUID } from 'node:crypto';
import { rowsReadBy, useScratchConnection } from '../../support/plan-probe';

/**
 * Concurrent answers are claimed in one statement, a function whose plan is pinned (migration
 * PinnedInteractionClaimsPlan): made once per connection, here on an empty table on purpose, it must
 * still find each answer's interaction by its key once the table holds 20,000 open questions.
 */
describe('the batched interaction claim planned once on an empty table', () => {
  const connection = useScratchConnection('plugboard_claim_plan', ['pending_interactions']);

  it('claims by key, one winner per interaction, without reading the open questions', async () => {
    const client = connection();
    const {
      rows: [org],
    } = await client.query<{ id: string }>(`INSERT INTO organizations (name) VALUES ('claims') RETURNING id`);
    const scope = randomUUID();
    const answer = (id: string, text: string, connectionId = scope) => ({ id, connectionId, text });
    const claim = (answers: Array<ReturnType<typeof answer>>) =>
      client.query<{ n: string; id: string; answer: string }>(
        `SELECT n, (interaction).id, (interaction).answer
           FROM plugboard_claim_interactions($1, $2, $3, $4, $5, 3600)`,
        [
          answers.map((a) => a.id),
          answers.map(() => org.id),
          answers.map((a) => a.connectionId),
          answers.map(() => 'U1'),
          answers.map((a) => a.text),
        ],
      );

    // the plan is made now, while the table is empty, and kept for the session
    expect((await claim([answer('nothing-yet', 'Yes'), answer('nothing-either', 'No')])).rows).toEqual([]);

    await client.query(
      `INSERT INTO pending_interactions (id, organization_id, integration_id, connection_id, expected_user_id,
                                         channel, question, options)
       SELECT 'q-' || g, $1, gen_random_uuid(), $2, 'U1', 'C1', 'ok?', '["Yes","No"]'
         FROM generate_series(1, 20000) g`,
      [org.id, scope],
    );

    const read = await rowsReadBy(
      client,
      'pending_interactions',
      async () =>
        (
          await claim([
            answer('q-7', 'Yes'),
            answer('q-7', 'No'), // a second answer to the same question in the same batch
            answer('q-8', 'No', randomUUID()), // another connection's scope: not claimed
            answer('q-9', 'No'),
          ])
        ).rows,
    );

    const won = read.result;
    expect(won.map((row) => row.id).sort()).toEqual(['q-7', 'q-9']);
    const q7 = won.find((row) => row.id === 'q-7');
    expect(['1', '2']).toContain(String(q7?.n));
    expect(q7?.answer).toBe(String(q7?.n) === '1' ? 'Yes' : 'No');
    expect(won.find((row) => row.id === 'q-9')?.n).toBe('4');
    // a plan that scanned would read the 20,000 questions here
    expect(read.seqRead).toBeLessThan(1_000);
    expect(read.fetched).toBeLessThan(1_000);
  });
});
