import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_TTL_SECONDS } from './ttl';

export class CreateWorkerTokenRequestDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_TTL_SECONDS, default: 7200 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_TTL_SECONDS)
  ttlSeconds?: number;
}
