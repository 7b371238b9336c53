import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryPrepared, returningRows } from '../../database';
import { EventsInsertAfter, EventsInsertSql } from '../ingress';
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

/** The claim function's parameters, before those of the events' insert. */
const CLAIM_PARAMETERS = 6;
const CLAIMED_PREFIX = 'interaction_';

/**
 * The claims (a function whose plan is pinned to a primary-key lookup per answer, migration
 * PinnedInteractionClaimsPlan; n says which input won), the events of the won questions, and
 * ingress's insert of them. The interaction's columns are prefixed: the delivery's share their names.
 */
function claimWithAnswersStatement(insert: EventsInsertSql): string {
  // as JSON's toISOString() writes the claim time: it is part of the event's id
  const answeredAt = `to_char(c.claimed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const interactionColumns = COLUMNS.split(',')
    .map((column) => `c.${column.trim()} AS ${CLAIMED_PREFIX}${column.trim()}`)
    .join(', ');
  return `WITH claimed AS (
         SELECT c.n, (c.interaction).*
           FROM plugboard_claim_interactions($1::text[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::float8) c),
       events AS (
         SELECT c.n, c.organization_id, c.integration_id, 'interaction.answered'::text AS event_type,
                c.id || ':' || ${answeredAt} AS event_id,
                jsonb_build_object('interactionId', c.id, 'userId', COALESCE(c.answered_by, c.expected_user_id),
                                   'answer', COALESCE(c.answer, ''), 'answeredAt', ${answeredAt}) AS payload,
                c.callback_url AS target_url
           FROM claimed c
          WHERE c.kind <> 'approval'),
       ${insert.cte}
     SELECT c.n, ${interactionColumns}, ${insert.columns}
       FROM claimed c LEFT JOIN events e ON e.n = c.n
       ${insert.joins}`;
}

function unprefixed(row: Record<string, unknown>): PendingInteractionRow {
  const columns: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row))
    if (key.startsWith(CLAIMED_PREFIX)) columns[key.slice(CLAIMED_PREFIX.length)] = value;
  return columns as unknown as PendingInteractionRow;
}

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
  /** Built once: its text includes ingress's insert, and its prepared name stands for one text. */
  private claimWithAnswersText?: string;

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

  /**
   * Several answers' claims and the deliveries of the questions' answers they won, in one statement,
   * so that neither commits without the other. Exactly one answer wins an interaction: it must be
   * unclaimed, in its scope and open (a question younger than the TTL, an approval before its
   * expiry, answered with one of its options). Each won question's answer is stored, by the insert
   * ingress gives (`insertAfter`), as the `interaction.answered` event its agent receives, keyed by
   * the claim; an approval's answer goes to the request held for it instead. One row per claim won,
   * with the claim's index in `claims`.
   */
  async claimPendingWithAnswers(
    claims: Array<{ id: string; scope: InteractionScope; answer: string }>,
    ttlSeconds: number,
    insertAfter: EventsInsertAfter,
  ): Promise<Array<{ claimIndex: number; interaction: PendingInteractionEntity }>> {
    const insert = insertAfter(CLAIM_PARAMETERS + 1);
    this.claimWithAnswersText ??= claimWithAnswersStatement(insert.sql);
    const rows = await queryPrepared<Record<string, unknown> & { n: string }>(
      this.dataSource,
      'pendingInteractions.claimPendingWithAnswers',
      this.claimWithAnswersText,
      [
        claims.map((claim) => claim.id),
        claims.map((claim) => claim.scope.orgId),
        claims.map((claim) => claim.scope.connectionId),
        claims.map((claim) => claim.scope.expectedUserId),
        claims.map((claim) => claim.answer),
        ttlSeconds,
        ...insert.params,
      ],
    );
    return rows.map((row) =>
      Object.assign(row, {
        claimIndex: Number(row.n) - 1,
        interaction: toPendingInteraction(unprefixed(row)),
      }),
    );
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
