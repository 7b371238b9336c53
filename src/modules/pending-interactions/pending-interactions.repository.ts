import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryPrepared, returningRows } from '../../database';
import { decodeCursor } from '../../shared/pagination';
import { SweepTarget } from '../../shared/sweep-targets';
import { InteractionKind, PendingInteractionEntity } from './pending-interaction.entity';

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

interface PendingInteractionRow {
  id: string;
  organization_id: string;
  integration_id: string;
  connection_id: string;
  expected_user_id: string;
  channel: string;
  question: string;
  options: string[];
  callback_url: string | null;
  message_channel: string | null;
  message_ts: string | null;
  answer: string | null;
  answered_by: string | null;
  created_at: Date;
  updated_at: Date;
  claimed_at: Date | null;
  kind: InteractionKind;
  expires_at: Date | null;
}

const COLUMNS = `id, organization_id, integration_id, connection_id, expected_user_id, channel, question, options,
  callback_url, message_channel, message_ts, answer, answered_by, created_at, updated_at, claimed_at, kind, expires_at`;

/** A question ends at the interactions' TTL ($ttl), an approval at its own expires_at. */
const stillOpen = (ttlParameter: string) =>
  `(CASE WHEN expires_at IS NULL THEN created_at > now() - make_interval(secs => ${ttlParameter}) ELSE expires_at > now() END)`;

/** Every statement of this repository; `test/integration/database/repository-statements.spec.ts` prepares each. */
export const pendingInteractionStatements = {
  // a retry of the same id in the same org refreshes the question and makes it claimable again; created_at
  // is never touched (retries cannot extend the TTL) and an approval of the same id is left alone
  upsertPending: `INSERT INTO pending_interactions AS p
         (id, organization_id, integration_id, connection_id, expected_user_id, channel, question, options, callback_url)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (organization_id, id) DO UPDATE SET
         integration_id = EXCLUDED.integration_id, connection_id = EXCLUDED.connection_id,
         expected_user_id = EXCLUDED.expected_user_id, channel = EXCLUDED.channel, question = EXCLUDED.question,
         options = EXCLUDED.options, callback_url = EXCLUDED.callback_url,
         claimed_at = NULL, answer = NULL, answered_by = NULL, updated_at = now()
       WHERE p.kind = 'question'
       RETURNING ${COLUMNS}`,
  insertApproval: `INSERT INTO pending_interactions
         (id, organization_id, integration_id, connection_id, expected_user_id, channel, question, options,
          kind, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'approval', now() + make_interval(secs => $9))
       RETURNING ${COLUMNS}`,
  // one-winner claim without an expiry condition: the holder runs it exactly at the timeout
  claimUnanswered: `UPDATE pending_interactions
          SET claimed_at = now(), answer = $3, answered_by = NULL, updated_at = now()
        WHERE id = $1 AND organization_id = $2 AND kind = 'approval' AND claimed_at IS NULL
        RETURNING ${COLUMNS}`,
  recordPostedMessage: `UPDATE pending_interactions SET message_channel = $3, message_ts = $4
        WHERE id = $1 AND organization_id = $2`,
  deletePending: `DELETE FROM pending_interactions
        WHERE id = $1 AND organization_id = $2 AND connection_id = $3 AND expected_user_id = $4`,
  claimPending: `UPDATE pending_interactions
          SET claimed_at = now(), answer = $5, answered_by = $4, updated_at = now()
        WHERE id = $1 AND organization_id = $2 AND connection_id = $3 AND expected_user_id = $4
          AND claimed_at IS NULL AND ${stillOpen('$6')}
          -- an approval takes only one of its own options
          AND (kind <> 'approval' OR options ? $5)
        RETURNING ${COLUMNS}`,
  // the claims of concurrent answers in one statement, in a function whose plan is pinned to a
  // primary-key lookup per answer (migration PinnedInteractionClaimsPlan); n says which input won
  claimPendingMany: `SELECT c.n, ${COLUMNS.split(',')
    .map((column) => `(c.interaction).${column.trim()}`)
    .join(', ')}
         FROM plugboard_claim_interactions($1::text[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::float8) c`,
  isClaimedInScope: `SELECT 1 FROM pending_interactions
        WHERE id = $1 AND organization_id = $2 AND connection_id = $3 AND expected_user_id = $4
          AND claimed_at IS NOT NULL AND ${stillOpen('$5')}`,
  findForOrg: `SELECT ${COLUMNS} FROM pending_interactions WHERE id = $1 AND organization_id = $2`,
  listPage: `SELECT ${COLUMNS} FROM pending_interactions
        WHERE organization_id = $1
          AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::text))
        ORDER BY created_at DESC, id DESC
        LIMIT $4`,
} as const;

/**
 * What the global sweep deletes: answered or not, a question older than the TTL ($1, bound by the module
 * from its configuration) is done with, while an approval still waiting stays until its own expiry however
 * short the TTL. Rows are picked by ctid because an id alone may name a live interaction of another org.
 */
export const pendingInteractionSweepTargets = {
  pendingInteractions: {
    name: 'pendingInteractions',
    table: 'pending_interactions',
    where: 'created_at < now() - make_interval(secs => $1) AND (expires_at IS NULL OR expires_at < now())',
    key: 'ctid',
  },
} satisfies Record<string, SweepTarget>;

