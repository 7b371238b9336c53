import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { decodeCursor } from '../../shared/pagination';
import { PendingInteractionEntity } from './pending-interaction.entity';

export interface InteractionScope {
  orgId: string;
  connectionId: string;
  expectedUserId: string;
}

export interface NewInteraction extends InteractionScope {
  id: string;
  integrationId: string;
  channel: string;
  question: string;
  options: string[];
  callbackUrl: string | null;
}

const COLUMNS = `id, organization_id AS "organizationId", integration_id AS "integrationId", connection_id AS "connectionId",
  expected_user_id AS "expectedUserId", channel, question, options, callback_url AS "callbackUrl",
  message_channel AS "messageChannel", message_ts AS "messageTs", answer, answered_by AS "answeredBy",
  created_at AS "createdAt", updated_at AS "updatedAt", claimed_at AS "claimedAt", kind, expires_at AS "expiresAt"`;

/** A question ends at the interactions' TTL ($ttl), an approval at its own expires_at. */
const stillOpen = (ttlParameter: string) =>
  `(CASE WHEN expires_at IS NULL THEN created_at > now() - make_interval(secs => ${ttlParameter}) ELSE expires_at > now() END)`;

@Injectable()
export class PendingInteractionsRepository {
  constructor(
    @InjectRepository(PendingInteractionEntity) private readonly rows: Repository<PendingInteractionEntity>,
  ) {}

  /**
   * Insert, or on a retry of the same id in the same org refresh the question and make it claimable
   * again. created_at is never touched, so retries cannot extend the TTL. Ids are per org: another
   * org's interaction of the same id is a different row, never touched. An approval of the same id
   * is never turned into a question either: null then.
   */
  async upsertPending(row: NewInteraction): Promise<PendingInteractionEntity | null> {
    const result = (await this.rows.query(
      `INSERT INTO pending_interactions AS p
         (id, organization_id, integration_id, connection_id, expected_user_id, channel, question, options, callback_url)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (organization_id, id) DO UPDATE SET
         integration_id = EXCLUDED.integration_id, connection_id = EXCLUDED.connection_id,
         expected_user_id = EXCLUDED.expected_user_id, channel = EXCLUDED.channel, question = EXCLUDED.question,
         options = EXCLUDED.options, callback_url = EXCLUDED.callback_url,
         claimed_at = NULL, answer = NULL, answered_by = NULL, updated_at = now()
       WHERE p.kind = 'question'
       RETURNING ${COLUMNS}`,
      [
        row.id,
        row.orgId,
        row.integrationId,
        row.connectionId,
        row.expectedUserId,
        row.channel,
        row.question,
        JSON.stringify(row.options),
        row.callbackUrl,
      ],
    )) as PendingInteractionEntity[];
    return result[0] ?? null;
  }

  /** A new approval: its id is generated, so it never meets an existing row. */
  async insertApproval(row: NewInteraction & { timeoutSeconds: number }): Promise<PendingInteractionEntity> {
    const result = (await this.rows.query(
      `INSERT INTO pending_interactions
         (id, organization_id, integration_id, connection_id, expected_user_id, channel, question, options,
          kind, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'approval', now() + make_interval(secs => $9))
       RETURNING ${COLUMNS}`,
      [
        row.id,
        row.orgId,
        row.integrationId,
        row.connectionId,
        row.expectedUserId,
        row.channel,
        row.question,
        JSON.stringify(row.options),
        row.timeoutSeconds,
      ],
    )) as PendingInteractionEntity[];
    return result[0];
  }

