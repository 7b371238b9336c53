import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor } from '../../shared/pagination';
import { ConversationMappingEntity } from './conversation-mapping.entity';

const COLUMNS = `id, organization_id, integration_id, external_conversation_id, conversation_id, created_at`;

/** Every statement of this repository; `test/integration/database/repository-statements.spec.ts` prepares each. */
export const conversationStatements = {
  // DO NOTHING waits for a concurrent winner's commit, so the follow-up read sees its row
  insertIfNew: `INSERT INTO conversation_mappings (organization_id, integration_id, external_conversation_id,
                  conversation_id)
                VALUES ($1, $2, $3, gen_random_uuid())
                ON CONFLICT (integration_id, external_conversation_id) DO NOTHING
                RETURNING conversation_id`,
  findConversationId: `SELECT conversation_id FROM conversation_mappings
                        WHERE organization_id = $1 AND integration_id = $2 AND external_conversation_id = $3`,
  upsert: `INSERT INTO conversation_mappings (organization_id, integration_id, external_conversation_id, conversation_id)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (integration_id, external_conversation_id)
             DO UPDATE SET conversation_id = EXCLUDED.conversation_id
           RETURNING ${COLUMNS}`,
  listPage: `SELECT ${COLUMNS} FROM conversation_mappings
              WHERE organization_id = $1 AND ($2::uuid IS NULL OR integration_id = $2)
                AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
              ORDER BY created_at DESC, id DESC
              LIMIT $5`,
} as const;

interface ConversationMappingRow {
  id: string;
  organization_id: string;
  integration_id: string;
  external_conversation_id: string;
  conversation_id: string;
  created_at: Date;
}

function toConversationMapping(row: ConversationMappingRow): ConversationMappingEntity {
  return {
    id: row.id,
    organizationId: row.organization_id,
    integrationId: row.integration_id,
    externalConversationId: row.external_conversation_id,
    conversationId: row.conversation_id,
    createdAt: row.created_at,
  };
}

@Injectable()
export class ConversationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Insert-or-converge: concurrent first messages of one external conversation all end on the
   * conversation id of the row that won the insert.
   */
  async insertOrConverge(
    orgId: string,
    integrationId: string,
    externalConversationId: string,
  ): Promise<string> {
    const parameters = [orgId, integrationId, externalConversationId];
    const inserted: Array<{ conversation_id: string }> = await this.dataSource.query(
      conversationStatements.insertIfNew,
      parameters,
    );
    if (inserted[0]) return inserted[0].conversation_id;
    const existing: Array<{ conversation_id: string }> = await this.dataSource.query(
      conversationStatements.findConversationId,
      parameters,
    );
    return existing[0].conversation_id;
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
    const rows: ConversationMappingRow[] = await this.dataSource.query(conversationStatements.upsert, [
      orgId,
      integrationId,
      externalConversationId,
      conversationId,
    ]);
    return toConversationMapping(rows[0]);
  }

  async listPage(
    orgId: string,
    integrationId: string | undefined,
    limit: number,
    cursor?: string,
  ): Promise<ConversationMappingEntity[]> {
    const after = decodeCursor(cursor);
    const rows: ConversationMappingRow[] = await this.dataSource.query(conversationStatements.listPage, [
      orgId,
      integrationId ?? null,
      after?.createdAt ?? null,
      after?.id ?? null,
      limit + 1,
    ]);
    return rows.map(toConversationMapping);
  }
}
