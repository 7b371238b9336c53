import { ApiProperty } from '@nestjs/swagger';
import { ConversationMappingEntity } from '../conversation-mapping.entity';

export class ConversationResponseDto {
  @ApiProperty({ format: 'uuid' }) integrationId: string;
  @ApiProperty() externalConversationId: string;
  @ApiProperty({ format: 'uuid' }) conversationId: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ConversationListResponseDto {
  @ApiProperty({ type: [ConversationResponseDto] }) items: ConversationResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export function toConversationResponse(mapping: ConversationMappingEntity): ConversationResponseDto {
  return {
    integrationId: mapping.integrationId,
    externalConversationId: mapping.externalConversationId,
    conversationId: mapping.conversationId,
    createdAt: mapping.createdAt.toISOString(),
  };
}
