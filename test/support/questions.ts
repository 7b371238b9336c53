import { sql } from './db';

/**
 * Pending questions for user U1 in channel C1 with the options Yes and No, stored as the create route
 * stores them but never posted to a chat (so no chat.update follows their answers).
 */
export async function seedQuestions(
  orgId: string,
  integrationId: string,
  connectionId: string,
  ids: string[],
): Promise<void> {
  await sql(
    `INSERT INTO pending_interactions (id, organization_id, integration_id, connection_id, expected_user_id,
                                       channel, question, options)
     SELECT id, $2, $3, $4, 'U1', 'C1', 'ok?', '["Yes","No"]' FROM unnest($1::text[]) AS id`,
    [ids, orgId, integrationId, connectionId],
  );
}
