import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../shared/postgres-errors';
import { Page, pageSize, toPage } from '../../shared/pagination';
import { IntegrationNotFoundError, IntegrationsService } from '../integrations';
import { externalConversationKey } from './conversation-key';
import { ConversationsRepository } from './conversations.repository';
import { ConversationResponseDto, toConversationResponse } from './dto/conversation.response.dto';
import { ListConversationsQueryDto } from './dto/list-conversations.request.dto';
import { PutConversationRequestDto } from './dto/put-conversation.request.dto';
import { ConversationMappingConflict } from './ingress.errors';

@Injectable()
export class ConversationsService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly integrations: IntegrationsService,
  ) {}

  async mapConversation(orgId: string, input: PutConversationRequestDto): Promise<ConversationResponseDto> {
    if (!(await this.integrations.hasIntegration(orgId, input.integrationId)))
      throw new IntegrationNotFoundError();
    try {
      const mapping = await this.conversations.upsertMapping(
        orgId,
        input.integrationId.toLowerCase(),
        input.externalConversationId,
        input.conversationId.toLowerCase(),
      );
      return toConversationResponse(mapping);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConversationMappingConflict(input.conversationId);
      throw error;
    }
  }

  async listConversations(
    orgId: string,
    query: ListConversationsQueryDto,
  ): Promise<Page<ConversationResponseDto>> {
    const limit = pageSize(query);
    const rows = await this.conversations.listPage(
      orgId,
      query.integrationId?.toLowerCase(),
      limit,
      query.cursor,
    );
    return toPage(rows, limit, toConversationResponse);
  }

  /** The internal conversation of a delivery's payload, created on first sight; null when it names none. */
  async resolveConversation(
    orgId: string,
    integrationId: string,
    plugin: string,
    payload: unknown,
    config: Record<string, unknown>,
  ): Promise<string | null> {
    const key = externalConversationKey(plugin, payload, config);
    if (key === null) return null;
    return this.conversations.insertOrConverge(orgId, integrationId, key);
  }
}
