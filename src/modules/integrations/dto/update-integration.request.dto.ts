import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUrl, Length } from 'class-validator';
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

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  deliveryUrl?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;
}
