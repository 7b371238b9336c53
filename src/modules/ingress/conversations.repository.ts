import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor } from '../../shared/pagination';
import { ConversationMappingEntity } from './conversation-mapping.entity';

const COLUMNS = `id, organization_id AS "organizationId", integration_id AS "integrationId",
  external_conversation_id AS "externalConversationId", conversation_id AS "conversationId", created_at AS "createdAt"`;

@Injectable()
export class ConversationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Insert-or-converge: concurrent first messages of one external conversation all end on the
   * conversation id of the row that won the insert. DO NOTHING waits for the winner's commit, so
   * the follow-up read sees it.
   */
  async insertOrConverge(
    orgId: string,
    integrationId: string,
    externalConversationId: string,
  ): Promise<string> {
    const inserted: Array<{ conversationId: string }> = await this.dataSource.query(
      `INSERT INTO conversation_mappings (organization_id, integration_id, external_conversation_id, conversation_id)
       VALUES ($1, $2, $3, gen_random_uuid())
       ON CONFLICT (integration_id, external_conversation_id) DO NOTHING
       RETURNING conversation_id AS "conversationId"`,
      [orgId, integrationId, externalConversationId],
    );
    if (inserted[0]) return inserted[0].conversationId;
    const existing: Array<{ conversationId: string }> = await this.dataSource.query(
      `SELECT conversation_id AS "conversationId" FROM conversation_mappings
        WHERE integration_id = $1 AND external_conversation_id = $2`,
      [integrationId, externalConversationId],
    );
    return existing[0].conversationId;
  }

  /**
   * Binds the external conversation to `conversationId` (re-binding it if it had another). A
   * `conversationId` already bound to another external conversation raises a unique violation.
   */
  async upsertMapping(
    orgId: string,
    integrationId: string,
    externalConversationId: string,
    conversationId: string,
  ): Promise<ConversationMappingEntity> {
    const rows: ConversationMappingEntity[] = await this.dataSource.query(
      `INSERT INTO conversation_mappings (organization_id, integration_id, external_conversation_id, conversation_id)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (integration_id, external_conversation_id) DO UPDATE SET conversation_id = EXCLUDED.conversation_id
       RETURNING ${COLUMNS}`,
      [orgId, integrationId, externalConversationId, conversationId],
    );
    return rows[0];
  }

  listPage(
    orgId: string,
    integrationId: string | undefined,
    limit: number,
    cursor?: string,
  ): Promise<ConversationMappingEntity[]> {
    const after = decodeCursor(cursor);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM conversation_mappings
        WHERE organization_id = $1 AND ($2::uuid IS NULL OR integration_id = $2)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT $5`,
      [orgId, integrationId ?? null, after?.createdAt ?? null, after?.id ?? null, limit + 1],
    );
  }
}