  /**
   * The holder of a held request ends an approval nobody answered (`timeout`, `abandoned`) with the
   * same one-winner claim a person's answer makes: only an unclaimed row changes, so whichever
   * claim committed first decides. No expiry condition: the timeout is exactly when it may run.
   */
  async claimUnanswered(
    orgId: string,
    id: string,
    outcome: string,
  ): Promise<PendingInteractionEntity | null> {
    const result = (await this.rows.query(
      `UPDATE pending_interactions
          SET claimed_at = now(), answer = $3, answered_by = NULL, updated_at = now()
        WHERE id = $1 AND organization_id = $2 AND kind = 'approval' AND claimed_at IS NULL
        RETURNING ${COLUMNS}`,
      [id, orgId, outcome],
    )) as [PendingInteractionEntity[], number];
    return result[0][0] ?? null;
  }

  async recordPostedMessage(orgId: string, id: string, channel: string, ts: string): Promise<void> {
    await this.rows.query(
      `UPDATE pending_interactions SET message_channel = $3, message_ts = $4 WHERE id = $1 AND organization_id = $2`,
      [id, orgId, channel, ts],
    );
  }

  /** Hard delete after a failed post, with the full scope so it can only remove this exact question. */
  async deletePending(id: string, scope: InteractionScope): Promise<number> {
    const result = (await this.rows.query(
      `DELETE FROM pending_interactions
        WHERE id = $1 AND organization_id = $2 AND connection_id = $3 AND expected_user_id = $4`,
      [id, scope.orgId, scope.connectionId, scope.expectedUserId],
    )) as [unknown, number];
    return result[1];
  }

  /** Exactly one caller wins: the row must be unclaimed, in scope and younger than the TTL. */
  async claimPending(
    id: string,
    scope: InteractionScope,
    answer: string,
    ttlSeconds: number,
  ): Promise<PendingInteractionEntity | null> {
    const result = (await this.rows.query(
      `UPDATE pending_interactions
          SET claimed_at = now(), answer = $5, answered_by = $4, updated_at = now()
        WHERE id = $1 AND organization_id = $2 AND connection_id = $3 AND expected_user_id = $4
          AND claimed_at IS NULL AND ${stillOpen('$6')}
        RETURNING ${COLUMNS}`,
      [id, scope.orgId, scope.connectionId, scope.expectedUserId, answer, ttlSeconds],
    )) as [PendingInteractionEntity[], number];
    return result[0][0] ?? null;
  }

  /** Whether a lost claim lost to an earlier answer (409) rather than scope or expiry (404). */
  async isClaimedInScope(id: string, scope: InteractionScope, ttlSeconds: number): Promise<boolean> {
    const rows = (await this.rows.query(
      `SELECT 1 FROM pending_interactions
        WHERE id = $1 AND organization_id = $2 AND connection_id = $3 AND expected_user_id = $4
          AND claimed_at IS NOT NULL AND ${stillOpen('$5')}`,
      [id, scope.orgId, scope.connectionId, scope.expectedUserId, ttlSeconds],
    )) as unknown[];
    return rows.length > 0;
  }

  async findForOrg(orgId: string, id: string): Promise<PendingInteractionEntity | null> {
    const rows = (await this.rows.query(
      `SELECT ${COLUMNS} FROM pending_interactions WHERE id = $1 AND organization_id = $2`,
      [id, orgId],
    )) as PendingInteractionEntity[];
    return rows[0] ?? null;
  }

  async listPage(orgId: string, limit: number, cursor?: string): Promise<PendingInteractionEntity[]> {
    const after = decodeCursorForText(cursor);
    const params: unknown[] = [orgId, limit + 1];
    let where = 'organization_id = $1';
    if (after) {
      params.push(after.createdAt, after.id);
      where += ' AND (created_at, id) < ($3, $4)';
    }
    return (await this.rows.query(
      `SELECT ${COLUMNS} FROM pending_interactions WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    )) as PendingInteractionEntity[];
  }
}

/** Interaction ids are agent-chosen text, not uuids, so the shared cursor's uuid check does not apply. */
function decodeCursorForText(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [createdAt, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(createdAt ?? '');
  const id = rest.join('|');
  if (!id || Number.isNaN(date.getTime())) return decodeCursor(cursor);
  return { createdAt: date, id };
}
