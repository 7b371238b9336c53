import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

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

export class PulledDeliveryHeadersDto {
  @ApiProperty({ enum: ['application/json'], name: 'content-type' }) 'content-type': 'application/json';
  @ApiProperty({ name: 'webhook-id', description: 'The delivery id' }) 'webhook-id': string;
  @ApiProperty({
    name: 'webhook-timestamp',
    example: '1767225600',
    description: 'When the pull signed it (Unix seconds)',
  })
  'webhook-timestamp': string;
  @ApiProperty({
    name: 'webhook-signature',
    example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
    description:
      'Signatures by the delivery secret (both secrets during a rotation’s overlap), space-separated',
  })
  'webhook-signature': string;
}

export class PulledDeliveryDto {
  @ApiProperty({ format: 'uuid' }) deliveryId: string;
  @ApiProperty({ format: 'uuid', description: 'Ack with this; a new lease (a redelivery) has a new id' })
  leaseId: string;
  @ApiProperty({ format: 'date-time' }) leaseExpiresAt: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Exactly what a push would POST: {type:"ingress.delivery",deliveryId,…,payload} or {type:"interaction.answered",…}',
    example: {
      type: 'ingress.delivery',
      deliveryId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      route: 'events',
      payload: {},
    },
  })
  body: Record<string, unknown>;
  @ApiProperty({
    type: PulledDeliveryHeadersDto,
    description:
      'The Standard Webhooks headers a push would carry, signed over the body serialised as compact JSON (JSON.stringify): forward both as they are and the receiver verifies with its delivery secret',
  })
  headers: PulledDeliveryHeadersDto;
}

export class PullDeliveriesResponseDto {
  @ApiProperty({
    type: [PulledDeliveryDto],
    description: 'Oldest first; empty when nothing came within waitSeconds',
  })
  items: PulledDeliveryDto[];
}

export class AckDeliveriesRequestDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'leaseId of each delivery handled' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  leaseIds: string[];
}

export class AckDeliveriesResponseDto {
  @ApiProperty({
    description: 'How many of the leases are acked (acking again changes nothing and counts again)',
  })
  acked: number;
}
