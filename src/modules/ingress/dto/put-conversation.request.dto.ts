import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';

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
