import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const PULL_DEFAULTS = { max: 10, waitSeconds: 0, leaseSeconds: 60 } as const;

export class PullDeliveriesRequestDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 100,
    default: PULL_DEFAULTS.max,
    description: 'At most this many deliveries',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  max?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 30,
    default: PULL_DEFAULTS.waitSeconds,
    description: 'Long poll: with nothing to pull, wait up to this long for the first delivery',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(30)
  waitSeconds?: number;

  @ApiPropertyOptional({
    minimum: 5,
    maximum: 600,
    default: PULL_DEFAULTS.leaseSeconds,
    description: 'Ack within this long, or the delivery becomes pullable again (same deliveryId)',
  })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(600)
  leaseSeconds?: number;
}