function toPendingInteraction(row: PendingInteractionRow): PendingInteractionEntity {
  return {
    id: row.id,
    organizationId: row.organization_id,
    integrationId: row.integration_id,
    connectionId: row.connection_id,
    expectedUserId: row.expected_user_id,
    channel: row.channel,
    question: row.question,
    options: row.options,
    callbackUrl: row.callback_url,
    messageChannel: row.message_channel,
    messageTs: row.message_ts,
    answer: row.answer,
    answeredBy: row.answered_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    claimedAt: row.claimed_at,
    kind: row.kind,
    expiresAt: row.expires_at,
  };
}

const firstOrNull = (rows: PendingInteractionRow[]) => (rows[0] ? toPendingInteraction(rows[0]) : null);

@Injectable()
export class PendingInteractionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Insert, or on a retry of the same id in the same org refresh the question and make it claimable
   * again. created_at is never touched, so retries cannot extend the TTL. Ids are per org: another
   * org's interaction of the same id is a different row, never touched. An approval of the same id
   * is never turned into a question either: null then.
   */
  async upsertPending(row: NewInteraction): Promise<PendingInteractionEntity | null> {
    const rows: PendingInteractionRow[] = await this.dataSource.query(
      pendingInteractionStatements.upsertPending,
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
    );
    return firstOrNull(rows);
  }

  /** A new approval: its id is generated, so it never meets an existing row. */
  async insertApproval(row: NewInteraction & { timeoutSeconds: number }): Promise<PendingInteractionEntity> {
    const rows: PendingInteractionRow[] = await this.dataSource.query(
      pendingInteractionStatements.insertApproval,
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
    );
    return toPendingInteraction(rows[0]);
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
    const result: unknown = await this.dataSource.query(pendingInteractionStatements.claimUnanswered, [
      id,
      orgId,
      outcome,
    ]);
    return firstOrNull(returningRows<PendingInteractionRow>(result));
  }

  async recordPostedMessage(orgId: string, id: string, channel: string, ts: string): Promise<void> {
    await this.dataSource.query(pendingInteractionStatements.recordPostedMessage, [id, orgId, channel, ts]);
  }

  /** Hard delete after a failed post, with the full scope so it can only remove this exact question. */
  async deletePending(id: string, scope: InteractionScope): Promise<number> {
    const result = (await this.dataSource.query(pendingInteractionStatements.deletePending, [
      id,
      scope.orgId,
      scope.connectionId,
      scope.expectedUserId,
    ])) as [unknown, number];
    return result[1];
  }

  /** Exactly one caller wins: the row must be unclaimed, in scope and younger than the TTL. */
  async claimPending(
    id: string,
    scope: InteractionScope,
    answer: string,
    ttlSeconds: number,
    manager?: EntityManager,
  ): Promise<PendingInteractionEntity | null> {
    // the one statement of every answer: prepared, so PostgreSQL plans it once per connection
    const rows = await queryPrepared<PendingInteractionRow>(
      manager ?? this.dataSource,
      'pendingInteractions.claimPending',
      pendingInteractionStatements.claimPending,
      [id, scope.orgId, scope.connectionId, scope.expectedUserId, answer, ttlSeconds],
    );
    return firstOrNull(rows);
  }

  /**
   * Several answers' claims, each as claimPending would make it, in one statement; one result per
   * claim, in order (null: not claimed). Both are prepared: a single claim runs the single-row
   * statement, a batch the function whose plan stays a key lookup per answer. Given a manager, the
   * claims are part of its transaction.
   */
  async claimPendingMany(
    claims: Array<{ id: string; scope: InteractionScope; answer: string }>,
    ttlSeconds: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Array<PendingInteractionEntity | null>> {
    if (claims.length === 1) {
      const [{ id, scope, answer }] = claims;
      return [await this.claimPending(id, scope, answer, ttlSeconds, manager)];
    }
    const rows = await queryPrepared<PendingInteractionRow & { n: string }>(
      manager,
      'pendingInteractions.claimPendingMany',
      pendingInteractionStatements.claimPendingMany,
      [
        claims.map((claim) => claim.id),
        claims.map((claim) => claim.scope.orgId),
        claims.map((claim) => claim.scope.connectionId),
        claims.map((claim) => claim.scope.expectedUserId),
        claims.map((claim) => claim.answer),
        ttlSeconds,
      ],
    );
    const won = new Map(rows.map((row) => [Number(row.n), toPendingInteraction(row)]));
    return claims.map((_claim, index) => won.get(index + 1) ?? null);
  }

  /** Whether a lost claim lost to an earlier answer (409) rather than scope or expiry (404). */
  async isClaimedInScope(id: string, scope: InteractionScope, ttlSeconds: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(pendingInteractionStatements.isClaimedInScope, [
      id,
      scope.orgId,
      scope.connectionId,
      scope.expectedUserId,
      ttlSeconds,
    ]);
    return rows.length > 0;
  }

  async findForOrg(orgId: string, id: string): Promise<PendingInteractionEntity | null> {
    const rows: PendingInteractionRow[] = await this.dataSource.query(
      pendingInteractionStatements.findForOrg,
      [id, orgId],
    );
    return firstOrNull(rows);
  }

  async listPage(orgId: string, limit: number, cursor?: string): Promise<PendingInteractionEntity[]> {
    const after = decodeCursorForText(cursor);
    const rows: PendingInteractionRow[] = await this.dataSource.query(pendingInteractionStatements.listPage, [
      orgId,
      after?.createdAt ?? null,
      after?.id ?? null,
      limit + 1,
    ]);
    return rows.map(toPendingInteraction);
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
