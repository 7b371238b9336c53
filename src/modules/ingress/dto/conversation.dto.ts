import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ListQueryDto } from '../../../shared/pagination';
import { ConversationMappingEntity } from '../conversation-mapping.entity';

export class PutConversationRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  integrationId: string;

  @ApiProperty({ example: 'C024BE91L:1712345678.000100' })
  @IsString()
  @Length(1, 500)
  externalConversationId: string;

  @ApiProperty({ format: 'uuid', description: 'the agent platform’s conversation id' })
  @IsUUID()
  conversationId: string;
}

export class ListConversationsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  integrationId?: string;
}

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
