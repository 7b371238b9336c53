import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
} from 'class-validator';
import { USER_SETTABLE_STATUSES, UserSettableStatus } from '../integration-status.rules';

export class UpdateIntegrationRequestDto {
  @ApiPropertyOptional({ enum: USER_SETTABLE_STATUSES, description: 'ENABLED is accepted from any status' })
  @IsOptional()
  @IsIn(USER_SETTABLE_STATUSES)
  status?: UserSettableStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ description: 'push mode only' })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  deliveryUrl?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'pull mode only: the agents whose worker tokens may pull (replaces the list)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  pullAgentIds?: string[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;
}
