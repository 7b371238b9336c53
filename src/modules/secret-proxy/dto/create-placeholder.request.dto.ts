import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { MAX_TTL_SECONDS } from './ttl';

export class CreatePlaceholderRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  connectionId: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_TTL_SECONDS, default: 86400 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_TTL_SECONDS)
  ttlSeconds?: number;
}
