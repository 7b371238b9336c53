import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';

export const INTERACTION_ID = /^[A-Za-z0-9_.-]{1,128}$/;

export class CreateInteractionRequestDto {
  @ApiProperty({
    description: "The agent's id for this question; a retry with the same id keeps createdAt",
    example: 'refund-1182',
  })
  @IsString()
  @Matches(INTERACTION_ID, { message: 'id must be 1-128 characters of A-Z a-z 0-9 _ . -' })
  id: string;

  @ApiProperty({ format: 'uuid' }) @IsUUID() integrationId: string;
  @ApiProperty({ format: 'uuid', description: 'the Slack connection that posts the question' })
  @IsUUID()
  connectionId: string;
  @ApiProperty({ description: 'chat user id that may answer (Slack user id)' })
  @IsString()
  @Length(1, 64)
  expectedUserId: string;
  @ApiProperty({ description: 'chat channel id' }) @IsString() @Length(1, 128) channel: string;
  @ApiProperty() @IsString() @Length(1, 3000) question: string;

  @ApiProperty({ type: [String], minItems: 1, maxItems: 5 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  options: string[];

  @ApiPropertyOptional({
    description: "where the answer is delivered; default: the integration's deliveryUrl",
  })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  callbackUrl?: string;
}
